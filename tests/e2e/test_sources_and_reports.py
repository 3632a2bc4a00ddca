"""The Sources and "Report a mistake" buttons under answers, /report, and the moderators' reports channel."""

from __future__ import annotations

import discord
import pytest
import simcord

from bot.domain.sources import source_rows
from bot.domain.spoilers import DEFAULT_RULES, Audience, Redactor
from tests.support.db_queries import rows_of
from tests.support.locales import Locales
from tests.support.spoiler_scan import untagged
from tests.support.world import World, button_labels

# Winston's sources include a headline that gives the plot away (major) and another (minor).
SPOILER_TITLE = "Ballerina: Ian McShane on Raising Two Generations of Assassins"
REPORT = "The Continental is in New York, not <@&1> **Prague** ||oops"


async def sources_of(actor: simcord.MemberActor, message: discord.Message) -> discord.Embed:
    result = await actor.click(message, label="Sources")
    assert result.ephemeral and result.response is not None
    return result.response.embeds[0]


async def test_a_lookup_lists_its_sources_by_publisher_with_spoiler_titles_tagged(world: World) -> None:
    answer = (await world.member.slash(world.general, "cast", name="winston")).response
    assert button_labels(answer) == ["Sources", "Report a mistake"]
    embed = await sources_of(world.other, answer)  # anyone may click, not only who asked
    text = embed.description or ""
    cast = next(m for m in world.bot.content.cast if m.id == "cast-ian-mcshane")
    expected = source_rows(world.bot.content, cast.sources, Redactor(DEFAULT_RULES, Audience(ephemeral=True)))
    assert [row.publisher for row in expected] and all(f"**{row.publisher}**" in text for row in expected)
    assert SPOILER_TITLE in text and SPOILER_TITLE not in untagged(text), (
        "a spoiler headline must stay tagged"
    )
    assert embed.title == "Sources" and SPOILER_TITLE not in (embed.footer.text or "")
    # A member who has seen the film reads the same list plainly (a private reply).
    await world.other.slash(world.general, "seen", seen="yes")
    assert SPOILER_TITLE in untagged((await sources_of(world.other, answer)).description or "")


async def test_a_copy_is_a_link_read_at_never_a_named_source(world: World) -> None:
    answer = (await world.member.slash(world.general, "cast", name="ana de armas")).response
    text = (await sources_of(world.member, answer)).description or ""
    copy = world.bot.content.sources["filmibee_collider"]
    assert copy.url_is_a_copy and f"[read at]({copy.url})" in text
    host = copy.url.split("/")[2]
    assert host not in text.replace(copy.url, ""), "a copy's host is only ever inside its link"


async def test_film_pages_have_sources_that_anyone_can_open(world: World) -> None:
    answer = (await world.member.slash(world.general, "film")).response
    labels = button_labels(answer)
    assert labels[:1] == ["◀"] and labels[-2:] == ["Sources", "Report a mistake"]
    embed = await sources_of(world.other, answer)  # paging is the asker's; sources are everyone's
    assert "Wikipedia" in (embed.description or "")
    assert len(embed.description or "") <= 4096


async def test_a_report_reaches_the_moderators_channel_tagged_and_without_pings(world: World) -> None:
    reports = world.guild.create_text_channel("mod-reports")
    with pytest.raises(simcord.SetupError, match="default-member-permissions"):  # Manage Server only
        await world.member.slash(world.general, "settings reports", channel=reports)
    set_up = await world.mod.slash(world.general, "settings reports", channel=reports)
    assert set_up.ephemeral and f"<#{reports.id}>" in set_up.response.content
    assert "will appear here" in (reports.last_message.content if reports.last_message else "")

    answer = (await world.member.slash(world.general, "cast", name="winston")).response
    form = await world.member.click(answer, label="Report a mistake")
    assert form.modal is not None
    sent = await world.member.submit_modal(form, {"text": REPORT})
    assert sent.ephemeral and "reached this server's moderators" in sent.response.content

    posted = reports.last_message
    assert posted is not None and posted.embeds
    embed = posted.embeds[0]
    assert embed.description is not None and f"<@{world.member.id}>" in embed.description
    assert "Prague" not in untagged(embed.description), "the member's words stay inside spoiler tags"
    about = embed.fields[0].value or ""
    assert "cast-ian-mcshane" in about and "Ian McShane as Winston Scott" in about
    stored = await rows_of(world.db, "content_reports", "guild_id = ?", (world.guild.id,))
    [(_, _, user_id, kind, item_id, text, _)] = stored
    assert (user_id, kind, item_id, text) == (world.member.id, "cast", "cast-ian-mcshane", REPORT)
    [post] = [r for r in world.env.http_requests if r.path == f"/channels/{reports.id}/messages"][-1:]
    assert post.json["allowed_mentions"] == {"parse": []}


