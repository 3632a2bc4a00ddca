"""Text helpers shared by every renderer: normalising, escaping, masking, truncating.

No discord imports: escaping follows Discord's markdown rules but is plain string work.
"""

from __future__ import annotations

import re
import unicodedata

_MARKDOWN = re.compile(r"([\\*_~`|>#\-\[\]()])")
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)|<(@[!&]?|#)(\d+)>")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: the form used for matching.

    Every search folds what was typed, most often plain ASCII, where there is no accent to strip
    and nothing to normalise: the same result as ``fold_unicode``, in a quarter of the time.
    """
    if text.isascii():
        no_marks = text.lower().replace("&", " and ").replace("'", "")
        return " ".join(_NON_WORD.sub(" ", no_marks).split())
    return fold_unicode(text)


def fold_unicode(text: str) -> str:
    """``fold`` for any text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    no_marks = no_marks.replace("&", " and ").replace("’", "").replace("'", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", no_marks)).strip()


def normalise_answer(text: str) -> str:
    """``fold`` plus dropping a leading article, for comparing typed trivia answers."""
    return _LEADING_ARTICLE.sub("", fold(text))


def escape_user_text(text: str, limit: int = 100) -> str:
    """Make user text safe to echo: no markdown, no mentions, no way out of a ||tag||.

    Mentions are defused with a zero-width space as well as by allowed_mentions, so
    they do not even render as a ping-looking link.
    """
    return escape_markdown(truncate(text.replace("\n", " ").strip(), limit))


def escape_markdown(text: str) -> str:
    """Show text exactly as typed: markdown (spoiler bars included) escaped, mentions defused."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<#", "<#\u200b"), text)


def spoiler_tag(text: str) -> str:
    """Wrap text in Discord spoiler tags so that nothing inside can close them early.

    Escape sequences already in the text (``\\|`` from escape_markdown) are kept as they
    are, every bare ``|`` is escaped, and a lone trailing backslash is doubled so it
    cannot escape the closing bars.
    """
    if "|" not in text and "\\" not in text:  # the usual case, on every spoiler: nothing to escape
        return "||" + text + "||"
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            out.append(text[i : i + 2] if i + 1 < n else "\\\\")
            i += 2
            continue
        out.append("\\|" if char == "|" else char)
        i += 1
    return "||" + "".join(out) + "||"


def mask_profanity(text: str, words: tuple[str, ...]) -> str:
    """Replace all but the first letter of each listed word: 'fucking' -> 'f******'."""
    for word in sorted(words, key=len, reverse=True):
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        text = pattern.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)
    return text


def plural(n: int, word: str) -> str:
    """'1 answer', '2 answers', '1,250 points'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def truncate(text: str, limit: int) -> str:
    """Cut to at most ``limit`` characters, ending with an ellipsis when cut.

    A cut inside a ||spoiler|| closes the tag (``…||``): otherwise the rest of the
    message would show what the tag was hiding, or turn into a spoiler itself.
    """
    if len(text) <= limit:
        return text
    cut = _clean_end(text[: max(0, limit - 1)].rstrip())
    if not _inside_spoiler(cut):
        return cut + "…"
    cut = _clean_end(text[: max(0, limit - 3)].rstrip())
    return cut + ("…||" if _inside_spoiler(cut) else "…")


def _clean_end(text: str) -> str:
    """Drop a dangling backslash or a lone bar that a cut left at the end (half an escape or a tag)."""
    while text and (
        _ends_with_lone_backslash(text) or (text.endswith("|") and not _escaped_at(text, len(text) - 1))
    ):
        text = text[:-1]
    return text


def _ends_with_lone_backslash(text: str) -> bool:
    run = len(text) - len(text.rstrip("\\"))
    return run % 2 == 1


def _escaped_at(text: str, index: int) -> bool:
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _inside_spoiler(text: str) -> bool:
    """True when ``text`` opens more ``||`` tags than it closes (escaped bars don't count)."""
    inside, i, n = False, 0, len(text)
    while i < n:
        if text[i] == "\\":
            i += 2
        elif text.startswith("||", i):
            inside = not inside
            i += 2
        else:
            i += 1
    return inside
