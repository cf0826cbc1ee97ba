"""Fingerprint every record the pipeline writes for raw/ and the benchmark sets, to prove a
refactor changed no output.

A refactor that promises "no behaviour change" must leave each record byte-identical. Run
this before the change (``--save before.tsv``) and after (``--compare before.tsv``): it
prints each page whose record (or refusal reason) differs, and exits 1 if any does.

    python benchmarks/snapshot.py --save /tmp/before.tsv
    python benchmarks/snapshot.py --compare /tmp/before.tsv
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from _common import (
    DEFAULT_RAW,
    DEFAULT_SCRAPINGHUB,
    DEFAULT_TRAF_EVAL,
    DEFAULT_WCXB,
    Page,
    load_raw,
    load_scrapinghub,
    load_traf_eval,
    load_wcxb,
)

from pipeline import PageError, process


def _pages(limit: int | None) -> list[tuple[str, Page]]:
    """Every page of every set, named by set so keys stay unique across sets."""
    sets = {
        "raw": load_raw(DEFAULT_RAW, gunzip=False),
        "scrapinghub": load_scrapinghub(DEFAULT_SCRAPINGHUB, limit),
        "wcxb": load_wcxb(DEFAULT_WCXB, limit),
        "traf": load_traf_eval(DEFAULT_TRAF_EVAL, limit),
    }
    return [(f"{name}/{page.name}", page) for name, pages in sets.items() for page in pages]


def fingerprint(page: Page) -> str:
    """The record's JSON hash, or the refusal's reason: what a caller of process() sees."""
    try:
        record = process(page.data, page.name)
    except PageError as error:
        return f"refused:{type(error).__name__}:{error}"
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def snapshot(limit: int | None) -> dict[str, str]:
    return {key: fingerprint(page) for key, page in _pages(limit)}


def _read(path: Path) -> dict[str, str]:
    rows = (line.split("\t", 1) for line in path.read_text().splitlines() if line)
    return {key: value for key, value in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the fingerprints to this file")
    group.add_argument("--compare", type=Path, help="compare with fingerprints saved before")
    parser.add_argument("--limit", type=int, help="pages per benchmark set (default: all)")
    args = parser.parse_args()
    now = snapshot(args.limit)
    if args.save:
        args.save.write_text("".join(f"{k}\t{v}\n" for k, v in now.items()))
        print(f"{len(now)} records fingerprinted into {args.save}")
        return 0
    before = _read(args.compare)
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for key in changed:
        print(f"changed: {key}")
    print(f"{len(now)} pages, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