async def test_without_a_reports_channel_a_report_is_kept_for_the_operator(world: World) -> None:
    started = await world.member.slash(world.general, "report")
    assert started.modal is not None
    sent = await world.member.submit_modal(started, {"text": "The runtime is 125 minutes, not 124."})
    assert (
        "saved for the bot's operator" in sent.response.content
        and "/settings reports" in sent.response.content
    )
    [(_, _, _, kind, item_id, _, _)] = await rows_of(world.db, "content_reports", "1 = 1", ())
    assert (kind, item_id) == ("other", "")


@pytest.mark.parametrize("text", ["   ", "\n\n\t"])  # Discord itself refuses "" and over 1000 characters
async def test_a_blank_report_is_refused_and_nothing_is_kept(world: World, text: str) -> None:
    started = await world.member.slash(world.general, "report")
    sent = await world.member.submit_modal(started, {"text": text})
    assert sent.ephemeral and sent.response.content.startswith("Nothing was sent.")
    assert await rows_of(world.db, "content_reports", "1 = 1", ()) == set()


async def test_report_about_offers_only_spoiler_free_items(world: World) -> None:
    choices = await world.member.autocomplete(world.general, "report", "about", "winston")
    values = [c["value"] if isinstance(c, dict) else c.value for c in choices]
    assert "cast:cast-ian-mcshane" in values and all(not v.startswith("trivia:") for v in values)
    spoiler_items = {(i.kind, i.id) for i in world.bot.services.items.all() if i.level.value != "none"}
    assert not {tuple(v.split(":", 1)) for v in values} & spoiler_items
    refused = await world.member.slash(world.general, "report", about="cast:not-an-item")
    assert refused.ephemeral and "Pick what the report is about" in refused.response.content


async def test_a_trivia_reveal_offers_sources_for_film_questions_only(world: World, trivia) -> None:  # type: ignore[no-untyped-def]
    await trivia.start(questions=1, source="curated", spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.right, shown)
    await trivia.close()
    reveal = world.general.history()[-2]  # the reveal, then the end of the game
    assert button_labels(reveal) == ["Sources", "Report a mistake"]
    assert (await sources_of(world.other, reveal)).description


async def test_a_spoiler_item_is_tagged_in_the_reports_channel_unless_spoilers_show_there(
    world: World,
) -> None:
    quote = next(q for q in world.bot.content.quotes if q.id == "quote-press-21")  # Lena and Eve
    assert quote.spoiler.value == "major"
    reports = world.guild.create_text_channel("mod-reports")
    await world.mod.slash(world.general, "settings reports", channel=reports)
    for spoilers_shown_there in (False, True):
        if spoilers_shown_there:
            await world.mod.slash(world.general, "spoilers channel", channel=reports, allowed=True)
        answer = (await world.member.slash(world.spoiler_channel, "quote", search=quote.id)).response
        form = await world.member.click(answer, label="Report a mistake")
        await world.member.submit_modal(form, {"text": "Wrong speaker"})
        about = (reports.last_message.embeds[0].fields[0].value or "") if reports.last_message else ""
        label = f"{quote.speaker}: “{quote.text[:20]}"
        assert label in about
        assert (label in untagged(about)) is spoilers_shown_there


async def test_the_reports_channel_is_told_in_the_servers_language_the_moderator_in_theirs(
    world: World, locales: Locales
) -> None:
    reports = world.guild.create_text_channel("mod-reports")
    locales.member(world.mod, "fr")
    locales.server("de")
    set_up = await world.mod.slash(world.general, "settings reports", channel=reports)
    assert set_up.ephemeral
    assert set_up.response.content == f"**Salon des signalements** : aucun → <#{reports.id}>"
    notice = reports.last_message.content if reports.last_message else ""
    assert notice == (
        "Hier erscheinen die Meldungen der Mitglieder zu Fehlern in den Fakten des Bots (/report)."
    )
    # The server's own choice wins over its Discord language.
    await world.mod.slash(world.general, "settings language", language="it")
    await world.mod.slash(world.general, "settings reports", channel=reports)  # unchanged: posted again
    notice = reports.last_message.content if reports.last_message else ""
    assert notice.startswith("Qui compariranno le segnalazioni dei membri")
