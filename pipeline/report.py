"""The run's results and the report file, kept in bounded memory whatever the number of pages.

Results arrive in any order (parallel workers); the report lists them sorted
by input. Rather than holding every entry until the end, entries go to a
buffer that is sorted and spilled to a temporary file every CHUNK entries,
and are read back by merging the sorted chunks. The report file itself is
written from a `Spooled` copy of its entries: counted on the way in, so the
header can come first, and kept, so a failed write can be tried again.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.inputs import WARC_SUFFIXES, printable, raw_name_hex
from pipeline.outputs import atomic_file
from pipeline.results import PageResult

_ENTRIES_AT = ',\n  "entries": ['
_HEADER_MAX = 2**16
CHUNK = 20_000  # entries held in memory before a sorted spill (about 20 MB)
_ENTRY_FIELDS = (
    "status",
    "output",
    "reason",
    "message",
    "parser",
    "profile",
    "warnings",
    "sha256",
    "url",
    "warc_date",
    "previous_status",
)


def entry(result: PageResult) -> dict[str, Any]:
    """The report entry of one input: what happened, without timings (the report is deterministic).

    Every text goes through `printable`, so a file name (or a message quoting
    one) that is not UTF-8 can never stop the report from being written; such
    a name also gets `input_hex`, its exact bytes.
    """
    out: dict[str, Any] = {"input": printable(result.name)}
    for name in _ENTRY_FIELDS:
        value = getattr(result, name)
        if isinstance(value, tuple):
            value = [printable(item) for item in value]
        out[name] = printable(value) if isinstance(value, str) else value
    raw = raw_name_hex(result.name)
    if raw is not None:
        out["input_hex"] = raw
    return out


Row = tuple[str, str, str | None, str]  # (input, status, reason, the entry as one line of JSON)


def as_row(item: dict[str, Any]) -> Row:
    """An entry in the form reports are sorted, counted and written in, so no entry is parsed twice."""
    return item["input"], item["status"], item["reason"], json.dumps(item, ensure_ascii=False)


class Report:
    """Collects results of one run, sorted by input, in bounded memory."""

    def __init__(self, version: str, chunk: int = CHUNK) -> None:
        self.version = version
        self.outputs: dict[str, str] = {}  # the records this run wrote or kept, and the input of each
        self.warcs: set[str] = set()  # the WARC files it read
        self._chunk = chunk
        self._buffer: list[Row] = []
        self._spills: list[IO[str]] = []
        self._status: Counter[str] = Counter()
        self._reasons: Counter[str] = Counter()
        self._slowest: list[tuple[float, str]] = []  # a min-heap of the 3 slowest
        self._warm: set[int] = set()  # processes whose first page is done

    def add(self, result: PageResult) -> None:
        self._status[result.status] += 1
        if result.status == "error":
            self._reasons[result.reason or "unknown"] += 1
        if result.output is not None:
            self.outputs[result.output] = result.name
        source = printable(result.name).rsplit("#", 1)[0]
        if source.lower().endswith(WARC_SUFFIXES):
            self.warcs.add(source)
        if self._is_warm(result):
            push = heapq.heappush if len(self._slowest) < 3 else heapq.heappushpop
            push(self._slowest, (result.seconds, printable(result.name)))
        self._buffer.append(as_row(entry(result)))
        if len(self._buffer) >= self._chunk:
            self._spill()

    def _is_warm(self, result: PageResult) -> bool:
        """False for the first page a process worked on (not skipped): its time is mostly loading."""
        if result.status == "skipped" or result.pid in self._warm:
            return True
        self._warm.add(result.pid)
        return False

    def _spill(self) -> None:
        spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        for name, status, reason, line in sorted(self._buffer):
            spill.write(f"{json.dumps([name, status, reason], ensure_ascii=False)}\t{line}\n")
        self._spills.append(spill)
        self._buffer = []

    def totals(self) -> dict[str, int]:
        return {
            "inputs": sum(self._status.values()),
            "ok": self._status["ok"],
            "error": self._status["error"],
            "skipped": self._status["skipped"],
        }

    def reasons(self) -> dict[str, int]:
        return dict(sorted(self._reasons.items()))

    def slowest(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, seconds) for seconds, name in sorted(self._slowest, reverse=True))

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry, sorted by input."""
        for row in self.rows():
            yield json.loads(row[3])

    def rows(self) -> Iterator[Row]:
        """Every entry as a Row, sorted by input."""
        streams = [_read_rows(spill) for spill in self._spills]
        streams.append(iter(sorted(self._buffer)))
        return heapq.merge(*streams, key=lambda row: row[0])

    def close(self) -> None:
        for spill in self._spills:
            spill.close()
        self._spills = []


