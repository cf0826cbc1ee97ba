"""`python -m pipeline review OUT_DIR`: a static site showing what the pipeline kept and dropped, page by page.

It reads the folder a run wrote (`_report.json` and the records) and the
inputs the report names, runs each page again under PageMarks (process()'s
trace) to see what each stage removed, and writes `OUT_DIR/_review/`:
`index.html` (the batch: counts, charts, pages ordered by trouble), one
`p/NNNNNN.html` per page (the original page marked beside its record) and
`review.css`. Nothing in it runs a script or loads anything from outside.

Two passes keep memory flat whatever the batch size. The first streams the
report's entries: each page is looked at once, its view written at once,
and a row of numbers (its signals) goes to a temporary SQLite table on disk.
The second orders those rows by trouble, writes the overview from them,
and fills each view's previous/next links into a slot of fixed size left
in the file, so no view is rendered twice.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from pipeline.inputs import REPORT_NAME
from pipeline.models import Limits
from pipeline.outputs import atomic_file
from pipeline.report import read_entries, read_header
from pipeline.review import ONLY
from pipeline.review.look import Looker, nav_html
from pipeline.review.render import environment
from pipeline.review.signals import SIGNALS, Signals

REVIEW_DIR = "_review"
PAGES_DIR = "p"
_VIEW_NAME = re.compile(r"\d{6,}\.html")


class ReviewError(Exception):
    """A review that cannot be made: no report in the folder, a folder it cannot write."""


@dataclass(slots=True)
class ReviewSummary:
    entries: int
    views: int
    seconds: float
    index: Path


@dataclass(slots=True)
class Overview:
    """The batch in counts, for the overview's charts; a few small counters whatever the size."""

    status: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    profiles: Counter[str] = field(default_factory=Counter)
    page_kinds: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    section_kinds: Counter[str] = field(default_factory=Counter)
    signals: Counter[str] = field(default_factory=Counter)
    dropped: Counter[int] = field(default_factory=Counter)  # tenths of the page's text dropped

    def count(self, entry: dict[str, Any], record: dict[str, Any] | None, signals: Signals | None) -> None:
        self.status[entry["status"]] += 1
        if entry["status"] == "error":
            self.reasons[entry.get("reason") or "unknown"] += 1
        if entry["status"] == "skipped":
            self.skipped[entry.get("reason") or "unknown"] += 1
        if record is not None:
            self.profiles[record["extraction"]["profile"]] += 1
            self.page_kinds[record["page_kind"]] += 1
            self.formats[record["source"]["format"]] += 1
            self.section_kinds.update(s["kind"] for s in record["sections"])
        if signals is not None:
            self.signals.update(signals.flags.keys())
            if signals.dropped is not None:
                self.dropped[min(9, int(signals.dropped * 10))] += 1


def build_review(
    out_dir: Path, only: str = "all", base: Path = Path("."), limits: Limits | None = None
) -> ReviewSummary:
    """Write `out_dir/_review/` for the run whose report is in `out_dir`; `base`: where its input names start."""
    start = time.perf_counter()
    header = read_header(out_dir / REPORT_NAME)
    if header is None:
        raise ReviewError(f"no readable {REPORT_NAME} in {out_dir}: run `python -m pipeline run --out {out_dir}` first")
    review = out_dir / REVIEW_DIR
    pages = _fresh_pages(review)
    env = environment()
    db = _table()
    try:
        looker = Looker(out_dir, base, limits or Limits(), env, only)
        overview, entries = _first_pass(out_dir / REPORT_NAME, looker, pages, db)
        views = _fill_navigation(db, pages)
        with atomic_file(review / "review.css") as stream:
            stream.write(files("pipeline.review").joinpath("templates/review.css").read_text(encoding="utf-8"))
        context = _overview_context(out_dir, header, only, overview, db, views)
        with atomic_file(review / "index.html") as stream:
            stream.writelines(env.get_template("index.html").generate(context))
    finally:
        db.close()
    return ReviewSummary(entries, views, time.perf_counter() - start, review / "index.html")


def _fresh_pages(review: Path) -> Path:
    """The folder of page views, emptied of an earlier review's views (and of nothing else)."""
    pages = review / PAGES_DIR
    try:
        pages.mkdir(parents=True, exist_ok=True)
        for old in pages.iterdir():
            if _VIEW_NAME.fullmatch(old.name):
                old.unlink()
    except OSError as exc:
        raise ReviewError(f"cannot write the review in {review}: {exc.strerror or exc}") from exc
    return pages


