"""The film's content in the server's language, through the real bot: a trivia game in a French
server asks the French text of a question the data translates, and the English one with a French
note where it does not; /cast and /quote show the translations next to the original."""

from __future__ import annotations

import discord

from tests.support.trivia_driver import Trivia
from tests.support.world import World

NOT_YET_FRENCH = "Pas encore traduit en français : affiché en anglais."


async def _server_speaks(world: World, code: str) -> None:
    changed = await world.mod.slash(world.general, "settings language", language=code)
    assert changed.ephemeral


def _posted_with(world: World, text: str) -> discord.Embed:
    """The latest embed in #general whose description shows ``text``."""
    for message in reversed(world.general.history()):
        for embed in message.embeds:
            if text in (embed.description or ""):
                return embed
    raise AssertionError(f"nothing in #general shows {text!r}")


async def test_a_french_server_is_asked_the_french_question_and_told_the_french_answer(
    world: World, trivia: Trivia
) -> None:
    await _server_speaks(world, "fr")
    pool = {q.id: q for q in trivia.content_pool}
    await trivia.ask_only([pool["trivia-020"]])
    await trivia.start(questions=1, spoilers="exclude")
    asked = _posted_with(world, "Selon la productrice Erica Lee")
    shown = asked.description or ""
    for option in ("Un jour", "Une semaine", "Un mois", "Trois mois"):
        assert option in shown
    assert "One day" not in shown and "According to" not in shown
    assert NOT_YET_FRENCH not in (asked.footer.text or "")

    await trivia.close()
    told = _posted_with(world, "C'était sa dernière apparition à l'écran : il est mort en 2023.")
    assert "Un jour" in (told.description or "")


async def test_a_question_the_data_does_not_translate_is_asked_in_english_with_a_french_note(
    world: World, trivia: Trivia
) -> None:
    await _server_speaks(world, "fr")
    pool = {q.id: q for q in trivia.content_pool}
    await trivia.ask_only([pool["trivia-002"]])
    await trivia.start(questions=1, spoilers="exclude")
    asked = _posted_with(world, "Who directed Ballerina?")
    assert "Len Wiseman" in (asked.description or "")
    assert (asked.footer.text or "").endswith(NOT_YET_FRENCH)

    await trivia.close()
    told = _posted_with(world, "John Wick is John Wick.")  # the quote in the reveal, verbatim
    assert (told.footer.text or "").endswith(NOT_YET_FRENCH)


async def test_cast_shows_the_french_description_in_a_french_server_and_the_members_in_private(
    world: World,
) -> None:
    await _server_speaks(world, "fr")
    public = await world.member.slash(world.general, "cast", name="ana de armas")
    assert not public.ephemeral
    embed = public.response.embeds[0]
    assert "Une jeune ballerine et tueuse formée par les Ruska Roma" in (embed.description or "")
    assert NOT_YET_FRENCH not in (embed.footer.text or "")
    # A private reply is in the member's own language (their client is in English here).
    private = await world.member.slash(world.general, "cast", name="ana de armas", private=True)
    assert private.ephemeral
    assert "A young Ruska Roma-trained ballerina" in (private.response.embeds[0].description or "")


async def test_crew_note_without_a_translation_says_so_in_french(world: World) -> None:
    await _server_speaks(world, "fr")
    embed = (await world.member.slash(world.general, "crew", name="Chad Stahelski")).response.embeds[0]
    assert "Director of John Wick 1-4" in (embed.description or "")  # the English note
    assert (embed.footer.text or "").endswith(NOT_YET_FRENCH)


async def test_a_film_line_stays_verbatim_with_its_translation_beside_it(world: World) -> None:
    await _server_speaks(world, "de")
    embed = (await world.member.slash(world.general, "quote", search="Do you like to dance")).response.embeds[
        0
    ]
    text = embed.description or ""
    line, translation = text.index("“Do you like to dance?”"), text.index("*Übersetzung:* „Tanzt du gern?“")
    assert line < translation  # the line itself first, verbatim; its translation beside it, marked
