"""Which language's section vocabulary reads a page, and that vocabulary compiled.

The words live in vocabulary.py; this module only decides the language and
turns the word tables into patterns once, at import. A page's own language
is tried first and English after it, because health pages in any language
borrow English words ("Management", "FAQ").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import filterfalse

from pipeline.models import HeadingBlock, ListItems, ParaBlock, RawBlock, item_texts
from pipeline.vocabulary import (
    KIND_WORDS,
    QUALIFIER_WORDS,
    SECTION_JOINER_WORDS,
    SECTION_PHRASES,
    STOP_WORDS,
    WEAK_KIND_WORDS,
    Kind,
)

DEFAULT = "en"
_SAMPLE_CHARS = 3000  # enough words to tell four languages apart, cheap to count
_MIN_HITS = 8  # stop words needed before the text's own evidence overrides a declaration
_WORD = re.compile(r"[^\W\d_]+")
_STOP_SETS = {lang: frozenset(words.split()) for lang, words in STOP_WORDS.items()}
_ALL_STOP_WORDS = frozenset().union(*_STOP_SETS.values())
_STOP_KEYS = tuple((word, word.encode("ascii")) for word in _ALL_STOP_WORDS if word.isascii())
# Each ASCII byte that is not a letter becomes a space; letters and bytes of wider characters stay.
_CUTS = bytes(c if chr(c).isalpha() or c >= 0x80 else 0x20 for c in range(256))


def fold(text: str) -> str:
    """Lower case without accents: 'Symptômes' and 'symptomes' read alike (headings drop accents often)."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _compile(words: dict[Kind, str]) -> dict[Kind, re.Pattern[str]]:
    return {kind: re.compile(rf"\b(?:{fold(w)})\b") for kind, w in words.items()}


_KIND_RE = {lang: _compile(words) for lang, words in KIND_WORDS.items()}
_WEAK_KIND_RE = {lang: _compile(words) for lang, words in WEAK_KIND_WORDS.items()}
_PHRASES = {lang: frozenset(map(fold, phrases)) for lang, phrases in SECTION_PHRASES.items()}
# Every language's strong section words as one pattern: one search answers "is this a section name?".
_ANY_SECTION = re.compile(
    r"\b(?:" + "|".join(fold(w) for words in KIND_WORDS.values() for w in words.values()) + r")\b"
)


def kind_tables(language: str) -> tuple[dict[Kind, re.Pattern[str]], ...]:
    """Kind patterns in the order they are tried: the page's strong words, English strong, then weak ones."""
    langs = (language, DEFAULT) if language != DEFAULT else (DEFAULT,)
    return (*(_KIND_RE[lang] for lang in langs), *(_WEAK_KIND_RE[lang] for lang in langs))


def names_section(heading: str) -> bool:
    """Whether `heading` holds a section name of any language the vocabulary knows (strong words only).

    For a stage that runs before the page's language is known (the learned
    judge keeps a named section whole).
    """
    return _ANY_SECTION.search(fold(heading)) is not None


def is_phrase(name: str, language: str) -> bool:
    """A folded section-name part of the page's language or of English."""
    return name in _PHRASES[language] or name in _PHRASES[DEFAULT]


@cache
def joiners(language: str) -> re.Pattern[str]:
    """How parts of a combined section name are joined, in the page's language and English."""
    words = "|".join({*SECTION_JOINER_WORDS[language].split("|"), *SECTION_JOINER_WORDS[DEFAULT].split("|")})
    return re.compile(rf"\s*(?:,|;|/|&|\b(?:{words})\b)\s*")


@cache
def qualifier(language: str) -> re.Pattern[str]:
    """A trailing qualifier ('of gout', 'bei Kindern') that leaves a section name a section name."""
    words = "|".join({*QUALIFIER_WORDS[language].split("|"), *QUALIFIER_WORDS[DEFAULT].split("|")})
    return re.compile(rf"\s+(?:{words})\s+[\w'’ ,()-]{{1,60}}$")


def detect(sample: str) -> str | None:
    """The language whose stop words clearly dominate `sample`, or None when none does."""
    seen = _stop_counts(sample[:_SAMPLE_CHARS].lower())
    counts = {lang: sum(seen[word] for word in words) for lang, words in _STOP_SETS.items()}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, hits), (_, second) = ranked[0], ranked[1]
    return best if hits >= _MIN_HITS and hits >= 2 * second else None


def _stop_counts(text: str) -> Counter[str]:
    """How often each stop word is a word of `text` (a run of letters, as _WORD finds them).

    The regex walked the text one character at a time. Here its UTF-8 bytes
    are cut at every ASCII byte that is not a letter (never part of a word)
    and counted, all in C: a piece of ASCII letters is one word as it stands;
    only a piece holding other characters (an accented word, words around a
    curly quote) is read with the regex.
    """
    pieces = Counter(text.encode("utf-8", "surrogatepass").translate(_CUTS).split())
    seen = Counter({word: pieces[key] for word, key in _STOP_KEYS})
    for piece in filterfalse(bytes.isascii, pieces):
        for word in _WORD.findall(piece.decode("utf-8", "surrogatepass")):
            if word in _ALL_STOP_WORDS:
                seen[word] += pieces[piece]
    return seen


def page_language(declared: str | None, sample: str) -> str:
    """The vocabulary a page is read with: what its words clearly say, else what it declares, else English.

    The text wins over a declaration because themes ship a default
    `lang="en-US"` that sites in other languages never change.
    """
    detected = detect(sample)
    if detected is not None:
        return detected
    primary = (declared or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in KIND_WORDS else DEFAULT


def blocks_sample(blocks: Iterable[RawBlock]) -> str:
    """The opening text of a block stream, `_SAMPLE_CHARS` of it (what `detect` reads), its texts joined by spaces.

    A text is cut where the sample is full: one block may hold a whole page
    of text, and joining it whole cost more than counting the sample's words.
    """
    parts: list[str] = []
    size = 0
    for block in blocks:
        if isinstance(block, (ParaBlock, HeadingBlock)):
            texts: Iterable[str] = (block.text,)
        elif isinstance(block, ListItems):
            texts = item_texts(block.items)
        else:
            continue
        for text in texts:
            size += bool(parts)  # the space that joins it to the text before
            parts.append(text[: _SAMPLE_CHARS - size])
            size += len(parts[-1])
            if size >= _SAMPLE_CHARS:
                return " ".join(parts)
    return " ".join(parts)


__all__ = [
    "DEFAULT",
    "blocks_sample",
    "detect",
    "fold",
    "is_phrase",
    "kind_tables",
    "page_language",
]