def _first_pass(report: Path, looker: Looker, pages: Path, db: sqlite3.Connection) -> tuple[Overview, int]:
    """Look at every entry of the report, in its order: views written, rows and counts kept."""
    overview = Overview()
    entries = 0
    for index, entry in enumerate(read_entries(report)):
        entries += 1
        looked = looker.look(index, entry, pages)
        overview.count(entry, looked.record, looked.signals)
        db.execute(f"INSERT INTO pages VALUES ({','.join('?' * 15)})", looked.row())
    return overview, entries


def _table() -> sqlite3.Connection:
    """A private SQLite database in a temporary file (SQLite's own, for the empty name): rows stay off the heap."""
    db = sqlite3.connect("")
    db.row_factory = sqlite3.Row
    db.execute(
        "CREATE TABLE pages (idx INTEGER, input TEXT, status TEXT, reason TEXT, message TEXT, title TEXT,"
        " profile TEXT, page_kind TEXT, sections INTEGER, dropped REAL, flags TEXT, score REAL,"
        " listed INTEGER, view TEXT, nav INTEGER)"
    )
    return db


# Rows listed on the overview (the pages `--only` asks for) and those with a view, by trouble, then name.
_BY_TROUBLE = "ORDER BY score DESC, input"
_LISTED = f"SELECT * FROM pages WHERE listed {_BY_TROUBLE}"
_VIEWS = "FROM pages WHERE listed AND view IS NOT NULL"


def _fill_navigation(db: sqlite3.Connection, pages: Path) -> int:
    """Write into each view's slot its links to the views before and after it in trouble order; count views."""
    total = db.execute(f"SELECT count(*) {_VIEWS}").fetchone()[0]
    rows = db.execute(f"SELECT view, nav {_VIEWS} {_BY_TROUBLE}")
    previous, current, rank = None, next(rows, None), 0
    while current is not None:
        following = next(rows, None)
        rank += 1
        with open(pages / current["view"], "r+b") as stream:
            stream.seek(current["nav"])
            stream.write(nav_html(previous, following["view"] if following else None, rank, total))
        previous, current = current["view"], following
    return total


def _chart(title: str, counts: dict[Any, int] | Counter, css: str = "", labels: dict | None = None) -> dict:
    """Bars scaled to the largest count (the SVG is drawn by the template)."""
    items = list(counts.items())
    top = max((value for _, value in items), default=0) or 1
    bars = [
        {
            "label": (labels or {}).get(label, str(label)),
            "value": value,
            "width": max(1, round(220 * value / top)) if value else 0,
            "css": css or f"rv-status-{label}",
        }
        for label, value in items
    ]
    return {"title": title, "bars": bars}


def _overview_context(
    out_dir: Path, header: dict, only: str, overview: Overview, db: sqlite3.Connection, views: int
) -> dict[str, Any]:
    status = {name: overview.status[name] for name in ("ok", "error", "skipped", "orphaned") if overview.status[name]}
    tenths = {i: overview.dropped[i] for i in range(10)}
    return {
        "root": "",
        "folder": str(out_dir),
        "version": header.get("pipeline_version", "?"),
        "fingerprint": header.get("fingerprint"),
        "only_text": ONLY[only],
        "shown": views,
        "totals": [("inputs", sum(overview.status.values())), *status.items()],
        "charts": [
            _chart("Inputs by status", status),
            _chart("Errors by reason", dict(overview.reasons.most_common()), "rv-status-error"),
            _chart("Files that are no page, by reason", dict(overview.skipped.most_common()), "rv-status-skipped"),
            _chart("Pages by profile", dict(overview.profiles.most_common())),
            _chart("Pages by kind", dict(overview.page_kinds.most_common())),
            _chart("Pages by format", dict(overview.formats.most_common())),
            _chart("Sections by kind", dict(overview.section_kinds.most_common())),
            _chart("Signs of trouble", {k: overview.signals[k] for k in SIGNALS if overview.signals[k]}, "rv-trouble"),
            _chart(
                "Share of the page's text dropped",
                tenths,
                "rv-trouble",
                {i: f"{i * 10}-{i * 10 + 10}%" for i in range(10)},
            ),
        ],
        "signal_names": [(code, text) for code, (text, _) in SIGNALS.items()],
        "rows": _rows(db),
        "skipped_count": overview.status["skipped"],
        "skipped": db.execute("SELECT input, reason, message FROM pages WHERE status = 'skipped' ORDER BY input"),
    }


def _rows(db: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for rank, row in enumerate(db.execute(_LISTED), 1):
        yield {**dict(row), "rank": rank, "flags": json.loads(row["flags"])}
