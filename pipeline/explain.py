"""One page explained: what each front-end stage chose (a Trace), then the record it gave.

What `python -m pipeline explain PAGE [--profiles DIR]` prints, and the
per-page view of the benchmarks (`quality.py --show`). For writing and
testing a site profile: docs/profiles.md.
"""

from __future__ import annotations

import os

from pipeline.errors import PageError
from pipeline.models import Limits, Record
from pipeline.process import process
from pipeline.trace import Trace


def explain(
    data: bytes, name: str, profiles: str | os.PathLike[str] | None = None, limits: Limits | None = None
) -> str:
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
    """A record in a few lines: what it is, and its sections with their kinds and sizes."""
    signals = ", ".join(record.extraction.kind_signals) or "no signal"
    removed = ", ".join(f"{kind} {n}" for kind, n in record.extraction.removed.items()) or "nothing"
    out = [
        f"record: {record.title!r}, {record.page_kind} ({signals})",
        f"  removed in all: {removed}",
    ]
    for section in record.sections:
        types = ", ".join(sorted({b.type for b in section.blocks})) or "none"
        heading = section.heading if section.heading is not None else "(lead)"
        out.append(f"{'  ' * section.level}{section.kind}: {heading} ({len(section.blocks)} blocks: {types})")
    if record.disclaimer:
        out.append(f"  disclaimer: {record.disclaimer[:70]}...")
    return out
