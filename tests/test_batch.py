"""Batch runner: walking, naming, reports, incremental reruns, limits and crashes.

Every test injects `fake_page` (a deterministic stand-in for process()) so
nothing here depends on what the real stages extract. Markers in a page's
text make it fail, sleep, crash or hang, on demand.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.batch import BatchConfig, BatchError, run_batch
from pipeline.deadline import PageTimeout, deadline
from pipeline.errors import PageError
from pipeline.fingerprint import code_fingerprint
from pipeline.inputs import (
    Namer,
    Problem,
    Task,
    is_input_name,
    iter_inputs,
    read_page,
    safe_component,
    split_suffix,
)
from pipeline.models import Extraction, Limits, Paragraph, Record, Section, Source
from pipeline.outputs import RecordBatch, is_our_temp, sweep_temp_files, write_atomic
from pipeline.pagetask import run_task, run_tasks, stamped
from pipeline.records import record_json
from pipeline.settings import Settings

# ------------------------------------------------------------ the fake page


def fake_page(data: bytes, name: str, limits: Limits | None = None, **origin: str | None) -> Record:
    """A Record made from the bytes alone; markers trigger each failure mode the batch must survive."""
    text = data.decode("utf-8", "replace")
    if "FAIL" in text:
        raise PageError("no_article", "fake page without article")
    if "BUG" in text:
        raise ValueError("fake bug")
    if "SLEEP" in text:
        while True:  # Python-level loop: any kind of deadline can stop it
            time.sleep(0.01)
    if "CRASH" in text:
        os._exit(3)
    if "HOG" in text:  # a real MemoryError: no machine lends 4 EiB
        bytearray(2**62)
    if "HANG" in text:  # one long C loop that never checks for signals: only a process kill stops it
        sum(range(10**12))
    return Record(
        title=text.strip().splitlines()[0] if text.strip() else None,
        page_kind="other",
        icd10=[],
        alternative_names=[],
        sections=[
            Section(heading=None, level=1, kind="description", blocks=[Paragraph(text=text.strip() or "-")])
        ],
        disclaimer=None,
        source=Source(
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            bytes=len(data),
            format="text" if name.endswith(".txt") else "html",
            encoding="utf-8",
            url=origin.get("url"),
            modified=origin.get("crawled"),
        ),
        extraction=Extraction(
            pipeline_version=__version__,
            parser="text-dump" if name.endswith(".txt") else "lxml.html",
            profile="fake",
            removed={},
            warnings=["fake warning"] if "WARN" in text else [],
            kind_signals=[],
        ),
    )


def make_tree(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(tmp_path: Path, *paths: Path, **options: object) -> tuple[dict, Path]:
    out = Path(options.pop("out", tmp_path / "out"))  # type: ignore[arg-type]
    config = BatchConfig(paths=tuple(str(p) for p in paths), out_dir=out, page_fn=fake_page, **options)  # type: ignore[arg-type]
    summary = run_batch(config)
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["totals"] == {
        **summary.totals,
        "orphaned": summary.orphaned,
    }  # the folder holds this run only
    return report, out


def entries(report: dict) -> dict[str, dict]:
    return {e["input"]: e for e in report["entries"]}


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of an output folder but the run log, whose times differ from run to run by design."""
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and p.name != "_runs.jsonl")
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


PAGES = {
    "a.html": "<p>Alpha</p>",
    "sub/b.htm": "<p>Beta WARN</p>",
    "sub/deeper/c.txt": "Gamma dump",
    "d.xhtml": "<p>Delta</p>",
    "bad.html": "FAIL",
}


# ------------------------------------------------------------------ naming


def test_split_suffix_knows_double_suffixes() -> None:
    assert split_suffix("a.html.gz") == ("a", ".html.gz")
    assert split_suffix("A.HTM") == ("A", ".HTM")
    assert split_suffix("crawl.warc.gz") == ("crawl", ".warc.gz")
    assert split_suffix("page.php") == ("page", ".php")
    assert split_suffix("README") == ("README", "")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("..", "_.."),
        (".env", "_.env"),
        ("a/b", "a_b"),
        ("", "_"),
        ("naïve café", "naïve_café"),
        ("x:y*?", "x_y__"),
    ],
)
def test_safe_component(raw: str, safe: str) -> None:
    assert safe_component(raw) == safe


