"""report: sorted, deterministic, and written in bounded memory (sorted spills merged at the end)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from pipeline.engines import PageResult
from pipeline.report import Report, entry


def results(n: int) -> list[PageResult]:
    out = []
    for i in range(n):
        if i % 7 == 0:
            out.append(
                PageResult(f"in/p{i:05}.html", "error", reason="no_article", message="none", seconds=i / 1000)
            )
        else:
            out.append(
                PageResult(
                    f"in/p{i:05}.html", "ok", output=f"p{i:05}.json", warnings=("w",), seconds=i / 1000
                )
            )
    return out


def test_spilled_report_equals_the_whole_document_dumped_at_once(tmp_path: Path):
    items = results(250)
    shuffled = random.Random(7).sample(items, len(items))
    report = Report("9.9", chunk=32)  # 8 spills
    for result in shuffled:
        report.add(result)
    report.write(tmp_path / "r.json")
    expected = {
        "pipeline_version": "9.9",
        "totals": {"inputs": 250, "ok": 214, "error": 36, "skipped": 0, "orphaned": 0},
        "errors_by_reason": {"no_article": 36},
        "entries": [entry(r) for r in items],
    }
    text = (tmp_path / "r.json").read_text()
    assert json.loads(text) == expected
    lines = text.splitlines()
    assert lines[: lines.index('  "entries": [')] == json.dumps(expected, indent=2).splitlines()[:12]
    assert sum(line.startswith('    {"input": ') for line in lines) == 250  # one entry a line
    assert report.slowest() == (
        ("in/p00249.html", 0.249),
        ("in/p00248.html", 0.248),
        ("in/p00247.html", 0.247),
    )
    report.close()


def test_empty_report_is_valid_json(tmp_path: Path):
    report = Report("1")
    report.write(tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text())["entries"] == []
