"""The dask engine runs the same per-page function: same bytes out as a local run."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import pagetask
from pipeline.batch import BatchConfig, run_batch
from pipeline.inputs import Task
from pipeline.models import Limits, Record
from pipeline.records import record_json
from tests.test_batch import PAGES, fake_page, make_tree, snapshot

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """An in-process cluster (threads, no worker processes): starts in about a second."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def on_dask(path: Path, out: Path, scheduler: str, **options: Any) -> BatchConfig:
    """A batch of `path` into `out` on the dask engine at `scheduler`, with `options` of BatchConfig."""
    return BatchConfig(paths=(str(path),), out_dir=out, engine="dask", scheduler=scheduler, **options)


def test_dask_records_are_byte_identical_to_local(tmp_path: Path, scheduler: str) -> None:
    root = make_tree(tmp_path / "in", {f"p{i}.html": f"<p>page {i}</p>" for i in range(8)} | PAGES)
    local = tmp_path / "local"
    remote = tmp_path / "dask"
    run_batch(BatchConfig(paths=(str(root),), out_dir=local, page_fn=fake_page))
    summary = run_batch(on_dask(root, remote, scheduler, workers=2, page_fn=fake_page))
    assert summary.totals == {"inputs": 13, "ok": 12, "error": 1, "skipped": 0}
    assert snapshot(local) == snapshot(remote)


def test_dask_timeout_in_worker_threads(tmp_path: Path, scheduler: str) -> None:
    root = make_tree(tmp_path / "in", {"slow.html": "SLEEP", "bug.html": "BUG", "ok.html": "<p>ok</p>"})
    summary = run_batch(on_dask(root, tmp_path / "out", scheduler, page_fn=fake_page, limits=Limits(timeout_s=0.3)))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["errors_by_reason"] == {"internal_error": 1, "timeout": 1}
    assert summary.totals["ok"] == 1


def dies_after_writing(data: bytes, name: str, limits: Limits | None = None, **origin: str | None) -> Record:
    """fake_page, except that a DIE page writes its record and then kills its worker process, once."""
    words = data.decode().split()
    record = fake_page(data, name, limits, **origin)
    if words[0] == "DIE" and not Path(words[2]).exists():
        Path(words[2]).touch()
        Path(words[1]).write_text(record_json(record), encoding="utf-8")
        os._exit(1)
    return record


def test_a_page_dask_retries_after_its_worker_died_is_ok_not_skipped(tmp_path: Path) -> None:
    """A real worker process dies after its page's record is on disk; dask runs the page again."""
    out = tmp_path / "out"
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    (root / "dies.html").write_text(f"DIE {out / 'dies.json'} {tmp_path / 'died'}", encoding="utf-8")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        summary = run_batch(on_dask(root, out, cluster.scheduler_address, page_fn=dies_after_writing))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    dies = next(e for e in report["entries"] if e["input"].endswith("dies.html"))
    assert (tmp_path / "died").exists()
    assert (dies["status"], dies["previous_status"]) == ("ok", None)


def test_a_read_blocked_in_the_kernel_is_a_timeout_in_a_dask_thread(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real read that blocks in a system call (a pipe with a silent writer, as a hung mount would):
    the in-thread deadline cannot interrupt it, so the read is given up on and the page is a timeout."""
    silent, writer = os.pipe()
    real_read = pagetask.read_page

    def read_page(task: Task, max_bytes: int) -> bytes:
        if task.name.endswith("stuck.html"):
            return os.read(silent, 1)  # blocks in the kernel until the writer writes or closes
        return real_read(task, max_bytes)

    monkeypatch.setattr(pagetask, "read_page", read_page)
    still_open = [True]
    lock = threading.Lock()

    def close_writer() -> None:  # the blocked read then returns, and its thread ends
        with lock:
            if still_open.pop():
                os.close(writer)
            still_open.append(False)

    release = threading.Timer(20, close_writer)  # a hung test must still end
    release.start()
    root = make_tree(tmp_path / "in", {"stuck.html": "<p>stuck</p>", "ok.html": "<p>ok</p>"})
    start = time.monotonic()
    try:
        config = on_dask(root, tmp_path / "out", scheduler, page_fn=fake_page, limits=Limits(timeout_s=0.5))
        summary = run_batch(config)
    finally:
        release.cancel()
        close_writer()
        for helper in [t for t in threading.enumerate() if t.name == "page-read"]:
            helper.join(5)
        os.close(silent)
    assert time.monotonic() - start < 10
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["errors_by_reason"] == {"timeout": 1} and summary.totals["ok"] == 1


def test_dask_workers_get_the_user_profiles(tmp_path: Path, scheduler: str) -> None:
    """The profiles folder travels with each task: the worker's records are located by the user's profile."""
    example = Path(__file__).resolve().parent.parent / "docs" / "examples" / "veridian"
    out = tmp_path / "out"
    summary = run_batch(on_dask(example / "bursitis.html", out, scheduler, profiles=example / "profiles"))
    assert summary.totals["ok"] == 1
    record = json.loads((out / "bursitis.json").read_text(encoding="utf-8"))
    assert record["extraction"]["profile"] == "veridian"