def test_safe_component_bounds_length() -> None:
    assert len(safe_component("x" * 500).encode()) <= 120
    assert safe_component("x" * 500) != safe_component("x" * 499 + "y")


def test_namer_gives_distinct_deterministic_names() -> None:
    def names() -> list[str]:
        namer = Namer()
        return [
            namer.claim(("a",), "one/a.html"),
            namer.claim(("a",), "two/a.html"),
            namer.claim(("A",), "three/A.html"),
            namer.claim(("_report",), "_report.html"),
            namer.claim(("x.json", "y"), "x.json/y.html"),
        ]

    first = names()
    assert first == names()
    assert first[0] == "a.json"
    assert len({n.casefold() for n in first}) == len(first)
    assert first[3] != "_report.json"
    assert first[4] == "x.json_/y.json"
    assert all(not n.startswith(("/", "..")) for n in first)


# ----------------------------------------------------------------- walking


def test_walk_reports_every_file_and_sniffs_the_unknown_ones(tmp_path: Path) -> None:
    hidden = {".hidden.html": "x", "..html": "x", ".git/e.html": "x"}
    others = {"notes.md": "# Notes", "data.json": "{}", "archive.gz": "\x1f\x8bgz", "README": "plain words"}
    pages = {"page.php": "<html><body><p>php</p></body></html>", "index.shtml": "<p>a</p><p>b</p><p>c</p>"}
    root = make_tree(tmp_path / "in", {**PAGES, **hidden, **others, **pages, "out/x.json": "{}"})
    extra = make_tree(tmp_path / "extra", {"page.php": "plain words", ".dot.html": "<p>dot</p>"})
    given = [str(root), str(extra / "page.php"), str(extra / ".dot.html")]
    found = list(iter_inputs(given, os.path.realpath(root / "out")))
    skipped = {f.name.rsplit("/", 1)[-1]: f.reason for f in found if isinstance(f, Problem)}
    assert skipped == {
        ".hidden.html": "hidden",
        "..html": "hidden",
        ".git": "hidden",
        "notes.md": "not_a_page",
        "data.json": "not_a_page",
        "archive.gz": "not_a_page",
        "README": "not_a_page",
    }
    assert all(f.status == "skipped" for f in found if isinstance(f, Problem))
    tasks = [t for t in found if isinstance(t, Task)]
    assert [t.output for t in tasks][:2] == [
        "_.dot.json",
        "page.json",
    ]  # named on the command line: never skipped
    by_input = {t.name.removeprefix(f"{root.as_posix()}/"): t.output for t in tasks[2:]}
    assert by_input.pop("page.php").startswith("page~")  # sniffed as HTML; extra/page.php took page.json
    assert by_input == {
        "a.html": "a.json",
        "bad.html": "bad.json",
        "d.xhtml": "d.json",
        "index.shtml": "index.json",
        "sub/b.htm": "sub/b.json",
        "sub/deeper/c.txt": "sub/deeper/c.json",
    }
    assert is_input_name("a.html") and is_input_name("b.HTML.GZ") and not is_input_name(".hidden.html")


