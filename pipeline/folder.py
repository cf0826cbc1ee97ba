"""What the output folder holds, after a run: the entries its report must list.

A run may cover only some of the inputs whose records sit in the folder (a
one-file run into a full folder), and inputs disappear or get renamed. The
report describes the folder, not the run:

* each input of this run, with its new entry;
* each entry of the previous report whose input this run did not cover,
  kept while its input exists and its record is still there; its record
  becomes `orphaned` once the input is gone;
* each record on disk that no entry names (its input now has another
  record, or the run that wrote it was killed before its report) as
  `orphaned` too.

With `prune`, orphaned records are deleted instead, and leave no entry.
Inputs are looked up by their name as given, from the current folder.

Before a run, `RecordHolders` tells the walk which input each record name
already belongs to, so that a name stays its input's from run to run.
"""

from __future__ import annotations

import contextlib
import heapq
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.inputs import REPORT_NAME, printable
from pipeline.records import provenance, recorded_input
from pipeline.report import Row, as_row, entry
from pipeline.results import PageResult

Entry = dict[str, Any]
INPUT_GONE = "its input is gone"
WARC_GONE = "its WARC no longer holds this page"
TAKEN = (
    "its record {output} now holds another input's record (a run without this input took the name); "
    "run both together to give each its own"
)
MISSING = "its record {output} is gone from the folder; run it again"
UNCLAIMED = "no report entry names this record (its input has another record now, or its run was cut short)"


@dataclass(slots=True)
class Tally:
    """How many orphaned records the folder holds, how many were deleted, and how many records
    older entries (of inputs this run did not cover) still stand for."""

    orphaned: int = 0
    pruned: int = 0
    carried: int = 0


def carry_over(
    run: Iterable[Row], previous: Iterable[Entry], claimed: dict[str, str], named: set[str], where: Where
) -> Iterator[Row]:
    """This run's entries, and the previous report's for inputs the run did not see, still true.

    Both streams come sorted by input, and so does the result. `claimed` maps
    this run's outputs to their inputs; every output a previous entry passed on names is added
    to `named`, for `strays` to tell which records no entry names.
    """
    for row, old in _join(run, previous):
        if row is not None:
            yield row
            continue
        kept = _judge(old, claimed, where)  # type: ignore[arg-type]
        if kept is not None:
            if kept["output"]:
                named.add(kept["output"])
            yield as_row(kept)


@dataclass(slots=True)
class Where:
    """The folder being accounted for, whether to delete its orphans, and the counts."""

    out_dir: Path
    prune: bool
    tally: Tally
    warcs: frozenset[str] = frozenset()  # the WARC files this run read: they list all their pages


def _judge(old: Entry, claimed: dict[str, str], where: Where) -> Entry | None:
    """A previous entry the run did not redo: kept, turned orphaned, taken or missing, or dropped.

    An entry whose record this run rewrote for the same file named another
    way (`raw/a.html`, then its absolute path) is dropped: the new one says it.
    """
    output = old["output"]
    if old["status"] == "orphaned":
        return None  # orphans are found again on disk
    if output in claimed:
        if not input_exists(old) or same_file(_raw_name(old), claimed[output]):
            return None
        return _lost(old, "output_taken", TAKEN)
    if output is not None and not (where.out_dir / output).is_file():
        return _lost(old, "record_missing", MISSING) if input_exists(old) else None
    name = old["input"]
    gone_from_warc = "#" in name and name.rsplit("#", 1)[0] in where.warcs
    if input_exists(old) and not gone_from_warc:
        where.tally.carried += output is not None
        return old
    if output is None:
        return None
    return _orphan(name, output, where, old.get("sha256"), WARC_GONE if gone_from_warc else INPUT_GONE)


def _lost(old: Entry, reason: str, why: str) -> Entry:
    """An input still there whose record is not: an error entry until a run gives it one again."""
    result = PageResult(
        _raw_name(old),
        "error",
        reason=reason,
        message=why.format(output=old["output"]),
        sha256=old.get("sha256"),
        url=old.get("url"),
        warc_date=old.get("warc_date"),
        previous_status=old["status"],
    )
    return entry(result)


