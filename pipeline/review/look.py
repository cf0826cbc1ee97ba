"""One report entry, looked at: its record, its page run again under marks, its signals, and its view.

Pages are run again only where that is safe and telling: those that gave a
record, and refusals the pipeline decided on the page's content
(`no_article`, `not_medical`), whose marks show what was left when it gave
up. A page refused for its size, its time or a crash is not read again.
Each run is under the run's own time limit; whatever goes wrong becomes a
signal on that page, never the end of the review.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from pipeline.deadline import PageTimeout, deadline
from pipeline.errors import PageError
from pipeline.models import Limits
from pipeline.review.dump_view import dump_segments
from pipeline.review.marks import Traced, block_pieces
from pipeline.review.render import Markup
from pipeline.review.signals import (
    Signals,
    bullet_signal,
    dropped_signal,
    record_chars,
    record_signals,
)
from pipeline.review.source_view import KEPT, OUTSIDE, kind_class, marked_source
from pipeline.review.sources import Sources

TRACED_REASONS = frozenset({"no_article", "not_medical"})
NAV_SLOT = "<!--rv-nav-slot-->"
NAV_BYTES = 400  # the slot each view keeps for its previous/next links, filled in when the order is known
_DUMP_LEGEND = (
    ("rv-d-title", "the title line"),
    ("rv-d-piece", "a block (shades alternate)"),
    ("rv-d-cut", "✂ a cut between glued blocks"),
    ("rv-d-item", "a list item of the record"),
    ("rv-d-first", "a first item cut from the text before its bullets"),
    ("rv-d-drop", "dropped"),
)


@dataclass(slots=True)
class Looked:
    """What the overview keeps of one entry (a row), and what its view showed."""

    index: int
    entry: dict[str, Any]
    record: dict[str, Any] | None = None
    signals: Signals = field(default_factory=Signals)
    listed: bool = False
    view: str | None = None
    nav: int | None = None

    def row(self) -> tuple:
        entry, record = self.entry, self.record or {}
        return (
            self.index,
            entry["input"],
            entry["status"],
            entry.get("reason"),
            entry.get("message"),
            record.get("title"),
            entry.get("profile") or record.get("extraction", {}).get("profile"),
            record.get("page_kind"),
            self.signals.sections,
            self.signals.dropped,
            json.dumps(list(self.signals.flags)),
            self.signals.score,
            int(self.listed),
            self.view,
            self.nav,
        )


@dataclass(slots=True)
class _Shown:
    """The left side of a view and its notes, as the page's second run gave them."""

    traced: Traced | None = None
    source: str | None = None
    chars: dict[str, int] = field(default_factory=dict)
    dump: list | None = None
    notes: list[str] = field(default_factory=list)


