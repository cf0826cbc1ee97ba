"""The dask engine: the same per-page function, one task per page, on a dask.distributed cluster.

Workers must see the same paths (inputs and out folder): tasks carry
absolute paths. Timeouts are the in-thread kind (see `deadline`), the read
given up on from outside (`pagetask._read`); a page stuck in one C call
holds its thread until it returns. A page that kills a dask worker is
retried by dask and then reported as 'worker_crash'.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from pipeline.inputs import Task
from pipeline.pagetask import discard_output, run_task
from pipeline.results import OnResult, PageResult, error_result
from pipeline.settings import Settings


class EngineError(RuntimeError):
    """An engine cannot start (dask missing, scheduler unreachable, ...)."""


def run_dask(
    tasks: Iterable[Task], settings: Settings, workers: int, scheduler: str | None, on_result: OnResult
) -> None:
    """Run every task on the cluster at `scheduler` (a LocalCluster of `workers` when None).

    At most twice as many pages as the cluster has threads are in flight,
    so the stream of tasks is never held in memory.
    """
    try:
        from distributed import as_completed
    except ImportError as exc:
        raise EngineError(
            "the dask engine needs dask[distributed] (pip install 'dask[distributed]')"
        ) from exc
    with _dask_client(scheduler, workers) as client:
        threads = sum(client.nthreads().values()) or workers
        source = iter(tasks)
        by_key: dict[str, Task] = {}

        def submit(task: Task) -> Any:
            future = client.submit(run_task, task, settings, pure=False)
            by_key[future.key] = task
            return future

        queue = as_completed([submit(t) for t in islice(source, 2 * max(threads, workers))])
        for future in queue:
            task = by_key.pop(future.key)
            on_result(_dask_result(future, task, settings))
            future.release()
            following = next(source, None)
            if following is not None:
                queue.add(submit(following))


@contextlib.contextmanager
def _dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                    )
                )
                client = stack.enter_context(Client(cluster))
        except OSError as exc:  # TimeoutError / connection refused from the scheduler
            raise EngineError(f"cannot reach the dask scheduler {scheduler}: {exc}") from exc
        yield client


def _dask_result(future: Any, task: Task, settings: Settings) -> PageResult:
    try:
        return future.result()
    except Exception as exc:
        discard_output(task, settings)
        reason = "worker_crash" if type(exc).__name__ == "KilledWorker" else "internal_error"
        return error_result(task, reason, f"{type(exc).__name__}: {exc}")
