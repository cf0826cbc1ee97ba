"""The local engine: a process pool fed from a stream, which survives workers that die.

Workers run the same `run_tasks` as every other engine; this module only
schedules (a few pages per round trip, a bounded window in flight) and turns
a lost worker into error entries instead of a lost batch.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from pipeline.inputs import Task
from pipeline.pagetask import discard_output, run_tasks_guarded
from pipeline.results import OnResult, PageResult, describe, error_result
from pipeline.settings import Settings

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# Pages per pool task: as many as take about BATCH_SECONDS, the first ones FIRST_BATCH. A round trip
# to a worker costs it about a millisecond (pickling, the pool's queues), a tenth of what a batch of 8
# pages took on a rerun (skipped pages), 3% of a first run's; a worker crash re-runs every page in
# flight alone, so batches stay short in time.
FIRST_BATCH = 8
BATCH_SECONDS = 0.1
MAX_BATCH = 256


def run_pool(tasks: Iterable[Task], settings: Settings, workers: int, on_result: OnResult) -> None:
    """A local process pool fed from a stream, with at most 2 x workers batches in flight."""
    _PoolRun(tasks, settings, workers, on_result).run()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    context = _start_method()
    parent = os.getpid() if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_follow_parent, initargs=(parent,)
    )


def _follow_parent(parent: int | None) -> None:
    """Worker start-up: die with the parent process.

    Forked workers hold the parent's end of their task pipe, so after a
    SIGKILL of the run they would never see it close and would sleep (or
    finish a page and write it) for ever. PR_SET_PDEATHSIG (Linux) has the
    kernel kill them instead; the getppid check covers a parent that died
    before the call.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _start_method() -> multiprocessing.context.BaseContext:
    """fork when it is safe (Linux, no other thread running): workers start in milliseconds.

    Otherwise forkserver, whose workers never inherit another thread's held
    locks but import the pipeline afresh (about half a second per pool).
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


class _PoolRun:
    """One pool run: keeps the window full and survives workers that die.

    When a worker dies every page in flight fails with BrokenProcessPool and
    the culprit is unknown, so each of them is re-run alone in a fresh
    one-worker pool: the ones that die again become 'worker_crash' (or
    'timeout' when killed by the hard deadline) entries; the others just
    get their result. Then the stream goes on with a new pool.
    """

    def __init__(self, tasks: Iterable[Task], settings: Settings, workers: int, on_result: OnResult) -> None:
        self.source = iter(tasks)
        self.backlog: deque[Task] = deque()  # tasks taken from the stream (or given back) and not yet sent
        self.drained = False  # the stream has given its last task
        self.settings = settings
        self.workers = workers
        self.window = 2 * workers  # batches in flight
        self.size = FIRST_BATCH  # pages per batch, from the time batches take
        self.on_result = on_result
        self.pending: dict[Future[tuple[list[PageResult], float]], list[Task]] = {}

    def run(self) -> None:
        pool = _new_pool(self.workers)
        try:
            while True:
                broken = self._fill(pool)
                if not self.pending and not broken:
                    return
                suspects = (
                    self._harvest(wait(self.pending, return_when=FIRST_COMPLETED).done)
                    if self.pending
                    else []
                )
                if suspects or broken:
                    pool = self._recover(pool, suspects)
        except BaseException:  # Ctrl-C above all: a stuck page must not hold the run open
            kill_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _recover(self, pool: ProcessPoolExecutor, suspects: list[Task]) -> ProcessPoolExecutor:
        """After a worker died: settle everything in flight, re-run the suspects alone, start a new pool."""
        suspects += self._harvest(wait(self.pending).done)
        pool.shutdown(wait=True, cancel_futures=True)
        _run_alone(suspects, self.settings, self.on_result)
        return _new_pool(self.workers)

    def _next_batch(self) -> list[Task]:
        """The next batch: `size` tasks, fewer and fewer once the stream has given its last.

        A window's worth of tasks is read ahead, so the end of the stream is
        seen coming; from there each batch takes a share of what is left
        (guided scheduling), down to single pages, so that no worker is left
        with a whole batch to finish while the other has nothing to do.
        """
        while not self.drained and len(self.backlog) < self.window * self.size:
            task = next(self.source, None)
            if task is None:
                self.drained = True
            else:
                self.backlog.append(task)
        size = min(self.size, max(1, len(self.backlog) // self.window)) if self.drained else self.size
        return [self.backlog.popleft() for _ in range(min(size, len(self.backlog)))]

    def _resize(self, pages: int, seconds: float) -> None:
        """Batches of about BATCH_SECONDS, from the one just done (halfway to it, against noise)."""
        if pages and seconds > 0:
            wanted = min(MAX_BATCH, max(1, round(pages * BATCH_SECONDS / seconds)))
            self.size = max(1, (self.size + wanted) // 2)

    def _fill(self, pool: ProcessPoolExecutor) -> bool:
        """Submit until the window is full; True when the pool turned out to be broken."""
        while len(self.pending) < self.window:
            batch = self._next_batch()
            if not batch:
                return False
            try:
                self.pending[pool.submit(run_tasks_guarded, batch, self.settings)] = batch
            except BrokenProcessPool:
                self.backlog.extendleft(reversed(batch))
                return True
        return False

    def _harvest(self, done: Iterable[Future[tuple[list[PageResult], float]]]) -> list[Task]:
        """Hand finished results on; return the tasks whose worker died under them."""
        suspects: list[Task] = []
        for future in done:
            batch = self.pending.pop(future)
            try:
                results, seconds = future.result()
            except BrokenProcessPool:
                suspects.extend(batch)
                continue
            except Exception as exc:  # e.g. a result that could not be sent back
                for task in batch:
                    discard_output(task, self.settings)
                    self.on_result(error_result(task, "internal_error", f"{type(exc).__name__}: {exc}"))
                continue
            self._resize(len(results), seconds)
            for result in results:
                self.on_result(result)
        return suspects


def _run_alone(suspects: list[Task], settings: Settings, on_result: OnResult) -> None:
    """Re-run the pages in flight when a worker died, one at a time, to tell the culprit from bystanders.

    A one-worker pool is reused until it breaks; each is warmed up first so
    that its start-up time is not counted against the page. The re-run is
    forced: a bystander may have written its record before the pool broke,
    and that record is this run's work, not a previous run's to skip.
    """
    settings = replace(settings, force=True)
    pool: ProcessPoolExecutor | None = None
    try:
        for task in suspects:
            if pool is None:
                pool = _new_pool(1)
                pool.submit(int).result()
            start = time.monotonic()
            result = _run_in(pool, task, settings)
            if result is None:
                pool.shutdown(wait=True)
                pool = None
                result = _crash_result(task, settings, time.monotonic() - start)
            on_result(result)
    except BaseException:
        if pool is not None:
            kill_workers(pool)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes now; shutdown() alone waits for pages in flight, stuck ones for ever.

    Python 3.14 gives pools kill_workers(); before it, the pool's process
    table is the only handle on them.
    """
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:
        kill()
        return
    for worker in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            worker.kill()


def _crash_result(task: Task, settings: Settings, elapsed: float) -> PageResult:
    """A worker died on this page alone: killed by the hard deadline (timeout) or by the page (crash)."""
    discard_output(task, settings)
    if elapsed >= settings.limits.timeout_s:
        return error_result(
            task, "timeout", f"page still running after {elapsed:.1f} s; worker killed", None, elapsed
        )
    return error_result(
        task, "worker_crash", "the worker process died on this page (re-run alone, it died again)"
    )


def _run_in(pool: ProcessPoolExecutor, task: Task, settings: Settings) -> PageResult | None:
    """The page's result, or None when its worker died (the pool is broken then)."""
    future = pool.submit(run_tasks_guarded, [task], settings)
    try:
        return future.result()[0][0]
    except BrokenProcessPool:
        return None
    except Exception as exc:
        discard_output(task, settings)
        return error_result(task, "internal_error", describe(exc))
