"""The run report, kept in bounded memory whatever the number of pages.

Results arrive in any order (parallel workers); the report lists them sorted
by input. Rather than holding every entry until the end, entries go to a
buffer that is sorted and spilled to a temporary file every CHUNK entries;
the report is then written by merging the sorted chunks. Counts are kept on
the fly, so the header needs no second pass.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.engines import PageResult
from pipeline.inputs import printable, raw_name_hex
from pipeline.outputs import atomic_file

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


class Report:
    """Collects results of one run; writes `_report.json` sorted by input, in bounded memory."""

    def __init__(self, version: str, chunk: int = CHUNK) -> None:
        self.version = version
        self._chunk = chunk
        self._buffer: list[tuple[str, str]] = []  # (input name, entry as JSON)
        self._spills: list[IO[str]] = []
        self._status: Counter[str] = Counter()
        self._reasons: Counter[str] = Counter()
        self._slowest: list[tuple[float, str]] = []  # a min-heap of the 3 slowest

    def add(self, result: PageResult) -> None:
        self._status[result.status] += 1
        if result.status == "error":
            self._reasons[result.reason or "unknown"] += 1
        push = heapq.heappush if len(self._slowest) < 3 else heapq.heappushpop
        push(self._slowest, (result.seconds, printable(result.name)))
        item = entry(result)
        self._buffer.append((item["input"], json.dumps(item, ensure_ascii=False)))
        if len(self._buffer) >= self._chunk:
            self._spill()

    def _spill(self) -> None:
        spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        for name, line in sorted(self._buffer):
            spill.write(f"{json.dumps(name, ensure_ascii=False)}\t{line}\n")
        self._spills.append(spill)
        self._buffer = []

    def totals(self) -> dict[str, int]:
        return {
            "inputs": sum(self._status.values()),
            "ok": self._status["ok"],
            "error": self._status["error"],
            "skipped": self._status["skipped"],
        }

    def slowest(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, seconds) for seconds, name in sorted(self._slowest, reverse=True))

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry, sorted by input."""
        for _, line in self._merged():
            yield json.loads(line)

    def _merged(self) -> Iterator[tuple[str, str]]:
        streams = [self._read(spill) for spill in self._spills]
        streams.append(iter(sorted(self._buffer)))
        return heapq.merge(*streams, key=lambda pair: pair[0])

    @staticmethod
    def _read(spill: IO[str]) -> Iterator[tuple[str, str]]:
        spill.seek(0)
        for raw in spill:
            name, line = raw.rstrip("\n").split("\t", 1)
            yield json.loads(name), line

    def write(self, path: Path) -> None:
        """The report, streamed: an indented header, then one entry a line (100,000 pages stay greppable)."""
        head = {
            "pipeline_version": self.version,
            "totals": self.totals(),
            "errors_by_reason": dict(sorted(self._reasons.items())),
        }
        with atomic_file(path) as out:
            out.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "entries": [')
            first = True
            for _, line in self._merged():
                out.write(("\n    " if first else ",\n    ") + line)
                first = False
            out.write("]\n}\n" if first else "\n  ]\n}\n")

    def close(self) -> None:
        for spill in self._spills:
            spill.close()
        self._spills = []
