"""One page explained: what each front-end stage chose (a Trace), then the record it gave.

What `python -m pipeline explain PAGE [--profiles DIR]` prints, and the
per-page view of the benchmarks (`quality.py --show`). For writing and
testing a site profile: docs/profiles.md.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PageError
from pipeline.models import Limits, ListBlock, Paragraph, Record, Table
from pipeline.process import process
from pipeline.trace import Trace

OPENING_CHARS = 72  # of each block, in the summary of a record


def explain(data: bytes, name: str, profiles: str | Path | None = None, limits: Limits | None = None) -> str:
    """What each front-end stage chose on a page, then the record it gave (or why it gave none).

    A bad profile raises ProfileError, as process() does.
    """
    trace = Trace()
    try:
        record = process(data, name, limits, profiles=profiles, trace=trace)
    except PageError as exc:
        return "\n".join([*trace.lines(), f"refused: {exc.reason}: {exc.message}"])
    return "\n".join([*trace.lines(), *summary(record)])


def summary(record: Record) -> list[str]:
    """A record in a few lines: what it is, then each section with the opening words of each block."""
    signals = ", ".join(record.extraction.kind_signals) or "no signal"
    removed = ", ".join(f"{kind} {n}" for kind, n in record.extraction.removed.items()) or "nothing"
    out = [f"record: {record.title!r}, {record.page_kind} ({signals})", f"  removed in all: {removed}"]
    for section in record.sections:
        indent = "  " * section.level
        heading = section.heading if section.heading is not None else "(lead)"
        out.append(f"{indent}{section.kind}: {heading}")
        out += [f"{indent}  {block.type:<9} {_opening(block)}" for block in section.blocks]
    if record.disclaimer:
        out.append(f"  disclaimer: {_cut(record.disclaimer)}")
    return out


def _opening(block: Paragraph | ListBlock | Table) -> str:
    if isinstance(block, Paragraph):
        return _cut(block.text)
    if isinstance(block, ListBlock):
        items = "; ".join(item if isinstance(item, str) else item.text for item in block.items)
        return _cut(f"{block.intro} {items}" if block.intro else items)
    return _cut(" | ".join(block.rows[0]))


def _cut(text: str, width: int = OPENING_CHARS) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
