"""Signs that a page's record may have lost part of its article, and the trouble score that orders the review.

None of these proves a fault; each is cheap to check by eye on the page
view. A locator that kept one section of seven shows as few sections and a
large share of the page's text dropped; a pseudo-list that stayed prose as
bullet glyphs in the article text of a record without lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.models import item_texts
from pipeline.read import GZIP_NOTE

FEW_SECTIONS = 2  # fewer sections than this: the locator may have kept one part of the article
DROPPED_SHARE = 0.85  # more of the page's text than this dropped (see the README's calibration)
MIN_GLYPHS = 2  # bullet glyphs in the article text of a record without lists
# What each signal means, in the order the overview explains them; the weight orders pages.
SIGNALS: dict[str, tuple[str, float]] = {
    "error": ("the page gave no record", 100.0),
    "review_failed": ("the review could not run this page again", 50.0),
    "input_missing": ("its input is gone: only the record shows", 4.0),
    "input_changed": ("its input changed since the record was made", 4.0),
    "few_sections": (f"fewer than {FEW_SECTIONS} sections", 3.0),
    "dropped": (f"over {DROPPED_SHARE:.0%} of the page's text dropped", 2.0),
    "no_heading": ("no section has a heading", 2.0),
    "bullets": ("bullet glyphs in the article text, and no list in the record", 2.0),
    "warnings": ("the record has warnings", 1.0),
    "code_changed": ("the pipeline now gives this page another record", 1.0),
    "orphaned": ("a record whose input the report no longer names", 1.0),
}


@dataclass(slots=True)
class Signals:
    """What was seen on one page: flags by name with their explanation, and the numbers behind them."""

    flags: dict[str, str] = field(default_factory=dict)
    dropped: float | None = None  # share of the page's visible text left out of the record
    sections: int | None = None

    def flag(self, name: str, detail: str | None = None) -> None:
        self.flags[name] = detail or SIGNALS[name][0]

    @property
    def score(self) -> float:
        """The sum of the flags' weights; a larger share dropped breaks ties between pages."""
        return sum(SIGNALS[name][1] for name in self.flags) + (self.dropped or 0.0)


def record_signals(signals: Signals, record: dict[str, Any]) -> None:
    """The signals a record shows by itself."""
    sections = record.get("sections", [])
    signals.sections = len(sections)
    if len(sections) < FEW_SECTIONS:
        signals.flag("few_sections", f"{len(sections)} section{'' if len(sections) == 1 else 's'}")
    if sections and not any(s.get("heading") for s in sections):
        signals.flag("no_heading")
    warnings = [w for w in record.get("extraction", {}).get("warnings", []) if w != GZIP_NOTE]
    if warnings:
        signals.flag("warnings", "; ".join(warnings))


def has_lists(record: dict[str, Any]) -> bool:
    return any(b.get("type") == "list" for s in record.get("sections", []) for b in s.get("blocks", []))


def record_chars(record: dict[str, Any]) -> int:
    """Characters of text in the record's sections (what a reader gets of the article)."""
    total = 0
    for section in record.get("sections", []):
        total += len(section.get("heading") or "")
        for block in section.get("blocks", []):
            if block.get("type") == "paragraph":
                total += len(block["text"])
            elif block.get("type") == "list":
                total += len(block.get("intro") or "") + sum(len(t) for t in item_texts(block["items"]))
            else:
                total += sum(len(cell) for row in block.get("rows", []) for cell in row)
    return total


def dropped_signal(signals: Signals, kept: int, total: int) -> None:
    """The share of the page's text that did not reach the record, flagged past DROPPED_SHARE."""
    if total <= 0:
        return
    signals.dropped = max(0.0, 1.0 - kept / total)
    if signals.dropped > DROPPED_SHARE:
        signals.flag("dropped", f"{signals.dropped:.0%} of the page's text dropped ({kept} of {total} characters kept)")


def bullet_signal(signals: Signals, record: dict[str, Any] | None, glyphs: int) -> None:
    if record is not None and glyphs >= MIN_GLYPHS and not has_lists(record):
        signals.flag("bullets", f"{glyphs} bullet glyphs in the article text, and no list in the record")
