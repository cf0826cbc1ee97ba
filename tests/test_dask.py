"""The dask engine runs the same per-page function: same bytes out as a local run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.batch import BatchConfig, run_batch
from pipeline.models import Limits
from tests.test_batch import PAGES, fake_page, make_tree, snapshot

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """An in-process cluster (threads, no worker processes): starts in about a second."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_records_are_byte_identical_to_local(tmp_path: Path, scheduler: str) -> None:
    root = make_tree(tmp_path / "in", {f"p{i}.html": f"<p>page {i}</p>" for i in range(8)} | PAGES)
    local = tmp_path / "local"
    remote = tmp_path / "dask"
    run_batch(BatchConfig(paths=(str(root),), out_dir=local, page_fn=fake_page))
    summary = run_batch(
        BatchConfig(
            paths=(str(root),),
            out_dir=remote,
            engine="dask",
            scheduler=scheduler,
            workers=2,
            page_fn=fake_page,
        )
    )
    assert summary.totals == {"inputs": 13, "ok": 12, "error": 1, "skipped": 0}
    assert snapshot(local) == snapshot(remote)


def test_dask_timeout_in_worker_threads(tmp_path: Path, scheduler: str) -> None:
    root = make_tree(tmp_path / "in", {"slow.html": "SLEEP", "bug.html": "BUG", "ok.html": "<p>ok</p>"})
    summary = run_batch(
        BatchConfig(
            paths=(str(root),),
            out_dir=tmp_path / "out",
            engine="dask",
            scheduler=scheduler,
            page_fn=fake_page,
            limits=Limits(timeout_s=0.3),
        )
    )
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["errors_by_reason"] == {"internal_error": 1, "timeout": 1}
    assert summary.totals["ok"] == 1
