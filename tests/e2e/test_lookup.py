"""/cast, /crew, /quote and /film through the real command tree."""

from __future__ import annotations

from tests.support.world import World


def embed_text(embed) -> str:  # type: ignore[no-untyped-def]
    data = embed.to_dict()
    parts = [data.get("title", ""), data.get("description", ""), data.get("footer", {}).get("text", "")]
    parts += [f"{f['name']} {f['value']}" for f in data.get("fields", [])]
    return "\n".join(parts)


async def test_cast_by_nickname_with_source_footer(world: World) -> None:
    result = await world.member.slash(world.general, "cast", name="baba yaga")
    assert not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Keanu Reeves as John Wick"
    assert embed.footer.text.startswith("Source")


async def test_cast_spoiler_note_is_tagged_by_default(world: World) -> None:
    embed = (await world.member.slash(world.general, "cast", name="winston")).response.embeds[0]
    spoiler = next(f for f in embed.fields if f.name.startswith("Spoiler"))
    assert spoiler.value.startswith("||") and spoiler.value.endswith("||")
    assert "known her since she was a child" not in embed.title + (embed.description or "")


async def test_private_flag_answers_ephemerally(world: World) -> None:
    result = await world.member.slash(world.general, "cast", name="winston", private=True)
    assert result.ephemeral


async def test_cast_without_name_lists_everyone(world: World) -> None:
    result = await world.member.slash(world.general, "cast")
    listed = result.response.embeds[0].description
    for member in world.bot.content.cast:
        assert member.actor in listed


async def test_crew_list_pages_with_buttons_for_the_caller_only(world: World) -> None:
    result = await world.member.slash(world.general, "crew")
    message = result.response
    first_page = message.embeds[0].description
    buttons = message.components[0]["components"]
    assert [b["label"] for b in buttons] == ["◀", "1 / 2", "▶"]
    refused = await world.other.click(message, label="▶")
    assert refused.ephemeral and "belong" in refused.response.content
    turned = await world.member.click(message, label="▶")
    second_page = turned.response.embeds[0].description
    assert second_page != first_page
    names = {m.name for m in world.bot.content.crew}
    assert names <= {n for n in names if n in first_page + second_page}


async def test_crew_by_job_lists_everyone_with_that_job(world: World) -> None:
    embed = (await world.member.slash(world.general, "crew", name="editor")).response.embeds[0]
    text = embed_text(embed)
    for name in ("Nicholas Lundgren", "Jason Ballantine", "Julian Clarke"):
        assert name in text


async def test_no_match_is_ephemeral_with_suggestions_and_escaped(world: World) -> None:
    result = await world.member.slash(world.general, "cast", name="zzqx @everyone ||x||")
    assert result.ephemeral
    content = result.response.content
    assert content.startswith("No cast member matches")
    assert "@everyone" not in content
    assert "||x||" not in content


async def test_no_match_suggests_close_names(world: World) -> None:
    result = await world.member.slash(world.general, "crew", name="Wisemon Lenny zzz")
    text = result.response.content if result.response.content else embed_text(result.response.embeds[0])
    assert "Wiseman" in text


async def test_cast_autocomplete_is_spoiler_free_and_bounded(world: World) -> None:
    everyone = await world.member.autocomplete(world.general, "cast", "name", "")
    assert 0 < len(everyone) <= 25
    assert all(len(c["name"]) <= 100 for c in everyone)
    winston = await world.member.autocomplete(world.general, "cast", "name", "winst")
    assert winston[0]["value"] == "cast-ian-mcshane"
    chosen = await world.member.slash(world.general, "cast", name=winston[0]["value"])
    assert chosen.response.embeds[0].title == "Ian McShane as Winston Scott"
    # Keystroke by keystroke: the first letters of a name already find it.
    gab = await world.member.autocomplete(world.general, "cast", "name", "gab")
    assert [c["value"] for c in gab] == ["cast-gabriel-byrne"]
    wis = await world.member.autocomplete(world.general, "crew", "name", "wis")
    assert wis[0]["value"] == "crew-len-wiseman"


async def test_quote_search_speaker_and_random(world: World) -> None:
    found = await world.member.slash(world.general, "quote", search="fierce and powerful")
    assert "fierce and powerful" in found.response.embeds[0].description
    by_speaker = await world.member.slash(world.general, "quote", speaker="Keanu Reeves")
    assert by_speaker.response.embeds[0].title.startswith("Keanu Reeves")
    random_one = await world.member.slash(world.general, "quote")
    assert random_one.response.embeds[0].description.startswith(("“", "||", "**Who"))
    nobody = await world.member.slash(world.general, "quote", speaker="Nobody Atall Zzz")
    assert nobody.ephemeral