def _join(run: Iterable[Row], previous: Iterable[Entry]) -> Iterator[tuple[Row | None, Entry | None]]:
    """Merge the run's rows and the previous entries, both sorted by input; an input in both gives the row."""
    tagged: Iterator[tuple[str, int, Any]] = heapq.merge(
        ((row[0], 0, row) for row in run),
        ((item["input"], 1, item) for item in previous),
        key=lambda t: (t[0], t[1]),
    )
    last_run_input: str | None = None
    for name, source, item in tagged:
        if source == 0:
            last_run_input = name
            yield item, None
        elif name != last_run_input:
            yield None, item


def strays(named: set[str], where: Where) -> list[Row]:
    """Rows for the records on disk that no entry names, sorted by input."""
    found = []
    top = str(where.out_dir).rstrip(os.sep) + os.sep
    for dirpath, _dirs, files in os.walk(where.out_dir):
        folder = dirpath[len(top) :].replace(os.sep, "/") + "/" if dirpath != str(where.out_dir) else ""
        for filename in files:
            output = folder + filename
            if not filename.endswith(".json") or output in named or output == REPORT_NAME:
                continue
            source = _source_of(where.out_dir / output)
            if source is None:
                continue  # not one of our records: leave it alone
            name = str(source.get("path") or output)
            why = UNCLAIMED if input_exists({"input": name}) else INPUT_GONE
            orphan = _orphan(name, output, where, source.get("sha256"), why)
            if orphan is not None:
                found.append(as_row(orphan))
    return sorted(found)


def _source_of(path: Path) -> dict[str, Any] | None:
    """The provenance of one of our records; None for any other file (a user's own JSON stays unlisted)."""
    try:
        doc = provenance(path.read_text(encoding="utf-8"))
        source, _ = doc["source"], doc["extraction"]["pipeline_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return source if isinstance(source, dict) else None


def _orphan(name: str, output: str, where: Where, digest: str | None, why: str) -> Entry | None:
    """The entry of an orphaned record, or None once --prune has deleted it."""
    if where.prune:
        with contextlib.suppress(OSError):
            os.unlink(where.out_dir / output)
            where.tally.pruned += 1
        return None
    where.tally.orphaned += 1
    return entry(PageResult(name, "orphaned", output=output, message=why, sha256=digest))


def _raw_name(item: Entry) -> str:
    """An entry's input name as the file system has it (see inputs.printable)."""
    raw = item.get("input_hex")
    return os.fsdecode(bytes.fromhex(raw)) if raw else item["input"]


def input_exists(item: Entry) -> bool:
    """Whether an entry's input is still there: the file itself, or the WARC a page came from."""
    name = _raw_name(item)
    if os.path.lexists(name):
        return True
    return "#" in name and os.path.lexists(name.rsplit("#", 1)[0])


class RecordHolders:
    """Which input each record name in an output folder belongs to, read from the records on demand.

    Each folder of the output is listed once, case-folded, so `Page.json` on
    disk holds the name `page.json` too; a record is read only when a run
    wants its name, and then only its tail. Listings are kept for the run:
    about as much memory as the names the run hands out.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = str(out_dir)
        self._listings: dict[str, dict[str, str]] = {}

    def holder(self, output: str) -> str | None:
        folder, _, filename = output.rpartition("/")
        where = os.path.join(self.out_dir, folder) if folder else self.out_dir
        listing = self._listings.get(where)
        if listing is None:
            listing = self._listings[where] = _listing(where)
        found = listing.get(filename.casefold())
        if found is None:
            return None
        return recorded_input(os.path.join(where, found)) or ""

    @staticmethod
    def same_input(holder: str, name: str, path: str) -> bool:
        """By name as given, else by real path: `raw/a.html` and `/abs/raw/a.html` are one input."""
        return holder == printable(name) or _real(holder) == path

    @staticmethod
    def exists(holder: str) -> bool:
        return input_exists({"input": holder})


def _listing(folder: str) -> dict[str, str]:
    """The names in one folder, case-folded; empty when it is not there (yet)."""
    try:
        return {name.casefold(): name for name in os.listdir(folder)}
    except OSError:
        return {}


def same_file(one: str, other: str) -> bool:
    """Whether two input names (a page of a WARC: `<warc>#<page>`) are the same input, by real path."""
    return one == other or _real(one) == _real(other)


def _real(name: str) -> str:
    file, hash_mark, page = name.partition("#")
    return os.path.realpath(file) + hash_mark + page
