"""Lookups, /help and their refusals in the members' and the server's languages.

A private reply speaks the member's Discord language; a public one, the server's; a refusal is
always private, so it speaks the member's even when the command was answering the channel.
"""

from __future__ import annotations

from tests.support.locales import Locales
from tests.support.world import World, button_labels


async def test_a_french_members_private_cast_reply_is_in_french(world: World, locales: Locales) -> None:
    locales.member(world.member, "fr")
    result = await world.member.slash(world.general, "cast", name="baba yaga", private=True)
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Keanu Reeves dans le rôle de John Wick"
    assert (embed.footer.text or "").startswith(("Source : ", "Sources : "))
    assert button_labels(result.response) == ["Sources", "Signaler une erreur"]
    # The same lookup answered to the (English) channel reads in English.
    public = await world.member.slash(world.general, "cast", name="baba yaga")
    assert not public.ephemeral and public.response.embeds[0].title == "Keanu Reeves as John Wick"
    assert button_labels(public.response) == ["Sources", "Report a mistake"]


async def test_a_public_quote_in_a_german_server_is_in_german(world: World, locales: Locales) -> None:
    locales.server("de")  # the member's client stays in English
    public = await world.member.slash(world.general, "quote")
    assert not public.ephemeral
    embed = public.response.embeds[0]
    assert (embed.footer.text or "").startswith(("Quelle: ", "Quellen: "))
    assert button_labels(public.response) == ["Quellen", "Fehler melden"]
    # The member's own private reply stays in their language.
    private = await world.member.slash(world.general, "quote", private=True)
    assert (private.response.embeds[0].footer.text or "").startswith("Source")
    assert button_labels(private.response) == ["Sources", "Report a mistake"]


async def test_a_refusal_is_in_the_members_language_even_for_a_public_command(
    world: World, locales: Locales
) -> None:
    locales.server("de")
    locales.member(world.member, "fr")
    refused = await world.member.slash(world.general, "cast", name="zzqx")  # public by default
    assert refused.ephemeral
    assert refused.response.content.startswith("Personne dans la distribution ne correspond à 'zzqx'.")
    locales.member(world.other, "es-419")
    quote = await world.other.slash(world.general, "quote", search="zzqx qqzz")
    assert quote.response.content == "Ninguna cita coincide con 'zzqx qqzz'. Prueba con menos palabras."


async def test_sources_and_the_report_form_follow_whoever_clicks(world: World, locales: Locales) -> None:
    locales.server("de")
    locales.member(world.other, "it")
    answer = (await world.member.slash(world.general, "cast", name="winston")).response  # German, public
    sources = await world.other.click(answer, label="Quellen")
    assert sources.ephemeral and sources.response.embeds[0].title == "Fonti"
    form = await world.other.click(answer, label="Fehler melden")
    assert form.modal is not None and form.modal["title"] == "Segnala un errore"
    sent = await world.other.submit_modal(form, {"text": "The runtime is 125 minutes."})
    assert sent.ephemeral and sent.response.content.startswith("Grazie: la segnalazione #")


async def test_a_report_reaches_the_moderators_in_the_servers_language(
    world: World, locales: Locales
) -> None:
    reports = world.guild.create_text_channel("mod-reports")
    await world.mod.slash(world.general, "settings reports", channel=reports)
    locales.server("pt-BR")
    locales.member(world.member, "fr")
    answer = (await world.member.slash(world.general, "cast", name="baba yaga", private=True)).response
    form = await world.member.click(answer, label="Signaler une erreur")
    sent = await world.member.submit_modal(form, {"text": "Wrong year."})
    assert sent.response.content.endswith("est parvenu aux modérateurs de ce serveur.")
    posted = reports.last_message
    assert posted is not None and posted.embeds
    assert (posted.embeds[0].title or "").startswith("Denúncia #")
    assert posted.embeds[0].fields[0].name == "Sobre"


async def test_help_is_in_the_members_language(world: World, locales: Locales) -> None:
    locales.member(world.member, "es-419")
    embed = (await world.member.slash(world.general, "help")).response.embeds[0]
    assert embed.title == "Comandos de ballerina-bot"
    names = [field.name for field in embed.fields]
    assert names[0] == "La película" and "Sobre el bot" in names
    assert "`/cast`" in embed.fields[0].value  # command names are Discord's, not the reply's
    english = (await world.other.slash(world.general, "help")).response.embeds[0]
    assert english.title == "ballerina-bot commands" and english.fields[0].name == "The film"


async def test_film_pages_are_kept_per_language(world: World, locales: Locales) -> None:
    english = (await world.member.slash(world.general, "film", private=True)).response
    locales.member(world.member, "de")
    german = (await world.member.slash(world.general, "film", private=True)).response
    assert (english.embeds[0].footer.text or "").startswith("Page 1 of ")
    assert (german.embeds[0].footer.text or "").startswith("Seite 1 von ")