def test_symlinks_do_not_lead_out_of_the_folder(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    secret = make_tree(tmp_path / "outside", {"secret.html": "<p>S</p>"})
    (root / "link.html").symlink_to(secret / "secret.html")
    (root / "dirlink").symlink_to(secret)
    (root / "same.html").symlink_to(root / "a.html")
    found = list(iter_inputs([str(root)]))
    problems = {p.name.rsplit("/", 1)[-1]: p.reason for p in found if isinstance(p, Problem)}
    assert problems == {"dirlink": "outside_input", "link.html": "outside_input"}
    assert [t.name for t in found if isinstance(t, Task)] == [
        f"{root.as_posix()}/a.html"
    ]  # the inside link is a duplicate


def test_a_folder_that_cannot_be_listed_is_an_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>", "locked/b.html": "<p>B</p>"})
    listing = os.scandir

    def refuse_locked(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)  # root ignores chmod, so fake the refusal
    found = list(iter_inputs([str(root)]))
    assert [(f.name, f.reason) for f in found if isinstance(f, Problem)] == [
        (f"{root.as_posix()}/locked", "unreadable")
    ]
    assert [f.name for f in found if isinstance(f, Task)] == [f"{root.as_posix()}/a.html"]


def test_a_file_name_that_is_not_utf8_is_carried_and_shown_safely(tmp_path: Path) -> None:
    """A real name holding byte 0xff: a record, a report that parses, its bytes kept, and a quiet rerun."""
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    odd = Path(os.fsdecode(bytes(root) + b"/caf\xff.html"))
    odd.write_text("<p>Odd name</p>", encoding="utf-8")
    report, out = run(tmp_path, root, workers=2)
    assert report["totals"] == {"inputs": 2, "ok": 2, "error": 0, "skipped": 0, "orphaned": 0}
    item = entries(report)[f"{root.as_posix()}/caf\\xff.html"]
    assert bytes.fromhex(item["input_hex"]) == os.fsencode(odd)
    record = json.loads((out / item["output"]).read_text(encoding="utf-8"))
    assert record["source"]["path"] == item["input"]
    assert "input_hex" not in entries(report)[f"{root.as_posix()}/a.html"]
    assert run(tmp_path, root)[0]["totals"]["skipped"] == 2


def test_same_file_given_twice_is_one_input(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    assert len(list(iter_inputs([str(root), str(root / "a.html")]))) == 1


# --------------------------------------------------------------------- runs


def test_run_writes_records_report_and_mirrors_folders(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    report, out = run(tmp_path, root)
    assert report["totals"] == {"inputs": 5, "ok": 4, "error": 1, "skipped": 0, "orphaned": 0}
    assert report["errors_by_reason"] == {"no_article": 1}
    names = [e["input"] for e in report["entries"]]
    assert names == sorted(names)
    by_name = entries(report)
    bad = by_name[f"{root.as_posix()}/bad.html"]
    assert (bad["status"], bad["reason"], bad["output"]) == ("error", "no_article", None)
    beta = by_name[f"{root.as_posix()}/sub/b.htm"]
    assert (beta["status"], beta["output"], beta["profile"], beta["warnings"]) == (
        "ok",
        "sub/b.json",
        "fake",
        ["fake warning"],
    )
    data = (root / "sub/b.htm").read_bytes()
    made = stamped(fake_page(data, beta["input"]), report["fingerprint"])
    assert (out / "sub/b.json").read_text(encoding="utf-8") == record_json(made)
    assert made.extraction.code_fingerprint == code_fingerprint()  # each record names the code that made it
    assert not (out / "bad.json").exists()
    assert "time" not in json.dumps(report)


def test_pool_and_inline_runs_are_byte_identical(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {f"p{i:02}.html": f"<p>page {i}</p>" for i in range(12)} | PAGES)
    _, inline = run(tmp_path, root, out=tmp_path / "inline", workers=1)
    _, pooled = run(tmp_path, root, out=tmp_path / "pooled", workers=2)
    assert snapshot(inline) == snapshot(pooled)


def test_rerun_skips_unchanged_pages_and_redoes_the_rest(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    _, out = run(tmp_path, root)
    before = snapshot(out)
    (root / "a.html").write_text("<p>Alpha, edited</p>", encoding="utf-8")
    report, _ = run(tmp_path, root)
    assert report["totals"] == {"inputs": 5, "ok": 1, "error": 1, "skipped": 3, "orphaned": 0}
    beta = entries(report)[f"{root.as_posix()}/sub/b.htm"]
    assert (beta["status"], beta["previous_status"], beta["warnings"]) == ("skipped", "ok", ["fake warning"])
    after = snapshot(out)
    assert after["sub/b.json"] == before["sub/b.json"]
    assert after["a.json"] != before["a.json"]
    assert run(tmp_path, root, force=True)[0]["totals"]["skipped"] == 0


def test_new_pipeline_version_redoes_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    _, out = run(tmp_path, root)
    record = json.loads((out / "a.json").read_text(encoding="utf-8"))
    record["extraction"]["pipeline_version"] = "0.0.old"
    (out / "a.json").write_text(json.dumps(record), encoding="utf-8")
    report, _ = run(tmp_path, root)
    assert entries(report)[f"{root.as_posix()}/a.html"]["status"] == "ok"
    assert report["totals"]["skipped"] == 3


def test_a_page_that_now_fails_loses_its_old_record(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    _, out = run(tmp_path, root)
    assert (out / "a.json").exists()
    (root / "a.html").write_text("FAIL", encoding="utf-8")
    report, _ = run(tmp_path, root)
    assert report["totals"]["error"] == 1
    assert not (out / "a.json").exists()


def test_jsonl_has_every_record_in_input_order(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    run(tmp_path, root)
    (root / "d.xhtml").write_text("<p>Delta 2</p>", encoding="utf-8")
    jsonl = tmp_path / "all.jsonl"
    report, out = run(tmp_path, root, jsonl=jsonl)
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    expected = [e for e in report["entries"] if e["output"]]
    assert [doc["source"]["path"] for doc in lines] == [e["input"] for e in expected]
    assert lines == [json.loads((out / e["output"]).read_text(encoding="utf-8")) for e in expected]


# ------------------------------------------------------------ limits, crashes


def test_page_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"big.html": "<p>" + "x" * 5000 + "</p>", "small.html": "<p>s</p>"})
    report, _ = run(tmp_path, root, limits=Limits(max_bytes=1000))
    by_name = entries(report)
    assert by_name[f"{root.as_posix()}/big.html"]["reason"] == "too_large"
    assert by_name[f"{root.as_posix()}/small.html"]["status"] == "ok"


def test_a_file_longer_than_its_size_said_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read asks for the size fstat gave and a byte more; a file that grew since (here: whose size
    reads short) is still read to its end, and past max_bytes it is too_large as before."""
    page = tmp_path / "grown.html"
    page.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    real = os.fstat

    def short(fd: int) -> os.stat_result:
        st = real(fd)
        return os.stat_result((*st[:6], 10, *st[7:])) if st.st_size == 5007 else st

    monkeypatch.setattr(os, "fstat", short)
    task = Task(str(page), str(page), "grown.json")
    assert read_page(task, 5007) == page.read_bytes()
    with pytest.raises(PageError) as err:
        read_page(task, 5006)
    assert err.value.reason == "too_large"


def test_a_bug_in_one_page_is_an_entry_not_a_crash(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "BUG", "b.html": "<p>b</p>"})
    report, _ = run(tmp_path, root)
    bug = entries(report)[f"{root.as_posix()}/a.html"]
    assert bug["reason"] == "internal_error"
    assert bug["message"].startswith("ValueError: fake bug (at test_batch.py:")


def test_timeout_in_process(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"slow.html": "SLEEP", "fast.html": "<p>f</p>"})
    report, _ = run(tmp_path, root, limits=Limits(timeout_s=0.2))
    assert entries(report)[f"{root.as_posix()}/slow.html"]["reason"] == "timeout"
    assert report["totals"]["ok"] == 1


def test_timeout_and_crash_in_pool(tmp_path: Path) -> None:
    pages = {"slow.html": "SLEEP", "crash.html": "CRASH"} | {f"p{i}.html": f"<p>{i}</p>" for i in range(6)}
    root = make_tree(tmp_path / "in", pages)
    report, out = run(tmp_path, root, workers=2, limits=Limits(timeout_s=0.3))
    by_name = entries(report)
    assert by_name[f"{root.as_posix()}/slow.html"]["reason"] == "timeout"
    assert by_name[f"{root.as_posix()}/crash.html"]["reason"] == "worker_crash"
    assert report["totals"] == {"inputs": 8, "ok": 6, "error": 2, "skipped": 0, "orphaned": 0}
    assert len(list(out.glob("p*.json"))) == 6


def test_page_stuck_in_c_code_is_killed_as_timeout(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"hang.html": "HANG", "ok.html": "<p>ok</p>"})
    report, _ = run(tmp_path, root, workers=2, limits=Limits(timeout_s=0.1))
    assert entries(report)[f"{root.as_posix()}/hang.html"]["reason"] == "timeout"
    assert report["totals"]["ok"] == 1


def test_deadline_works_in_a_thread() -> None:
    outcome: list[str] = []

    def body() -> None:
        try:
            with deadline(0.1):
                while True:
                    time.sleep(0.01)
        except PageTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(5)
    assert outcome == ["timeout"]


def test_deadline_disarms_after_fast_code() -> None:
    with deadline(0.05):
        pass
    time.sleep(0.1)  # no late PageTimeout


# --------------------------------------------------------------- file safety


def test_write_atomic_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "r.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def test_record_batch_renames_in_order_and_hands_back_each_files_error(tmp_path: Path) -> None:
    """Nothing is in place before the commit; then each file lands whole (the last text given for a path
    wins), and a folder where a file goes is that file's OSError, not the others', with no temp file
    left behind."""
    (tmp_path / "blocked.json").mkdir()
    batch = RecordBatch()
    done = [batch.add(tmp_path / f"r{i % 5}.json", f"text {i}\n" * 1000) for i in range(20)]
    blocked = batch.add(tmp_path / "blocked.json", "x")
    after = batch.add(tmp_path / "deep" / "after.json", "after")
    assert not list(tmp_path.glob("r*.json")) and not (tmp_path / "deep" / "after.json").exists()
    batch.commit()
    assert all(staged.error is None for staged in done)
    last = {i % 5: i for i in range(20)}
    assert {p.name: p.read_text() for p in tmp_path.glob("r*.json")} == {
        f"r{k}.json": f"text {i}\n" * 1000 for k, i in last.items()
    }
    assert isinstance(blocked.error, IsADirectoryError) and after.error is None
    assert (tmp_path / "deep" / "after.json").read_text() == "after"
    assert not [p for p in tmp_path.rglob("*") if is_our_temp(p.name)]


def test_record_batch_syncs_once_per_file_system_and_falls_back_to_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One syncfs covers a batch of several files; where there is none (or it fails), each file is fsynced
    before its rename, and a file whose sync fails is that record's error alone."""
    import pipeline.outputs as outputs

    calls: list[str] = []
    monkeypatch.setattr(outputs, "_SYNCFS", lambda fd: calls.append("syncfs") or 0)
    monkeypatch.setattr(outputs.os, "fsync", lambda fd: calls.append("fsync"))
    batch = RecordBatch()
    for i in range(3):
        batch.add(tmp_path / f"r{i}.json", "x")
    batch.commit()
    assert calls == ["syncfs"]

    calls.clear()
    batch.add(tmp_path / "alone.json", "x")
    batch.commit()
    assert calls == ["fsync"]  # a lone file: its own fsync, not the whole file system's

    calls.clear()
    monkeypatch.setattr(outputs, "_SYNCFS", None)
    failing = tmp_path / "r1.json"

    def fsync(fd: int) -> None:
        calls.append("fsync")
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".r1.json.")):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    staged = [batch.add(tmp_path / f"r{i}.json", "new") for i in range(3)]
    batch.commit()
    assert calls == ["fsync"] * 3
    assert [s.error is None for s in staged] == [True, False, True]
    assert failing.read_text() == "x" and (tmp_path / "r2.json").read_text() == "new"
    assert not [p for p in tmp_path.iterdir() if is_our_temp(p.name)]


def test_an_interrupted_batch_of_pages_leaves_no_temp_file_and_no_record(tmp_path: Path) -> None:
    """Ctrl-C on the third page of a batch: the two pages done were only staged, so neither their
    records nor their temp files appear, and the interrupt goes on up."""
    pages = make_tree(tmp_path / "in", {"a.html": "<p>a</p>", "b.html": "<p>b</p>", "c.html": "<p>STOP</p>"})
    out = tmp_path / "out"
    out.mkdir()

    def page(data: bytes, name: str, limits: Limits | None = None, **origin: str | None) -> Record:
        if b"STOP" in data:
            raise KeyboardInterrupt
        return fake_page(data, name, limits)

    tasks = [t for t in iter_inputs([str(pages)], str(out)) if isinstance(t, Task)]
    assert [t.name.rsplit("/", 1)[-1] for t in tasks] == ["a.html", "b.html", "c.html"]
    with pytest.raises(KeyboardInterrupt):
        run_tasks(tasks, Settings(str(out), page_fn=page))
    assert list(out.iterdir()) == []


def test_sweep_removes_what_a_killed_writer_left_and_nothing_else(tmp_path: Path) -> None:
    """A real writer killed with SIGKILL mid-write leaves a temp file; users' own .part files stay."""
    (tmp_path / "sub").mkdir()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pipeline.outputs import atomic_file\n"
            "with atomic_file(Path(sys.argv[1])) as out:\n"
            "    out.write('half'); out.flush(); print('writing', flush=True); time.sleep(30)",
            str(tmp_path / "sub" / "r.json"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    writer.kill()
    writer.wait()
    users = {"keep.json": "{}", ".r.json.abc123.part": "mine", "sub/.film.mkv.part": "mine", "x.part": "mine"}
    make_tree(tmp_path, users)
    assert len(list((tmp_path / "sub").iterdir())) == 2  # the film and the killed writer's temp file
    assert sweep_temp_files(tmp_path) == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        users
    )


def test_one_run_per_output_folder(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(  # lockf locks belong to a process: hold it from another one
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX);"
            " print('locked', flush=True); time.sleep(30)",
            str(out / ".lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(BatchError, match="another run"):
            run(tmp_path, root)
    finally:
        holder.kill()
        holder.wait()
    assert run(tmp_path, root)[0]["totals"]["ok"] == 1


def test_a_record_written_earlier_in_the_same_run_is_not_skipped(tmp_path: Path) -> None:
    """What dask does after a worker died having written the record: the page runs again in the same run."""
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    (task,) = iter_inputs([str(root)])
    assert isinstance(task, Task)
    started = time.time() - 1  # a second ago: file times may lag the clock by a tick
    settings = Settings(str(tmp_path / "out"), page_fn=fake_page, started=started)
    assert run_task(task, settings).status == "ok"
    again = run_task(task, settings)
    assert (again.status, again.previous_status) == ("ok", None)
    later = Settings(str(tmp_path / "out"), page_fn=fake_page, started=time.time() + 1)
    assert (run_task(task, later).status, run_task(task, later).previous_status) == ("skipped", "ok")


def test_record_folders_are_synced_once_each_before_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each folder holding a record of the run (and those between it and --out) is fsynced once, after the
    records and before the report that names them; not once per record."""
    import pipeline.outputs as outputs

    synced: list[str] = []
    real = outputs._fsync_dir
    monkeypatch.setattr(outputs, "_fsync_dir", lambda folder: synced.append(str(folder)) or real(folder))
    pages = {f"p{i}.html": f"<p>{i}</p>" for i in range(5)} | {"sub/deeper/q.html": "<p>q</p>"}
    _, out = run(tmp_path, make_tree(tmp_path / "in", pages), workers=1)
    folders = [str(out), str(out / "sub"), str(out / "sub" / "deeper")]
    assert synced[:3] == folders  # the records' folders, in one pass after the pages
    assert synced[3:] == [str(out)]  # then the report's own rename
