"""report: sorted, deterministic, and written in bounded memory (sorted spills merged at the end)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from pipeline.engines import PageResult
from pipeline.report import Report, Spooled, entry, read_entries, read_header


def write(report: Report, path: Path) -> None:
    spooled = Spooled(report.version, report.rows())
    spooled.write(path)
    spooled.close()


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
    write(report, tmp_path / "r.json")
    expected = {
        "pipeline_version": "9.9",
        "fingerprint": None,
        "totals": {"inputs": 250, "ok": 214, "error": 36, "skipped": 0, "orphaned": 0},
        "errors_by_reason": {"no_article": 36},
        "entries": [entry(r) for r in items],
    }
    text = (tmp_path / "r.json").read_text()
    assert json.loads(text) == expected
    lines = text.splitlines()
    assert lines[: lines.index('  "entries": [')] == json.dumps(expected, indent=2).splitlines()[:13]
    assert sum(line.startswith('    {"input": ') for line in lines) == 250  # one entry a line
    assert report.slowest() == (
        ("in/p00249.html", 0.249),
        ("in/p00248.html", 0.248),
        ("in/p00247.html", 0.247),
    )
    report.close()


def test_empty_report_is_valid_json(tmp_path: Path):
    report = Report("1")
    write(report, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text())["entries"] == []


def test_a_report_reads_back_header_and_entries(tmp_path: Path):
    report = Report("2.0", chunk=4)
    for result in results(10):
        report.add(result)
    spooled = Spooled("2.0", report.rows())
    spooled.fingerprint = "abc"
    spooled.write(tmp_path / "r.json")
    spooled.close()
    assert read_header(tmp_path / "r.json") == {
        "pipeline_version": "2.0",
        "fingerprint": "abc",
        "totals": {"inputs": 10, "ok": 8, "error": 2, "skipped": 0, "orphaned": 0},
        "errors_by_reason": {"no_article": 2},
    }
    assert list(read_entries(tmp_path / "r.json")) == list(report.entries())
    (tmp_path / "bad.json").write_text("not a report")
    assert read_header(tmp_path / "bad.json") is None and list(read_entries(tmp_path / "bad.json")) == []
    report.close()


def test_slowest_leaves_out_each_process_first_page():
    report = Report("1")
    for name, pid, seconds in [("a", 10, 0.9), ("b", 20, 0.8), ("c", 10, 0.3), ("d", 20, 0.2), ("e", 10, 0.1)]:
        report.add(PageResult(name, "ok", seconds=seconds, pid=pid))
    assert report.slowest() == (("c", 0.3), ("d", 0.2), ("e", 0.1))
    report.close()
