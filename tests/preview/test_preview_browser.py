"""The preview in a real browser: ``ballerina-bot preview`` in a subprocess, Debian's Chromium
driven headless by Playwright, a person's steps typed and clicked.

It runs where /usr/bin/chromium and the playwright package are installed, and is skipped with
the reason otherwise, except in CI (CI set), where a skip would hide a broken preview: there
it fails. Playwright never downloads a browser here; the machine's own Chromium is used.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.domain.content import Content
from tests.support.environment import needs
from tests.support.preview_process import free_port, running_preview

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# The network is closed: nothing that phones home, no GPU, no sandbox (CI runs as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def browser_missing() -> str | None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append('the playwright package (pip install -e ".[dev]")')
    return " and ".join(missing) or None


@pytest.fixture
def shots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "preview-screenshots"
    folder.mkdir()
    with capsys.disabled():
        print(f"\npreview screenshots: {folder}")
    return folder


@pytest.fixture
def page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """The preview's page in headless Chromium, as the person who ran the command opens it."""
    missing = browser_missing()
    if missing:
        needs(missing)
    from playwright.sync_api import sync_playwright

    with running_preview(tmp_path / "preview.sqlite3", free_port()) as running, sync_playwright() as driver:
        with capsys.disabled():
            print(f"\npreview URL answered {running.started_in:.2f} s after the command started")
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.set_default_timeout(TIMEOUT_MS)
            tab.goto(running.url)
            yield tab
        finally:
            browser.close()
        code, _, err = running.stop()
        assert code == 0, err


def run_command(page: Any, command: str, option: str | None = None, value: str | None = None) -> None:
    """Type a slash command in the message box as a person does: pick the command, then its
    option, type the value, take the bot's autocomplete suggestion, send."""
    composer = page.locator("#channel-composer-input")
    composer.click()
    composer.type(f"/{command}")
    page.get_by_role("option", name=re.compile(rf"^\/{command}\b")).wait_for()  # "/" escaped for JS
    page.keyboard.press("Enter")
    if option is None:
        page.locator("#send-message").click()
        return
    page.locator(f'#command-suggestion-listbox [data-value="{option}"]').wait_for()
    page.keyboard.press("Enter")
    page.keyboard.type(value or "")
    # The bot's autocomplete answers ("options matching winston"); take its first suggestion.
    page.locator(".command-popup-heading", has_text=re.compile(f"matching {value}", re.IGNORECASE)).wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")


def test_a_person_looks_up_winston_and_plays_trivia_in_the_browser(
    page: Any, shots: Path, content: Content
) -> None:
    from playwright.sync_api import expect

    page.get_by_text("Welcome to the ballerina-bot preview.", exact=True).wait_for()
    page.screenshot(path=shots / "1-guide.png")

    # /cast winston: the answer comes, its spoiler tagged: hidden until clicked.
    winston = next(m for m in content.cast if "winston" in m.character.lower())
    assert winston.spoiler_note is not None
    secret = winston.spoiler_note.text[:40]
    run_command(page, "cast", "name", "winston")
    answer = page.locator("article.channel-message", has=page.locator(".embed-title", has_text=winston.actor))
    expect(answer).to_be_visible()
    spoiler = answer.locator(".embed-field .markdown-spoiler")
    expect(spoiler).to_have_count(1)
    assert secret in spoiler.text_content(), "the field is not the spoiler note"
    assert secret not in answer.inner_text(), "the spoiler can be read without clicking it"
    page.screenshot(path=shots / "2-cast-winston.png")

    # /trivia start, then a click on an answer: the reply is Ana's alone.
    run_command(page, "trivia start")
    question = page.locator(
        "article.channel-message",
        has=page.locator(".embed-title", has_text=re.compile(r"^Question 1 of \d+$")),
    )
    expect(question).to_be_visible()
    question.get_by_role("button", name="A", exact=True).click()
    locked = page.locator("article.channel-message", has_text="Locked in: A")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("Only you can see this")
    page.screenshot(path=shots / "3-trivia-answered.png")

    # Clicking the spoiler reveals it (after the screenshots: they may be shown to anyone).
    spoiler.click()
    assert secret in answer.inner_text(), "clicking the spoiler does not reveal it"

    # Ben, another member, sees every message but Ana's private reply.
    messages = page.locator("article.channel-message")
    as_ana = messages.count()
    page.select_option("#viewer-picker", label="Ben")
    expect(messages).to_have_count(as_ana - 1)
    expect(question).to_be_visible()
    expect(locked).to_have_count(0)
    page.screenshot(path=shots / "4-trivia-as-ben.png")