class Looker:
    """Looks at entries one by one, writing the views `only` asks for into a folder."""

    def __init__(self, out_dir: Path, base: Path, limits: Limits, env: Environment, only: str) -> None:
        self.out_dir = out_dir
        self.limits = limits
        self.only = only
        self.sources = Sources(base, limits.max_bytes)
        self.template = env.get_template("page.html")

    def look(self, index: int, entry: dict[str, Any], pages: Path) -> Looked:
        looked = Looked(index, entry)
        status = entry["status"]
        if status == "skipped":
            return looked
        record, record_note = self._record(entry)
        looked.record = record
        signals = looked.signals
        if status == "error":
            signals.flag("error", f"{entry.get('reason')}: {entry.get('message')}")
        elif status == "orphaned":
            signals.flag("orphaned", entry.get("message"))
        if record is not None:
            record_signals(signals, record)
        shown = _Shown()
        if self._runs_again(entry):
            shown = self._run_again(entry, record, signals)
        looked.listed = self._listed(status, signals)
        if looked.listed:
            try:
                looked.view, looked.nav = self._write_view(index, entry, record, record_note, signals, shown, pages)
            except OSError as exc:
                signals.flag("review_failed", f"its view could not be written: {exc.strerror or exc}")
        return looked

    def _listed(self, status: str, signals: Signals) -> bool:
        if self.only == "errors":
            return status == "error"
        return self.only == "all" or bool(signals.flags)

    def _runs_again(self, entry: dict[str, Any]) -> bool:
        if self.only == "errors" and entry["status"] != "error":
            return False
        return entry["status"] == "ok" or entry.get("reason") in TRACED_REASONS

    def _record(self, entry: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        output = entry.get("output")
        if not output:
            return None, "No record: the page gave none."
        try:
            record = json.loads((self.out_dir / output).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return None, f"The record {output} cannot be read: {exc}"
        return (record, "") if isinstance(record, dict) else (None, f"The record {output} is no JSON object.")

    def _run_again(self, entry: dict[str, Any], record: dict[str, Any] | None, signals: Signals) -> _Shown:
        """Read the input and run it under marks; what goes wrong is a signal of the page."""
        shown = _Shown()
        try:
            with deadline(self.limits.timeout_s):
                data, origin = self.sources.read(entry)
                if record is not None and hashlib.sha256(data).hexdigest() != record["source"]["sha256"]:
                    signals.flag("input_changed")
                shown.traced = Traced(data, entry["input"], **origin)
                self._left_side(shown, record)
        except PageError as exc:
            if exc.reason == "not_found":
                signals.flag("input_missing", f"its input is gone ({exc.message}): only the record shows")
            else:
                signals.flag("review_failed", f"its input could not be read again: {exc.reason}: {exc.message}")
            return shown
        except PageTimeout:
            signals.flag("review_failed", f"running it again took over {self.limits.timeout_s:g} s")
            return shown
        except Exception as exc:  # a bug in the review must cost one page, not the review
            signals.flag("review_failed", f"{type(exc).__name__}: {exc}")
            return shown
        self._compare(shown, entry, record, signals)
        return shown

    def _left_side(self, shown: _Shown, record: dict[str, Any] | None) -> None:
        traced = shown.traced
        assert traced is not None
        marks = traced.marks
        if marks.format == "html":
            shown.source, shown.chars = marked_source(marks)
            if shown.source is None:
                shown.notes.append("The page is too large to show; its record is on the right.")
        elif marks.text is not None:
            now = traced.record.model_dump(mode="json") if traced.record else None
            shown.dump = dump_segments(marks.text, block_pieces(marks.blocks or []), record or now)

    def _compare(self, shown: _Shown, entry: dict[str, Any], record: dict[str, Any] | None, signals: Signals) -> None:
        """Signals that need the second run: text dropped, bullet glyphs, and whether the code changed."""
        traced = shown.traced
        assert traced is not None
        now = traced.record.model_dump(mode="json") if traced.record else None
        changed = not _same_record(now, record) if entry["status"] == "ok" else (now is not None)
        if changed and "input_changed" not in signals.flags:  # other bytes give another record anyway
            signals.flag("code_changed")
        basis = record or now
        if basis is None:
            return
        kept = record_chars(basis)
        if traced.marks.format == "html":
            total = sum(shown.chars.values())
        else:
            total = len(" ".join((traced.marks.text or "").split()))
        dropped_signal(signals, kept, total)
        bullet_signal(signals, basis, traced.marks.bullet_glyphs())

    def _write_view(
        self,
        index: int,
        entry: dict[str, Any],
        record: dict[str, Any] | None,
        record_note: str,
        signals: Signals,
        shown: _Shown,
        pages: Path,
    ) -> tuple[str, int]:
        traced = shown.traced
        notes = list(shown.notes)
        if record is None and traced is not None and traced.record is not None:
            record = traced.record.model_dump(mode="json")
            notes.append("No record was written for this page; on the right is the one the pipeline builds now.")
        html = self.template.render(
            root="../",
            nav=Markup(NAV_SLOT + " " * (NAV_BYTES - len(NAV_SLOT))),
            page={
                "input": entry["input"],
                "status": entry["status"],
                "reason": entry.get("reason"),
                "message": entry.get("message"),
                "profile": entry.get("profile") or (record or {}).get("extraction", {}).get("profile"),
                "format": (traced.marks.format if traced else None) or (record or {}).get("source", {}).get("format"),
                "title": (record or {}).get("title"),
                "dropped": signals.dropped,
                "signals": list(signals.flags.items()),
                "notes": notes,
            },
            record=record,
            record_note=record_note,
            source=Markup(shown.source) if shown.source is not None else None,
            source_note=_source_note(entry, traced, signals),
            legend=_legend(shown),
            dump=shown.dump,
        )
        data = html.encode("utf-8")
        name = f"{index:06d}.html"
        (pages / name).write_bytes(data)
        return name, data.index(NAV_SLOT.encode("ascii"))


def _source_note(entry: dict[str, Any], traced: Traced | None, signals: Signals) -> str:
    for flag in ("input_missing", "review_failed"):
        if flag in signals.flags:
            return signals.flags[flag]
    if entry["status"] == "orphaned":
        return f"An orphaned record: {entry.get('message')}."
    if traced is None:
        return f"The page is not run again for this kind of error ({entry.get('reason')})."
    return "The page holds no document to show."


def _legend(shown: _Shown) -> list[dict[str, Any]]:
    if shown.dump is not None:
        return [{"css": css, "label": label, "chars": ""} for css, label in _DUMP_LEGEND]
    labels = {KEPT: ("rv-s-kept", "kept: the article"), OUTSIDE: ("rv-s-out", "outside the article")}
    out = []
    for state, chars in sorted(shown.chars.items(), key=lambda pair: -pair[1]):
        css, label = labels.get(state, (kind_class(state), f"dropped as {state}"))
        out.append({"css": css, "label": label, "chars": chars})
    return out


def nav_html(previous: str | None, following: str | None, rank: int, total: int) -> bytes:
    """The links of one view, padded to the NAV_BYTES its slot holds."""
    parts = ['<nav class="rv-nav"><a href="../index.html#page-list">overview</a>']
    parts.append(f'<a rel="prev" href="{previous}">&larr; previous</a>' if previous else "<span>first</span>")
    parts.append(f"<span>{rank} of {total}, most trouble first</span>")
    parts.append(f'<a rel="next" href="{following}">next &rarr;</a>' if following else "<span>last</span>")
    data = (" ".join(parts) + "</nav>").encode("ascii")
    if len(data) > NAV_BYTES:
        raise ValueError("navigation links longer than their slot")
    return data + b" " * (NAV_BYTES - len(data))


def _same_record(now: dict[str, Any] | None, stored: dict[str, Any] | None) -> bool:
    """Whether a second run gives the stored record, less the code fingerprint the batch runner stamps on it."""
    if now is None or stored is None:
        return now is stored
    return _unstamped(now) == _unstamped(stored)


def _unstamped(record: dict[str, Any]) -> dict[str, Any]:
    extraction = {k: v for k, v in record.get("extraction", {}).items() if k != "code_fingerprint"}
    return {**record, "extraction": extraction}
