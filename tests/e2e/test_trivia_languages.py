"""A game speaks the server's language in the channel and each member's own in private.

The server's language is its ``/settings language``, else its Discord language (the interactions'
``guild_locale``); a member's is their client's (``locale``). Public posts (the start, questions,
buttons, reveals, the end, notices) follow the server; replies only the clicker sees (Locked in,
refusals, the typed-answer form) follow the member.
"""

from __future__ import annotations

from typing import Any

from bot.config import Config
from tests.support.locales import speaking
from tests.support.trivia_driver import Trivia
from tests.support.world import SimClock, World, restart


def labels(payload: Any) -> list[str]:
    """Every text input label in a raw modal payload."""
    if isinstance(payload, dict):
        found = [payload["label"]] if payload.get("type") == 4 and "label" in payload else []
        return found + [label for value in payload.values() for label in labels(value)]
    if isinstance(payload, list):
        return [label for value in payload for label in labels(value)]
    return []


async def test_a_german_server_plays_in_german_while_a_french_member_hears_french(
    world: World, trivia: Trivia
) -> None:
    """Changing the presenter's ``use_language(...)`` to the member's language, or dropping the
    cog's switch back to the member for refusals, makes this fail."""
    french, english = world.member, world.other
    await world.mod.slash(world.general, "settings language", language="de")
    with speaking(world, {french: "fr"}):
        started = await trivia.start(french, questions=2, spoilers="exclude")
        assert not started.ephemeral
        intro = started.response.embeds[0]
        assert intro.title == "Ballerina-Quiz"
        assert f"<@{french.id}> hat ein Spiel mit **2 Fragen** gestartet" in intro.description
        assert "Schwierigkeit: **gemischt**, Modus: **Auswahl**" in intro.description
        assert "Du hast **20 Sekunden** pro Frage" in intro.description

        shown = trivia.question()
        embed = shown.message.embeds[0]
        assert embed.title == "Frage 1 von 2"
        assert embed.footer.text.startswith("Klicke auf einen Buchstaben · Schwierigkeit: ")
        assert "Endet <t:" in shown.description
        assert [b.label for b in shown.message.components[0].children] == ["A", "B", "C", "D"]

        # Private replies: each member's own language.
        assert await trivia.click(french, shown.right) == f"Réponse enregistrée : {shown.right}"
        assert await trivia.click(english, shown.wrong) == f"Locked in: {shown.wrong}"
        again = await trivia.click(french, shown.wrong)
        assert again == "Tu as déjà enregistré une réponse à cette question."
        # A refusal of a public command (the game is running) is private: French, not German.
        second = await trivia.start(french)
        assert second.ephemeral
        assert second.response.content.startswith("Une partie est déjà en cours dans ce salon : https://")

        await trivia.close()
        reveal = trivia.last_embed()
        assert reveal.title == "Frage 1 von 2: die Antwort"
        assert reveal.description.startswith(f"Die Antwort war **{shown.right}.** ")
        right, missed = reveal.fields[0], reveal.fields[1]
        assert (right.name, right.value) == ("Richtig beantwortet (1 von 2)", f"<@{french.id}> +150")
        assert missed.name == "Diesmal nicht (1)"
        assert missed.value.startswith(f"<@{english.id}> — die Antwort war **{shown.right}.** ")
        assert " · nächste Frage in ein paar Sekunden" in reveal.footer.text

        stopped = await french.slash(world.general, "trivia stop")
        assert stopped.ephemeral and stopped.response.content == "Arrêt de la partie ; le classement suit."
        await trivia.next()
        end = trivia.last_embed()
        assert end.title == "Quiz gestoppt"
        assert f"<@{french.id}> hat das Spiel nach 1 Frage beendet." in end.description
        assert f"<@{french.id}> — **150** Punkte (1/1 richtig)" in end.description


async def test_without_a_setting_the_servers_discord_language_is_used(world: World, trivia: Trivia) -> None:
    """No ``/settings language``: the server's Discord language (guild_locale) speaks in public."""
    with speaking(world, {world.member: "es-419"}, guild="fr"):
        started = await trivia.start(questions=1, spoilers="exclude", mode="typed")
        assert started.response.embeds[0].title == "Quiz Ballerina"
        shown = trivia.question()
        assert shown.message.embeds[0].title == "Question 1 sur 1"
        assert [b.label for b in shown.message.components[0].children] == ["Répondre"]
        # The form is the member's alone: Latin-American Spanish, whatever the server speaks.
        form = await world.member.click(shown.message, label="Répondre")
        assert form.modal is not None
        assert form.modal["title"] == "Pregunta 1: tu respuesta"
        assert labels(form.modal) == ["Tu respuesta"]
        typed = await world.member.submit_modal(form, {"response": "Keanu Reeves"})
        assert typed.response.content == "Respuesta registrada."


async def test_the_servers_setting_wins_over_its_discord_language(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "settings language", language="it")
    with speaking(world, guild="de"):
        started = await trivia.start(questions=1, spoilers="exclude")
        assert started.response.embeds[0].title == "Quiz di Ballerina"
        assert trivia.question().message.embeds[0].title == "Domanda 1 di 1"
        await trivia.close()
        reveal, end = trivia.recent_embeds(2)
        assert reveal.title == "Domanda 1 di 1: la risposta"
        assert end.title == "Quiz finito: classifica finale"
        assert end.description.startswith("1 domanda giocata.")


async def test_an_interrupted_games_notice_is_in_the_servers_language(
    world: World, trivia: Trivia, config: Config, sim_clock: SimClock
) -> None:
    """After a crash the bot has seen no interaction yet: the server's setting decides."""
    await world.mod.slash(world.general, "settings language", language="pt_BR")
    await trivia.start(questions=3, spoilers="exclude")
    await restart(world, config, world.bot.content, sim_clock)
    assert world.general.last_message.content == (
        "A partida do quiz neste canal foi interrompida quando o bot reiniciou. "
        "As pontuações até aqui foram mantidas."
    )


async def test_shutting_down_says_so_in_the_servers_language(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "settings language", language="es_ES")
    await trivia.start(questions=3, spoilers="exclude")
    await world.bot.unload_extension("cogs.trivia")
    assert world.general.last_message.content == (
        "El bot se está apagando, así que esta partida de trivia termina aquí. "
        "Las puntuaciones hasta ahora se conservan."
    )


async def test_scores_are_public_in_the_servers_language_and_stats_private_in_the_members(
    world: World, trivia: Trivia
) -> None:
    await world.mod.slash(world.general, "settings language", language="de")
    with speaking(world, {world.member: "it"}):
        await trivia.start(questions=1, spoilers="exclude")
        await trivia.click(world.member, trivia.question().right)
        await trivia.close()
        board = await world.member.slash(world.general, "trivia leaderboard")
        assert not board.ephemeral
        page = board.response.embeds[0]
        assert page.title == "Quiz-Bestenliste: insgesamt"
        assert page.description == f"1. <@{world.member.id}> — 150 Punkte (1 richtig)"
        stats = await world.member.slash(world.general, "trivia stats")
        assert stats.ephemeral
        embed = stats.response.embeds[0]
        assert embed.title.startswith("Statistiche del quiz: ")
        fields = {f.name: f.value for f in embed.fields}
        assert fields["Punti"] == "150" and fields["Precisione"] == "100% (1 su 1)"
        # A refusal of the public /trivia stop is private: Italian.
        refused = await world.member.slash(world.general, "trivia stop")
        assert refused.response.content == "Non c'è nessuna partita del quiz in corso in questo canale."
