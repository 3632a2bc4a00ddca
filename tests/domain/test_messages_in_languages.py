"""The domain's messages in the language of the moment: refusals, durations, source lines, plurals."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.content import SpoilerLevel
from bot.domain.cooldowns import slow_down_message
from bot.domain.errors import InvalidInput, UserError
from bot.domain.sources import publisher_line
from bot.domain.spoilers import Audience, Mode, Redactor, SpoilerRules, describe_remaining, parse_embargo
from bot.i18n import N_, by_code, use_language
from bot.services.lookups import not_found

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def language(code: str) -> AbstractContextManager[None]:
    found = by_code(code)
    assert found is not None
    return use_language(found)


def test_a_refusal_is_worded_when_it_is_read_not_when_it_is_raised() -> None:
    """A public lookup raises in the server's language; the member reads the refusal in theirs."""
    with language("de"):
        error = not_found("cast member", "zzqx", ["Keanu Reeves"])
    with language("fr"):
        assert error.message == (
            "Personne dans la distribution ne correspond à 'zzqx'. Tu voulais dire **Keanu Reeves** ?"
        )
    assert error.message == "No cast member matches 'zzqx'. Did you mean **Keanu Reeves**?"
    assert str(error) == error.message  # logs and tracebacks read English


def test_a_default_message_and_an_unknown_text_read_as_they_are() -> None:
    with language("it"):
        assert UserError().message == "Non ha funzionato. Riprovi?"
        assert (
            UserError("Already in Italian, or never marked.").message
            == "Already in Italian, or never marked."
        )
        # Braces in a message without values are text, not placeholders.
        assert UserError(N_("{not a placeholder}")).message == "{not a placeholder}"


@pytest.mark.parametrize(
    ("code", "wait", "expected"),
    [
        ("fr", 0.2, "Doucement : tu pourras refaire ça dans 1 seconde. Rien n'a été modifié."),
        ("fr", 11.01, "Doucement : tu pourras refaire ça dans 12 secondes. Rien n'a été modifié."),
        ("de", 1.0, "Nicht so schnell: Du kannst das in 1 Sekunde wieder tun. Es wurde nichts geändert."),
        ("en", 2.0, "Slow down a little: you can do that again in 2 seconds. Nothing was changed."),
    ],
    ids=["french one", "french many", "german one", "english"],
)
def test_slow_down_counts_in_each_language(code: str, wait: float, expected: str) -> None:
    with language(code):
        assert slow_down_message(wait) == expected


def test_a_remaining_time_reads_in_the_language() -> None:
    later = NOW + timedelta(days=2, hours=3, minutes=5)
    with language("de"):
        assert describe_remaining(later, NOW) == "2 Tage und 3 Stunden"
        assert describe_remaining(NOW + timedelta(minutes=1), NOW) == "1 Minute"
        assert describe_remaining(NOW, NOW) == "weniger als eine Minute"
    with language("pt_BR"):
        assert describe_remaining(NOW + timedelta(hours=1, minutes=2), NOW) == "1 hora e 2 minutos"
    assert describe_remaining(later, NOW) == "2 days 3 hours"


def test_source_lines_count_the_rest_in_the_language() -> None:
    with language("it"):
        assert publisher_line(["UPI"]) == "Fonte: UPI"
        assert publisher_line(["A", "B", "C", "D"]) == "Fonti: A, B, C +1 altra"
        assert publisher_line(["A", "B", "C", "D", "E"]) == "Fonti: A, B, C +2 altre"
    with language("fr"):
        assert publisher_line(["A", "B"]) == "Sources : A, B"


def test_a_withheld_spoiler_says_so_in_the_readers_language() -> None:
    redactor = Redactor(SpoilerRules(mode=Mode.HIDE), Audience(channel_id=1), now=NOW)
    with language("es_419"):
        assert redactor.apply("Winston is …", SpoilerLevel.MAJOR, short=True) == "🔒 spoiler oculto"
        assert "`/seen`" in redactor.apply("Winston is …", SpoilerLevel.MAJOR)
    assert redactor.apply("Winston is …", SpoilerLevel.MAJOR, short=True) == "🔒 hidden spoiler"


def test_an_unreadable_embargo_is_explained_in_the_moderators_language() -> None:
    with language("es_ES"), pytest.raises(InvalidInput) as raised:
        parse_embargo("next friday", NOW)
    assert raised.value.message.startswith("No pude leer esa fecha. Usa `YYYY-MM-DD`")
    with pytest.raises(InvalidInput) as too_far:
        parse_embargo("2030-01-01", NOW)
    with language("fr"):  # a plain refusal is worded as it is read
        assert too_far.value.message == "Un embargo peut durer un an au maximum."
