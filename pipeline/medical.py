"""Medical or not: what kind of page a record is, from the signals it shows.

A batch folder holds more than condition pages: a licence file, a news
story, a site's "about us". Each record says which it is:

* `condition`: the page is about one condition: it has ICD codes, declares a
  schema.org MedicalCondition, or has at least two medical section kinds
  (symptoms, treatment, ...) and medical wording;
* `health_article`: medical, but not one condition: a MedicalWebPage, a
  medical section kind, or enough distinct medical words;
* `other`: none of these.

The signals that decided go to `extraction.kind_signals`, so a surprising
kind can be traced. `--only-medical` refuses `other` pages (reason
`not_medical`).
"""

from __future__ import annotations

from itertools import repeat

from pipeline.errors import PageError
from pipeline.models import IcdCode, PageKind, Section, item_texts
from pipeline.vocabulary import (
    CONDITION_TYPES,
    MEDICAL_KINDS,
    MEDICAL_PAGE_TYPES,
    MEDICAL_STEMS,
    MEDICAL_WORDS,
    MEDICAL_WORDS_MIN,
)

SAMPLE_CHARS = 3000  # medical words are counted in the first characters of the text: enough to tell
# A word is a run of a-z, read from the text's bytes: each of a-z stays, any other byte
# (and any character past ASCII, one "?" once encoded) becomes a space.
_LETTERS = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))
# The vocabulary as bytes (a word or stem past ASCII could never be a run of a-z).
_WORDS = frozenset(w.encode("ascii") for w in MEDICAL_WORDS if w.isascii())
_STEMS = tuple(s.encode("ascii") for s in MEDICAL_STEMS if s.isascii())


def page_kind(
    codes: list[IcdCode], sections: list[Section], schema_types: set[str], title: str | None
) -> tuple[PageKind, list[str]]:
    """(kind, signals) of a page; see the module docstring for the rules."""
    signals = ["icd_codes"] if codes else []
    condition_types = sorted(CONDITION_TYPES & schema_types)
    page_types = sorted(MEDICAL_PAGE_TYPES & schema_types)
    signals += [f"schema:{t}" for t in condition_types + page_types]
    kinds = sorted({s.kind for s in sections} & MEDICAL_KINDS)
    if kinds:
        signals.append("sections:" + ",".join(kinds))
    words = medical_words(title, sections)
    if words:
        signals.append(f"medical_words:{words}")
    wordy = words >= MEDICAL_WORDS_MIN
    if codes or condition_types or (len(kinds) >= 2 and wordy):
        return "condition", signals
    if page_types or kinds or wordy:
        return "health_article", signals
    return "other", signals


def require_medical(kind: PageKind) -> None:
    """Refuse a page that is not medical (the `--only-medical` rule, one place for CLI and process())."""
    if kind == "other":
        raise PageError("not_medical", "no medical signal (ICD codes, schema.org type, sections, wording)")


def medical_words(title: str | None, sections: list[Section]) -> int:
    """How many distinct medical words the title and the start of the text use."""
    parts, size = [title or ""], 0
    for section in sections:
        for block in section.blocks:
            text = getattr(block, "text", None) or " ".join(item_texts(getattr(block, "items", ())))
            parts.append(text)
            size += len(text)
            if size > SAMPLE_CHARS:
                break
        if size > SAMPLE_CHARS:
            break
    words = set(_runs(" ".join(parts)[:SAMPLE_CHARS].lower()))
    return len(words & _WORDS) + sum(map(bytes.startswith, words - _WORDS, repeat(_STEMS)))


def _runs(text: str) -> list[bytes]:
    """The runs of a-z in `text`, as a regex [a-z]+ finds them, in three C passes over
    bytes (the regex walked a page's 3,000 characters one at a time)."""
    return text.encode("ascii", "replace").translate(_LETTERS).split()


__all__ = ["page_kind", "require_medical"]
