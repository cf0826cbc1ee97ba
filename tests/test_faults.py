"""The batch under faults from outside the pages: a full disk, FIFOs, signals, limits of the machine, bad outputs.

Real conditions wherever they can be had: a small tmpfs really fills up
(mounted in a namespace of its own, so no root is needed), FIFOs are real, signals go to real processes, and memory and
file-descriptor exhaustion are real errors of this process.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.batch import BatchConfig, run_batch
from pipeline.deadline import PageTimeout, deadline
from pipeline.inputs import Problem, Task, iter_inputs
from pipeline.models import Limits
from pipeline.outputs import TEMP_SUFFIX, is_our_temp
from pipeline.pagetask import run_inline, run_task
from pipeline.pool import run_pool
from pipeline.results import PageResult
from pipeline.settings import Settings
from tests.test_batch import entries, fake_page, make_tree, run, snapshot

REPO = Path(__file__).resolve().parent.parent
PAGES = {f"p{i}.html": f"<p>page {i}</p>" for i in range(5)}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "process", fake_page)


# ---------------------------------------------- scenarios on a tmpfs of their own
#
# A full or read-only file system is real only on a mount. Each such scenario
# runs in a child process with a mount namespace of its own (`unshare -m`; as a
# user namespace too, `-r`, without root), where it may mount a small tmpfs:
# no root needed where the kernel allows user namespaces, and nothing mounted
# is ever seen outside, nor left behind when the child ends.


def in_own_mounts(scenario: str, *args: str) -> None:
    """Run `scenario(*args)` of this module in a child with its own mounts; skip where none can be had."""
    flags = ["--mount"] if os.geteuid() == 0 else ["--map-root-user", "--mount"]
    try:
        probe = subprocess.run(["unshare", *flags, "true"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("no `unshare` command to make a mount namespace")
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here: {probe.stderr.strip()}")
    call = f"from tests.test_faults import {scenario}; {scenario}(*{list(args)!r})"
    done = subprocess.run(
        ["unshare", *flags, sys.executable, "-c", call], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def mount_tmpfs(where: Path, options: str) -> Path:
    """Mount a tmpfs at `where` (inside the scenario's own mount namespace)."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], check=True)
    return where


def run_cli(argv: list[str]) -> tuple[int, str]:
    """cli.main on fake pages, with what it printed on stderr (the real page function put back after)."""
    real, cli.process = cli.process, fake_page  # type: ignore[attr-defined]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(argv)
    finally:
        cli.process = real  # type: ignore[attr-defined]
    return code, err.getvalue()


def fill(disk: Path) -> Path:
    """Write a file until the file system refuses another byte."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 1):
            with pytest.raises(OSError) as full:
                while True:
                    os.write(fd, b"\0" * size)
            assert full.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("health-pipeline: error: "), err
    return lines[0]


# ----------------------------------------------------------------- full disk


def test_full_disk_keeps_the_old_records_and_says_disk_full(tmp_path: Path) -> None:
    in_own_mounts("full_disk_keeps_the_old_records", str(tmp_path))


def full_disk_keeps_the_old_records(tmp: str) -> None:
    """A real 256 KiB file system fills up under a forced rerun."""
    root = make_tree(Path(tmp) / "in", PAGES)
    disk = mount_tmpfs(Path(tmp) / "disk", "size=256k")
    out = disk / "out"
    argv = ["run", str(root), "--out", str(out), "--workers", "1"]
    assert run_cli(argv)[0] == 0
    records = {k: v for k, v in snapshot(out).items() if k.startswith("p")}
    filler = fill(disk)

    code, err = run_cli([*argv, "--force"])
    assert code == 1 and "Traceback" not in err
    assert {k: v for k, v in snapshot(out).items() if k.startswith("p")} == records
    report = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert report["errors_by_reason"] == {"disk_full": 5}
    assert report["totals"]["orphaned"] == 0  # each entry names the older record it left in place
    assert sorted(e["output"] for e in report["entries"]) == sorted(records)
    assert not [p for p in out.rglob("*") if is_our_temp(p.name)]

    filler.unlink()
    assert run_cli([*argv, "--force"])[0] == 0
    assert json.loads((out / "_report.json").read_text(encoding="utf-8"))["totals"]["ok"] == 5


def test_a_report_that_cannot_be_written_leaves_no_stale_one(tmp_path: Path) -> None:
    in_own_mounts("report_that_cannot_be_written", str(tmp_path))


def report_that_cannot_be_written(tmp: str) -> None:
    """The old report would list records the run has changed: it goes, and the exit says why in one line."""
    root = make_tree(Path(tmp) / "in", {"a.html": "<p>A</p>"})
    disk = mount_tmpfs(Path(tmp) / "disk", "size=256k")
    out = disk / "out"
    assert run_cli(["run", str(root), "--out", str(out), "--workers", "1"])[0] == 0
    many = make_tree(Path(tmp) / "many", {f"f{i:03}.html": "FAIL" for i in range(300)})
    fill(disk)
    code, err = run_cli(["run", str(root), str(many), "--out", str(out), "--workers", "1"])
    assert code == 2 and "cannot write the report" in one_line_error(err)
    assert not (out / "_report.json").exists()
    assert (out / "a.json").is_file()


# -------------------------------------------------------- output in the way


def test_a_folder_where_a_record_goes_is_output_blocked(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>", "b.html": "<p>B</p>", "sub/c.html": "<p>C</p>"})
    out = tmp_path / "out"
    (out / "a.json").mkdir(parents=True)
    (out / "sub").write_text("a file where a folder goes")
    report, _ = run(tmp_path, root, out=out)
    reasons = {name.rsplit("/", 1)[-1]: e["reason"] for name, e in entries(report).items()}
    assert reasons == {"a.html": "output_blocked", "b.html": None, "c.html": "output_blocked"}


@pytest.mark.parametrize(
    "case", ["file", "below_file", "read_only", "parent_read_only", "jsonl", "jsonl_dir"]
)
def test_a_bad_output_path_exits_2_in_one_line_before_any_page(tmp_path: Path, case: str) -> None:
    if case in ("read_only", "parent_read_only", "jsonl"):
        in_own_mounts("bad_output_path", str(tmp_path), case)
    else:
        bad_output_path(str(tmp_path), case)


def bad_output_path(tmp: str, case: str) -> None:
    """Each bad --out or --jsonl is refused before the batch; a read-only one is a real read-only mount."""
    root = make_tree(Path(tmp) / "in", {"a.html": "<p>A</p>"})
    (Path(tmp) / "file").write_text("x")
    out, jsonl = Path(tmp) / "out", None
    if case == "file":
        out = Path(tmp) / "file"
    elif case == "below_file":
        out = Path(tmp) / "file" / "out"
    elif case in ("read_only", "parent_read_only"):
        ro = mount_tmpfs(Path(tmp) / "ro", "ro,size=64k")  # even root cannot write there
        out = ro if case == "read_only" else ro / "new" / "out"
    elif case == "jsonl":
        jsonl = mount_tmpfs(Path(tmp) / "ro", "ro,size=64k") / "all.jsonl"
    else:
        jsonl = Path(tmp)
    argv = ["run", str(root), "--out", str(out), "--workers", "1"]
    code, err = run_cli(argv + (["--jsonl", str(jsonl)] if jsonl else []))
    assert code == 2
    assert str(jsonl or out) in one_line_error(err)
    assert not (Path(tmp) / "out" / "a.json").exists()  # found before the batch, not after it


# ------------------------------------------------------------------- FIFOs


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_became_a_fifo_after_the_walk_fails_fast(tmp_path: Path, workers: int) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>", "b.html": "<p>B</p>"})
    tasks = [t for t in iter_inputs([str(root)]) if isinstance(t, Task)]
    (root / "a.html").unlink()
    os.mkfifo(root / "a.html")  # nobody will ever write to it
    results: list[PageResult] = []
    settings = Settings(str(tmp_path / "out"), Limits(timeout_s=20), page_fn=fake_page)
    start = time.monotonic()
    if workers == 1:
        run_inline(tasks, settings, results.append)
    else:
        run_pool(tasks, settings, workers, results.append)
    assert time.monotonic() - start < 10
    by_name = {r.name.rsplit("/", 1)[-1]: r for r in results}
    assert (by_name["a.html"].reason, by_name["b.html"].status) == ("unreadable", "ok")
    assert "FIFO" in (by_name["a.html"].message or "")


def test_fifos_met_by_the_walk_are_entries_not_hangs(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    os.mkfifo(root / "pipe.html")
    os.mkfifo(tmp_path / "named.warc")
    found = list(iter_inputs([str(root), str(tmp_path / "named.warc")]))
    problems = {p.name.rsplit("/", 1)[-1]: p.reason for p in found if isinstance(p, Problem)}
    assert problems == {"pipe.html": "unreadable", "named.warc": "unreadable"}


# ----------------------------------------------------------------- signals


def test_sigint_stops_a_run_whose_worker_is_stuck(tmp_path: Path) -> None:
    """A real SIGINT to the parent alone, while a worker sleeps in a page with a long deadline."""
    root = make_tree(tmp_path / "in", {"stuck.html": "SLEEP", **PAGES})
    out = tmp_path / "out"
    script = (
        "import sys; from pipeline import cli; from tests.test_batch import fake_page; "
        "cli.process = fake_page; sys.exit(cli.main(sys.argv[1:]))"
    )
    victim = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            "run",
            str(root),
            "--out",
            str(out),
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell may have ignored it
    )
    deadline_at = time.monotonic() + 20
    while len(list(out.glob("p*.json"))) < len(PAGES) and time.monotonic() < deadline_at:
        time.sleep(0.05)
    workers = Path(f"/proc/{victim.pid}/task/{victim.pid}/children").read_text().split()
    victim.send_signal(signal.SIGINT)
    try:
        _, err = victim.communicate(timeout=10)
    finally:
        victim.kill()
    assert victim.returncode == 130
    assert err.strip() == "interrupted"
    for pid in workers:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().split(") ")[1][0] in "ZX"


def test_no_temp_file_is_left_after_a_worker_dies_mid_write(tmp_path: Path) -> None:
    """A worker killed while writing a record leaves its temp file; a run that ends well removes it."""
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    flag = tmp_path / "died-once"
    (root / "dies.html").write_text(f"LITTER {out / 'dies.json'} {flag}", encoding="utf-8")
    summary = run_batch(BatchConfig(paths=(str(root),), out_dir=out, workers=2, page_fn=littering_page))
    assert flag.exists() and summary.all_ok
    assert not [p for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


def littering_page(data: bytes, name: str, limits: Limits | None = None) -> object:
    """fake_page, except that a LITTER page kills its own worker half-way through writing, once."""
    words = data.decode().split()
    if words[0] == "LITTER" and not Path(words[2]).exists():
        from pipeline.outputs import atomic_file

        Path(words[2]).touch()
        with atomic_file(Path(words[1])) as stream:
            stream.write('{"half": ')
            stream.flush()
            os.kill(os.getpid(), signal.SIGKILL)
    return fake_page(data, name, limits)


# ---------------------------------------------------------------- deadlines


def test_a_swallowed_timeout_fires_again_and_the_block_still_times_out() -> None:
    start = time.monotonic()
    with pytest.raises(PageTimeout), deadline(0.05):
        for _ in range(3):
            try:  # noqa: SIM105
                time.sleep(5)
            except PageTimeout:  # what a finalizer or a C callback does to it
                pass
    assert time.monotonic() - start < 1


def test_a_timeout_inside_a_finalizer_is_quiet_and_still_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", heard.append)

    class SlowToDie:
        def __del__(self) -> None:
            time.sleep(0.3)

    with pytest.raises(PageTimeout), deadline(0.05):
        SlowToDie()  # dropped at once: the timeout lands in __del__, where Python can only print it
    assert heard == []


# ------------------------------------------------------ the machine's limits


def test_memory_exhausted_is_out_of_memory(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"hog.html": "HOG", "a.html": "<p>A</p>"})
    report, _ = run(tmp_path, root)
    assert report["errors_by_reason"] == {"out_of_memory": 1}


def test_no_file_descriptor_left_is_out_of_files(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    (task,) = iter_inputs([str(root)])
    assert isinstance(task, Task)
    settings = Settings(str(tmp_path / "out"), page_fn=fake_page)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    held: list[int] = []
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 8, hard))
        with pytest.raises(OSError):
            while True:
                held.append(os.open(os.devnull, os.O_RDONLY))
        result = run_task(task, settings)
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert (result.status, result.reason) == ("error", "out_of_files")


def test_a_low_open_file_limit_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Real `ulimit -n` values: too low for the pool's pipes gives one line; enough gives a run."""
    root = make_tree(tmp_path / "in", PAGES)
    outcomes = []
    for limit in (12, 64):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "run",
                str(root),
                "--out",
                str(tmp_path / "out"),
                "--workers",
                "2",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=lambda n=limit: resource.setrlimit(resource.RLIMIT_NOFILE, (n, n)),
        )
        assert "Traceback" not in done.stderr
        outcomes.append(done.returncode)
        if done.returncode == 2:
            assert "file descriptors" in one_line_error(done.stderr)
    assert outcomes[0] == 2 and outcomes[1] != 2
