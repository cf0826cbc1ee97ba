"""Command line: options, exit status, output streams, and a run killed with SIGKILL half-way.

In-process tests swap process() for the fake page function; the subprocess
tests use the real one but assert only what holds whatever it extracts.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import __version__, cli
from pipeline.inputs import count_inputs
from pipeline.models import Record
from pipeline.progress import Progress
from pipeline.results import PageResult
from tests.test_batch import PAGES, fake_page, make_tree

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "process", fake_page)


def python_m(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


# ------------------------------------------------------------------ schema


def test_schema_prints_the_record_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(Record.model_json_schema(), indent=2, sort_keys=True) + "\n"


def test_schema_write(tmp_path: Path) -> None:
    target = tmp_path / "schema" / "record.schema.json"
    assert cli.main(["schema", "--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == cli.schema_text()


# --------------------------------------------------------------------- run


@pytest.mark.usefixtures("fake")
def test_run_exit_1_when_a_page_fails_and_others_still_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    assert cli.main(["run", str(root), "--out", str(out), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("5 inputs: 4 ok, 1 error, 0 skipped")
    assert len(captured.out.splitlines()) == 1
    assert "\r" not in captured.err  # stderr is not a terminal here: no progress bar
    assert sorted(p.name for p in out.rglob("*.json")) == [
        "_report.json",
        "a.json",
        "b.json",
        "c.json",
        "d.json",
    ]


@pytest.mark.usefixtures("fake")
def test_run_exit_0_then_everything_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>", "b.txt": "B"})
    args = ["run", str(root), "--out", str(tmp_path / "out"), "--workers", "2"]
    assert cli.main(args) == 0
    assert cli.main(args) == 0
    assert "2 inputs: 0 ok, 0 error, 2 skipped" in capsys.readouterr().out
    assert cli.main([*args, "--force"]) == 0
    assert "2 inputs: 2 ok" in capsys.readouterr().out


@pytest.mark.usefixtures("fake")
def test_defaults_are_raw_and_output_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path / "raw", {"x.html": "<p>x</p>"})
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "--workers", "1"]) == 0
    assert (tmp_path / "output" / "x.json").is_file()
    assert (tmp_path / "output" / "_report.json").is_file()


@pytest.mark.usefixtures("fake")
def test_run_options_reach_the_batch(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "in", {"big.html": "<p>" + "x" * 3000 + "</p>", "slow.html": "SLEEP", "a.html": "A"}
    )
    out, jsonl = tmp_path / "out", tmp_path / "all.jsonl"
    argv = ["run", str(root), "--out", str(out), "--workers", "1", "--max-bytes", "2k", "--timeout", "0.2"]
    assert cli.main([*argv, "--jsonl", str(jsonl)]) == 1
    report = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert report["errors_by_reason"] == {"timeout": 1, "too_large": 1}
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "does/not/exist"],
        ["run", "--workers", "0"],
        ["run", "--max-bytes", "12Q"],
        ["run", "--timeout", "-1"],
        ["run", "--engine", "spark"],
        ["run", "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_usage_exits_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    assert cli.main(argv) == 2


def test_progress_line_counts_results() -> None:
    stream = io.StringIO()
    progress = Progress(stream)
    progress.update(PageResult("a", "ok"))
    progress.update(PageResult("b", "error"))
    progress.close()
    assert stream.getvalue().rstrip().rsplit("\r", 1)[-1].startswith("2 done: 1 ok, 1 error, 0 skipped")


def test_progress_bar_shows_total_rate_and_time_left() -> None:
    now = [100.0]
    progress = Progress(io.StringIO(), total=10, clock=lambda: now[0])
    for status in ("ok", "ok", "error"):
        now[0] += 0.5
        progress.update(PageResult("x", status))
    assert progress.line(now[0]) == f"[{'#' * 7}{'.' * 17}] 3/10 2.0/s, 0:04 left: 2 ok, 1 error, 0 skipped"
    for _ in range(9):  # more entries than the estimate (a WARC's pages): the total follows
        progress.update(PageResult("y", "skipped"))
    assert progress.line(now[0]).startswith(f"[{'#' * 24}] 12/12 ")


@pytest.mark.parametrize(("flag", "drawn"), [("--progress", True), ("--quiet", False), (None, False)])
@pytest.mark.usefixtures("fake")
def test_progress_flags_override_the_terminal_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str | None, drawn: bool
) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    argv = ["run", str(root), "--out", str(tmp_path / "out"), "--workers", "1"]
    cli.main(argv + ([flag] if flag else []))
    err = capsys.readouterr().err
    assert ("\r[" in err) is drawn
    if drawn:
        assert "5/5 " in err.rsplit("\r", 1)[-1]


def test_count_inputs_estimates_what_the_walk_reports(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {**PAGES, ".git/x": "x", ".env": "x", "out/a.json": "{}"})
    assert count_inputs([str(root), str(root / "a.html")], root / "out") == 5 + 2 + 1


# -------------------------------------------------------------- subprocess


def tiny_page(i: int) -> str:
    words = " ".join(f"word{i}x{j}" for j in range(60))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Condition {i}</title></head><body>"
        f"<article><h1>Condition {i}</h1><h2>Description</h2><p>Condition {i} is a test. {words}.</p>"
        f"<h2>Causes</h2><ul><li>cause one of {i}</li><li>cause two</li></ul></article></body></html>"
    )


def test_module_runs_real_pages_as_a_subprocess(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"one.html": tiny_page(1)})
    done = subprocess.run(
        python_m("run", str(root), "--out", str(tmp_path / "out"), "--workers", "1"),
        cwd=tmp_path,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads((tmp_path / "out" / "_report.json").read_text(encoding="utf-8"))
    assert report["totals"]["inputs"] == 1
    assert done.stdout.startswith("1 inputs:")


def test_sigkill_mid_run_then_rerun_leaves_complete_output(tmp_path: Path) -> None:
    count = 200
    root = make_tree(tmp_path / "in", {f"p{i:03}.html": tiny_page(i) for i in range(count)})
    out = tmp_path / "out"
    argv = python_m("run", str(root), "--out", str(out), "--workers", "2")
    victim = subprocess.Popen(
        argv, cwd=tmp_path, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and victim.poll() is None:
        if out.is_dir() and sum(1 for _ in out.glob("p*.json")) >= 20:
            break
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    survivors = {p.name for p in out.glob("p*.json")} if out.is_dir() else set()
    for record in survivors:  # whatever the kill interrupted, no record is half-written
        assert json.loads((out / record).read_text(encoding="utf-8"))["source"]["path"].startswith(str(root))

    rerun = subprocess.run(
        argv, cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert rerun.returncode in (0, 1), rerun.stderr
    report = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert report["totals"]["inputs"] == count
    assert [e["input"] for e in report["entries"]] == [
        f"{root.as_posix()}/p{i:03}.html" for i in range(count)
    ]
    skipped = {e["output"] for e in report["entries"] if e["status"] == "skipped"}
    assert survivors <= skipped  # (a dying worker may still have landed one more)
    records = {p.name for p in out.glob("p*.json")}
    assert len(records) == report["totals"]["ok"] + report["totals"]["skipped"]
    for record in records:
        json.loads((out / record).read_text(encoding="utf-8"))
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_every_cap_can_be_set_from_the_command_line(tmp_path: Path) -> None:
    """Each Limits cap has a flag: a tiny --max-elements turns a real page into a too_many_elements entry."""
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<html><body>" + "<p>Gout inflames a joint, often the big toe.</p>" * 20 + "</body></html>"
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(page.parent),
            "--out",
            str(out),
            "--workers",
            "1",
            "--max-elements",
            "10",
            "--max-decompressed",
            "1k",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert proc.returncode == 1
    entry = json.loads((out / "_report.json").read_text())["entries"][0]
    assert entry["reason"] == "too_many_elements"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--workers", "abc"], "argument --workers: not a whole number: 'abc'"),
        (["--timeout", "soon"], "argument --timeout: not a number: 'soon'"),
        (["--timeout", "inf"], "argument --timeout: must be more than 0, and finite"),
    ],
)
def test_bad_numbers_are_named_in_words(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", *argv]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(says) and "_positive" not in err


@pytest.mark.parametrize(("script", "data"), [("quality.py", "--data"), ("speed.py", None)])
def test_benchmarks_without_their_needs_say_so_in_one_line(script: str, data: str | None, tmp_path: Path) -> None:
    """Without trafilatura, or without the benchmark data, one line says what to get."""
    folder = [data] if data else []
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *folder, str(tmp_path / "no-data")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert "pip install -e '.[bench]'" in line or f"benchmark in {tmp_path / 'no-data'}: " in line


@pytest.mark.usefixtures("fake")
def test_jsonl_dash_writes_the_records_to_stdout_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path / "in", {**PAGES, "notes.md": "# not a page"})
    assert cli.main(["run", str(root), "--out", str(tmp_path / "out"), "--workers", "1", "--jsonl", "-"]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [doc["source"]["path"].rsplit("/", 1)[-1] for doc in lines] == ["a.html", "d.xhtml", "b.htm", "c.txt"]
    assert "6 inputs: 4 ok, 1 error, 1 skipped" in captured.err  # every stdout line parsed as a record above
    assert not (tmp_path / "-").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"health-pipeline {__version__}"


def test_a_reader_that_stops_reading_is_no_error(monkeypatch, tmp_path, capsys):
    """`explain PAGE | head`: the pipe closes under the writer; the command ends quietly, status 0."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return os.open(os.devnull, os.O_WRONLY)

    page = Path(__file__).resolve().parent.parent / "raw" / "gout.html"
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.main(["explain", str(page)]) == 0
    assert capsys.readouterr().err == ""
