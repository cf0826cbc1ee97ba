"""Sentence-level text repairs shared by both front ends and the structure stage."""

from __future__ import annotations

import itertools
import re

from pipeline.language import DEFAULT, fold, is_phrase, joiners, qualifier
from pipeline.vocabulary import ABBREVIATIONS

# End punctuation (or a colon) directly followed by a capital: two sentences
# or two blocks run together. Not after a capital or a one-letter word
# (U.S., e.g., vitamin D.), nor after common abbreviations.
# Written to open with the punctuation itself (the glue point is its end),
# the letter before it checked by a lookbehind afterwards: sre skips ahead to
# a pattern's first character class, but tries one opening with a lookbehind
# at every offset (4x slower on prose).
# Latin-1 letters count (German, French, Spanish: "percé.Élevée"), and an
# elided article opens a sentence too ("L'otite", "D'abord").
_GLUE = re.compile(
    r"[.!?:](?<=[a-z0-9à-ÿ\)\]%”’\"'].)(?=[A-ZÀ-Þ](?:[a-zà-ÿ]|[A-ZÀ-Þ]|\d| [a-zà-ÿ]|['’][a-zà-ÿ]))"
)
_ABBREVIATION = "|".join(map(re.escape, ABBREVIATIONS))
_NOT_GLUE = re.compile(rf"(?:\b[A-Za-z]|\b(?:{_ABBREVIATION}|www\.\w+))[.:]$")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[\"“(]?[A-Z0-9])")
_ABBREV_END = re.compile(rf"\b(?:{_ABBREVIATION}|[A-Z])\.$")
# WordPress shortcodes left in text: [name attr=...], [/name], [WpProQuiz 1].
# A bare word in brackets ([sic], [citation needed]) is not one.
_SHORTCODE = re.compile(r"\[/?([A-Za-z][\w-]{2,})((?:\s[^\[\]]*)?)\]")  # one \s: no backtracking
# Section names, possibly combined ("Causes and Risk Factors") or qualified
# ("Symptoms of gout"), recognised by words alone where markup is gone.
MAX_HEADING_WORDS = 12
_SPACES = re.compile(r"[ \t\u00a0]{2,}")

# C0 controls mean nothing in a page, and lxml refuses them in text handed
# back to it. In UTF-8 these bytes never occur inside a multi-byte character,
# so deleting them from the bytes is safe (and C-fast).
STRAY_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def record_safe(text: str) -> str:
    """`text` as a record can hold it: lone surrogates (from a JSON escape) replaced, stray controls out."""
    return text.encode("utf-8", "replace").translate(None, STRAY_CONTROLS).decode("utf-8")


def glue_points(text: str) -> list[int]:
    """Offsets where a sentence or block starts right after another one's end."""
    return [
        m.end() for m in _GLUE.finditer(text) if not _NOT_GLUE.search(text[max(0, m.end() - 12) : m.end()])
    ]


def split_glued(text: str) -> list[str]:
    """Cut text where blocks were glued together ("cause.In many", "include:Trauma")."""
    cuts = [0, *glue_points(text), len(text)]
    return [p for p in (text[a:b].strip() for a, b in itertools.pairwise(cuts)) if p]


def unglue(text: str) -> str:
    """Put the missing space back between run-together sentences."""
    points = glue_points(text)
    for cut in reversed(points):
        text = f"{text[:cut]} {text[cut:]}"
    return text


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (abbreviation-aware, good enough for intros)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV_END.search(text[max(start, m.start() - 12) : m.start()]):  # abbreviations are short
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def is_shortcode(name: str, attrs: str, closing: bool) -> bool:
    """Whether a bracketed name is a shortcode: a closing tag, a name no prose word has (`_`, `-`,
    CamelCase, capitals), or attributes (`=`, digits).

    Words in brackets are the text's own: lower-case ones ("[sic]", "[citation
    needed]") and a lone capitalised one, a label ("[Militär]" before a
    dictionary's sense of a word, "[Update]").
    """
    return (
        closing
        or "_" in name
        or "-" in name
        or not (name.islower() or (_capitalised(name) and not attrs))
        or "=" in attrs
        or bool(re.search(r"\d", attrs))
    )


def _capitalised(word: str) -> bool:
    """A capital, then lower-case letters only ("Update", not "WpProQuiz" or "TOC")."""
    return word[:1].isupper() and word[1:].islower()


def strip_shortcodes(text: str) -> tuple[str, int]:
    """Remove WordPress shortcodes; return the text and how many went."""
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        if is_shortcode(m.group(1), m.group(2), m.group(0).startswith("[/")):
            count += 1
            return ""
        return m.group(0)

    out = _SHORTCODE.sub(repl, text)
    return (_SPACES.sub(" ", out).strip(), count) if count else (text, 0)


def heading_text(text: str, title: str | None) -> str:
    """Heading as written, without its trailing colon or a leading '<title>:'."""
    text = text.strip().rstrip(":").strip()
    if title and text.lower().startswith(title.lower() + ":"):
        text = text[len(title) + 1 :].strip()
    return text


def is_section_name(text: str, title: str | None, language: str = DEFAULT) -> bool:
    """True when `text` is only section names ("Causes and Risk Factors", "Symptoms of gout").

    Names are those of the page's language and of English (see language.py).
    """
    limit = MAX_HEADING_WORDS + (len(title.split()) if title else 0)  # a "<title>: " prefix goes first
    if len(text.split(maxsplit=limit)) > limit:  # a paragraph: settled without copying it about
        return False
    name = fold(heading_text(text, title).rstrip("?").lstrip("¿"))
    if not name or len(name.split()) > MAX_HEADING_WORDS or re.search(r"[.!;]", name):
        return False
    if _only_phrases(name, language):
        return True
    # "Symptoms of gout": the qualifier goes, unless it was part of a name ("facteurs de risque").
    bare = qualifier(language).sub("", name)
    return bare != name and _only_phrases(bare, language)


def _only_phrases(name: str, language: str) -> bool:
    parts = [p for p in joiners(language).split(name) if p]
    return bool(parts) and all(is_phrase(p.strip(), language) for p in parts)
