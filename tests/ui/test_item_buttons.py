"""The Sources and Report buttons' custom ids: every content item can have its buttons."""

from __future__ import annotations

import re

import pytest

from bot.domain.content import Content
from bot.domain.items import KINDS, ContentItems
from bot.domain.question_families import generate_questions
from bot.ui.item_buttons import ITEM_BUTTON_TYPES

CUSTOM_ID_MAX = 100  # Discord's limit on a component's custom_id


def every_item(content: Content) -> ContentItems:
    return ContentItems(content, (*content.trivia, *generate_questions(content)))


def test_the_content_has_an_item_of_every_kind(content: Content) -> None:
    """So the test below covers every kind the domain names (and no kind is left unnamed)."""
    assert {item.kind for item in every_item(content).all()} == set(KINDS)


@pytest.mark.parametrize("button", ITEM_BUTTON_TYPES, ids=lambda button: button.action)
def test_every_content_item_has_a_button_that_routes_back_to_it(content: Content, button: type) -> None:
    template = re.compile(button.__discord_ui_compiled_template__.pattern)
    for item in every_item(content).all():
        custom_id = f"item:{button.action}:{item.kind}:{item.id}"
        match = template.fullmatch(custom_id)
        assert match is not None, f"{custom_id} would not reach its button"
        assert (match["kind"], match["id"]) == (item.kind, item.id)
        assert len(custom_id) <= CUSTOM_ID_MAX, custom_id


def test_an_unknown_kind_is_not_routed() -> None:
    for button in ITEM_BUTTON_TYPES:
        assert button.__discord_ui_compiled_template__.fullmatch(f"item:{button.action}:venue:x") is None