async def test_unverified_quote_is_attributed_to_the_article(world: World) -> None:
    embed = (await world.member.slash(world.general, "quote", search="pretty cool")).response.embeds[0]
    assert embed.footer.text.startswith("As quoted in")


async def test_profanity_masked_by_default_and_shown_when_allowed(world: World) -> None:
    masked = (await world.member.slash(world.general, "quote", search="pretty cool")).response.embeds[0]
    assert "f******" in masked.description and "fucking" not in masked.description
    changed = await world.mod.slash(world.general, "settings profanity", allowed=True)
    assert changed.ephemeral and "on" in changed.response.content
    shown = (await world.member.slash(world.general, "quote", search="pretty cool")).response.embeds[0]
    assert "fucking" in shown.description


async def test_quote_autocomplete_masks_profanity(world: World) -> None:
    choices = await world.member.autocomplete(world.general, "quote", "search", "layered experience")
    profane = [c["name"] for c in choices if c["name"].startswith("It gives fans a layered experience")]
    assert profane, "the (spoiler-free, profane) quote is offered"
    assert "shit" not in profane[0] and "Oh s*" in profane[0]  # masked (and cut at 100 characters)
    spoiler = await world.member.autocomplete(world.general, "quote", "search", "pretty cool")
    assert all("pretty" not in c["name"] for c in spoiler), "a spoiler quote is never offered"


async def test_quote_autocomplete_finds_words_as_they_stand_in_a_quote(world: World) -> None:
    # The start of a phrase from the middle of a quote, keystroke by keystroke.
    for typed in ("pow", "fierce and pow", "Fierce And Powerful"):  # "pow": a fuzzy search found none
        choices = await world.member.autocomplete(world.general, "quote", "search", typed)
        assert choices and "fierce and powerful" in choices[0]["name"], typed
    chosen = await world.member.slash(world.general, "quote", search=choices[0]["value"])
    assert "fierce and powerful" in chosen.response.embeds[0].description
    # With a speaker chosen, only that speaker's quotes.
    hers = await world.member.autocomplete(world.general, "quote", "search", "pow", speaker="Anjelica Huston")
    assert hers and "fierce and powerful" in hers[0]["name"]
    his = await world.member.autocomplete(world.general, "quote", "search", "pow", speaker="Keanu Reeves")
    assert all("fierce and powerful" not in c["name"] for c in his)


async def test_film_pages_fit_discord_limits(world: World) -> None:
    result = await world.member.slash(world.general, "film")
    embed = result.response.embeds[0]
    assert embed.title == world.bot.content.film.marketing_title
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert all(len(f.value) <= 1024 for f in embed.fields)
    assert "Lionsgate" in embed_text(embed) or result.response.components


async def test_who_plays_the_director_in_crew_answers_with_the_cast(world: World) -> None:
    embed = (await world.member.slash(world.general, "crew", name="who plays the director")).response.embeds[
        0
    ]
    assert embed.title == "Anjelica Huston as The Director"
    director = (await world.member.slash(world.general, "crew", name="director")).response.embeds[0]
    assert director.title == "Len Wiseman"


async def test_a_crew_member_asked_in_cast_gets_their_credit(world: World) -> None:
    result = await world.member.slash(world.general, "cast", name="Len Wiseman")
    embed = result.response.embeds[0]
    assert embed.title == "Len Wiseman"
    assert "Not in the cast" in embed.description


async def test_speaker_autocomplete_finds_people_by_their_characters(world: World) -> None:
    choices = await world.member.autocomplete(world.general, "quote", "speaker", "win")
    pairs = [(c["name"], c["value"]) if isinstance(c, dict) else (c.name, c.value) for c in choices]
    assert ("Ian McShane (Winston Scott)", "Ian McShane") in pairs
    winston = await world.member.autocomplete(world.general, "quote", "speaker", "Winston")
    values = [c["value"] if isinstance(c, dict) else c.value for c in winston]
    assert values[0] == "Ian McShane" and "Anjelica Huston" not in values
    picked = await world.member.slash(world.general, "quote", speaker=values[0])
    assert picked.response.embeds[0].title.startswith("Ian McShane")