def _read_rows(spill: IO[str]) -> Iterator[Row]:
    """Rows back from a spill file: a JSON head (input, status, reason), a tab, the entry's JSON."""
    spill.seek(0)
    for raw in spill:
        head, line = raw.rstrip("\n").split("\t", 1)
        name, status, reason = json.loads(head)
        yield name, status, reason, line


class Spooled:
    """Report rows, already sorted, copied to a temporary file and counted on the way.

    `write` can then put the totals first and be called again after a failure
    (a full disk), without going back to where the rows came from.
    """

    def __init__(self, version: str, rows: Iterable[Row]) -> None:
        self.version = version
        self.fingerprint: str | None = None  # of the code that made every record listed; None: mixed
        self._status: Counter[str] = Counter()
        self._reasons: Counter[str] = Counter()
        self._extra: list[Row] = []
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        for name, status, reason, line in self._counted(rows):
            self._file.write(f"{json.dumps([name, status, reason], ensure_ascii=False)}\t{line}\n")

    def include(self, rows: Iterable[Row]) -> None:
        """A few more rows (sorted by input), merged into place when the file is written."""
        self._extra.extend(self._counted(rows))

    def _counted(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self._status[row[1]] += 1
            if row[1] == "error":
                self._reasons[row[2] or "unknown"] += 1
            yield row

    def totals(self) -> dict[str, int]:
        counts = {name: self._status[name] for name in ("ok", "error", "skipped", "orphaned")}
        return {"inputs": counts["ok"] + counts["error"] + counts["skipped"], **counts}

    def write(self, path: Path) -> None:
        """The report, streamed: an indented header, then one entry a line (100,000 pages stay greppable)."""
        head = {
            "pipeline_version": self.version,
            "fingerprint": self.fingerprint,
            "totals": self.totals(),
            "errors_by_reason": dict(sorted(self._reasons.items())),
        }
        rows = heapq.merge(_read_rows(self._file), self._extra, key=lambda row: row[0])
        with atomic_file(path) as out:
            out.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "entries": [')
            first = True
            for row in rows:
                out.write(("\n    " if first else ",\n    ") + row[3])
                first = False
            out.write("]\n}\n" if first else "\n  ]\n}\n")

    def close(self) -> None:
        self._file.close()


def read_header(path: Path) -> dict[str, Any] | None:
    """The header of a report this pipeline wrote (all but its entries), or None without a readable one."""
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read(_HEADER_MAX)
        head = json.loads(text[: text.index(_ENTRIES_AT)] + "}")
    except (OSError, ValueError):
        return None
    return head if isinstance(head, dict) else None


def read_entries(path: Path) -> Iterator[dict[str, Any]]:
    """The entries of a report this pipeline wrote (one a line, sorted); none when it is missing or unreadable.

    A damaged line is passed over: the report is rebuilt from what can be read
    and from the records on disk.
    """
    try:
        stream = open(path, encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError:
        return
    with stream:
        for line in stream:
            text = line.strip().rstrip(",")
            if not text.startswith('{"input": '):
                continue
            try:
                yield json.loads(text)
            except ValueError:
                continue
