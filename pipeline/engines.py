"""Where pages get processed: in-process, a local process pool, or a dask cluster.

All three run the same per-page function, `run_task`, which reads the page
itself, enforces the per-page limits, writes the record and returns a small
PageResult. Engines only schedule, and turn a lost worker into an error
entry instead of a lost batch.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import hashlib
import inspect
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.deadline import PageTimeout, deadline
from pipeline.errors import PageError, is_out_of_files, write_reason
from pipeline.inputs import Task, printable, read_page
from pipeline.medical import require_medical
from pipeline.models import Limits, Record
from pipeline.outputs import write_atomic
from pipeline.process import process

PageFn = Callable[..., Record]
# Origin keywords process() may accept for WARC pages (see pipeline.batch docs).
ORIGIN_KEYWORDS = ("url", "crawled")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class EngineError(RuntimeError):
    """An engine cannot start (dask missing, scheduler unreachable, ...)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs besides the task; picklable, so it travels with each task."""

    out_dir: str
    limits: Limits = field(default_factory=Limits)
    force: bool = False
    page_fn: PageFn = process
    only_medical: bool = False  # refuse records whose page_kind is "other" (reason not_medical)
    version: str = __version__
    started: float = 0.0  # wall-clock start of the run (time.time()): records newer than it are its own
    profiles: str | None = None  # the user's profiles folder, handed to the page function


@dataclass(frozen=True, slots=True)
class PageResult:
    """The small thing a worker sends back; the record itself is already on disk."""

    name: str
    status: str  # "ok" | "error" | "skipped" | "orphaned" (a record whose input is gone; see folder.py)
    output: str | None = None
    reason: str | None = None
    message: str | None = None
    parser: str | None = None
    profile: str | None = None
    warnings: tuple[str, ...] = ()
    sha256: str | None = None
    url: str | None = None
    warc_date: str | None = None
    previous_status: str | None = None
    seconds: float = 0.0
    pid: int = 0  # the process that ran the page: its first page pays one-off loading


OnResult = Callable[[PageResult], None]


# ------------------------------------------------------------ per page


def run_task(task: Task, settings: Settings, *, watchdog: bool = False) -> PageResult:
    """Read, check, process and write one page; every failure becomes an error PageResult.

    The whole page, reading included, runs under its deadline: a read that
    blocks (a file that became a FIFO, a stalled network mount) is a page
    failure, not a stuck batch. `watchdog` (pool workers): the process also
    exits if the page function is stuck in C code past the hard limit (see
    `_watchdog`). The result names the process, whose first page pays its
    one-off loading (the report's "slowest" leaves those out).
    """
    return replace(_run_task(task, settings, watchdog), pid=os.getpid())


def _run_task(task: Task, settings: Settings, watchdog: bool) -> PageResult:
    """run_task but for the process id."""
    start = time.perf_counter()
    digest: str | None = None
    try:
        with deadline(settings.limits.timeout_s):
            data = read_page(task, settings.limits.max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            previous = None if settings.force else _previous_result(task, settings, digest)
            if previous is not None:
                return previous
            hard = _watchdog(settings.limits.timeout_s) if watchdog else contextlib.nullcontext()
            with hard:
                record = _call_page_fn(settings, data, task)
    except PageError as exc:
        reason, message = exc.reason, exc.message
    except PageTimeout:
        reason, message = "timeout", f"page took longer than {settings.limits.timeout_s:g} s"
    except MemoryError:
        reason, message = "out_of_memory", "memory ran out while processing this page"
    except (Exception, SystemExit) as exc:  # a bug in one page's code must not end the batch
        reason, message = _unexpected(exc)
    else:
        return _write(task, settings, record, digest, start)
    discard_output(task, settings)
    return error_result(task, reason, message, digest, time.perf_counter() - start)


def _unexpected(exc: BaseException) -> tuple[str, str]:
    """internal_error (a bug), unless the process ran out of file descriptors."""
    if isinstance(exc, OSError) and is_out_of_files(exc):
        return "out_of_files", f"too many open files ({exc.strerror}); raise `ulimit -n`"
    return "internal_error", describe(exc)


def _write(task: Task, settings: Settings, record: Record, digest: str, start: float) -> PageResult:
    """Write the record; on failure the previous record stays, as it still describes an older input."""
    try:
        _write_record(Path(settings.out_dir) / task.output, record)
    except OSError as exc:
        older = (Path(settings.out_dir) / task.output).is_file()
        kept = "; the older record is left as it was" if older else ""
        message = f"record {task.output} not written: {exc.strerror or exc}{kept}"
        result = error_result(task, write_reason(exc), message, digest, time.perf_counter() - start)
        return replace(result, output=task.output) if older else result  # the report names what is there
    return _ok(task, record, digest, time.perf_counter() - start)


def run_task_guarded(task: Task, settings: Settings) -> PageResult:
    """run_task for a pool worker process: a page stuck in C code kills the whole process."""
    return run_task(task, settings, watchdog=True)


@contextlib.contextmanager
def _watchdog(timeout_s: float) -> Iterator[None]:
    """Exit the process if the block runs past 1.5 x `timeout_s` + 0.5 s.

    The soft deadline (a signal) only fires between Python bytecodes; a page
    stuck in one long C call (parsing a huge tree, big arithmetic) holds it for
    ever. faulthandler's watchdog thread needs no GIL and exits the process,
    which the pool runner sees as a crash and re-runs alone as a timeout.
    Each arming starts a thread, so it guards only the page function: on a
    rerun, where pages are skipped in well under a millisecond, arming it for
    every page was a third of the time.
    """
    with open(os.devnull, "w") as sink:
        faulthandler.dump_traceback_later(timeout_s * 1.5 + 0.5, exit=True, file=sink)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()


def run_tasks_guarded(tasks: list[Task], settings: Settings) -> list[PageResult]:
    """A few pages per round trip to a pool worker: on reruns, where most pages are
    skipped in a millisecond, the pool's per-task overhead was the larger cost."""
    return [run_task_guarded(task, settings) for task in tasks]


def error_result(
    task: Task, reason: str, message: str, digest: str | None = None, seconds: float = 0.0
) -> PageResult:
    """The error entry of a page, with the WARC provenance kept so it is not lost."""
    url, date = _origin(task)
    return PageResult(
        task.name,
        "error",
        reason=reason,
        message=message,
        sha256=digest,
        url=url,
        warc_date=date,
        seconds=seconds,
    )


def describe(exc: BaseException) -> str:
    """Exception type, message and where it was raised: enough to find the bug from the report."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def discard_output(task: Task, settings: Settings) -> None:
    """Remove an older record of a page that now fails, so the output folder agrees with the report."""
    with contextlib.suppress(OSError):
        os.unlink(Path(settings.out_dir) / task.output)


def _origin(task: Task) -> tuple[str | None, str | None]:
    return (task.warc.url, task.warc.date) if task.warc is not None else (None, None)


def _ok(task: Task, record: Record, digest: str, seconds: float) -> PageResult:
    url, date = _origin(task)
    extraction = record.extraction
    return PageResult(
        task.name,
        "ok",
        output=task.output,
        parser=extraction.parser,
        profile=extraction.profile,
        warnings=tuple(extraction.warnings),
        sha256=digest,
        url=url,
        warc_date=date,
        seconds=seconds,
    )


def _call_page_fn(settings: Settings, data: bytes, task: Task) -> Record:
    """Call the page function, handing WARC provenance over when it takes the origin keywords."""
    fn = settings.page_fn
    kwargs: dict[str, Any] = {}
    if task.warc is not None and _accepts(fn, ORIGIN_KEYWORDS):
        kwargs = {"url": task.warc.url, "crawled": task.warc.date}
    if settings.profiles is not None:
        kwargs["profiles"] = settings.profiles
    record = fn(data, printable(task.name), settings.limits, **kwargs)
    if not isinstance(record, Record):
        raise TypeError(f"page function returned {type(record).__name__}, not Record")
    if settings.only_medical:
        require_medical(record.page_kind)
    return record


def _accepts(fn: Callable[..., Any], names: Iterable[str]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return True
    return all(name in params for name in names)


def record_json(record: Record) -> str:
    """The one serialisation of a record: stable key order, so identical input gives identical bytes.

    pydantic's own serialiser (Rust): the same bytes as json.dumps(indent=2,
    ensure_ascii=False) of model_dump, which tests check, in a quarter of the time.
    """
    return record.model_dump_json(indent=2) + "\n"


def _write_record(path: Path, record: Record) -> None:
    write_atomic(path, record_json(record))


_PROVENANCE = '\n  "source": {'  # records end with source and extraction (record_json's layout)


def provenance(text: str) -> dict:
    """The source and extraction objects of a record, parsed from its tail alone.

    A rerun checks every record; parsing only the last ~1 KB instead of the
    whole article is most of what skipping costs. A raw newline cannot occur
    inside a JSON string, so the marker is the structure, never text.
    """
    at = text.rfind(_PROVENANCE)
    return json.loads("{" + text[at + 1 :]) if at >= 0 else json.loads(text)


def _previous_result(task: Task, settings: Settings, digest: str) -> PageResult | None:
    """A 'skipped' result when the record on disk came from these very bytes and this pipeline version.

    A record written since the run started is this run's own work, not an
    older run's to skip: a page that dask ran again after the worker that
    wrote its record died is 'ok'.
    """
    try:
        with open(Path(settings.out_dir) / task.output, encoding="utf-8") as stream:
            mine = os.fstat(stream.fileno()).st_mtime >= settings.started > 0
            text = stream.read()
        # page_kind opens the record: only a run that refuses other pages parses it all
        doc = json.loads(text) if settings.only_medical else provenance(text)
        source, extraction = doc["source"], doc["extraction"]
        same = (
            source["sha256"] == digest
            and extraction["pipeline_version"] == settings.version
            and source["path"] == printable(task.name)
            and not (settings.only_medical and doc["page_kind"] == "other")
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not same:
        return None
    url, date = _origin(task)
    return PageResult(
        task.name,
        "ok" if mine else "skipped",
        output=task.output,
        parser=extraction.get("parser"),
        profile=extraction.get("profile"),
        warnings=tuple(extraction.get("warnings") or ()),
        sha256=digest,
        url=url,
        warc_date=date,
        previous_status=None if mine else "ok",
    )


# ------------------------------------------------------------ engines


def run_inline(tasks: Iterable[Task], settings: Settings, on_result: OnResult) -> None:
    """Everything in this process, one page after the other: for debugging and --workers 1."""
    for task in tasks:
        on_result(run_task(task, settings))


def run_pool(tasks: Iterable[Task], settings: Settings, workers: int, on_result: OnResult) -> None:
    """A local process pool fed from a stream, with at most 2 x workers pages in flight."""
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


BATCH = 8  # pages per pool task; a worker crash re-runs all of them alone, so keep it small


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
        self.backlog: deque[Task] = deque()
        self.settings = settings
        self.workers = workers
        self.window = 2 * workers  # batches in flight
        self.on_result = on_result
        self.pending: dict[Future[list[PageResult]], list[Task]] = {}

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

    def _next_task(self) -> Task | None:
        return self.backlog.popleft() if self.backlog else next(self.source, None)

    def _fill(self, pool: ProcessPoolExecutor) -> bool:
        """Submit until the window is full; True when the pool turned out to be broken."""
        while len(self.pending) < self.window:
            batch = [t for t in (self._next_task() for _ in range(BATCH)) if t is not None]
            if not batch:
                return False
            try:
                self.pending[pool.submit(run_tasks_guarded, batch, self.settings)] = batch
            except BrokenProcessPool:
                self.backlog.extendleft(reversed(batch))
                return True
        return False

    def _harvest(self, done: Iterable[Future[list[PageResult]]]) -> list[Task]:
        """Hand finished results on; return the tasks whose worker died under them."""
        suspects: list[Task] = []
        for future in done:
            batch = self.pending.pop(future)
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects.extend(batch)
                continue
            except Exception as exc:  # e.g. a result that could not be sent back
                for task in batch:
                    discard_output(task, self.settings)
                    self.on_result(error_result(task, "internal_error", f"{type(exc).__name__}: {exc}"))
                continue
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
    future = pool.submit(run_task_guarded, task, settings)
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:
        discard_output(task, settings)
        return error_result(task, "internal_error", describe(exc))


def run_dask(
    tasks: Iterable[Task], settings: Settings, workers: int, scheduler: str | None, on_result: OnResult
) -> None:
    """The same per-page function on a dask.distributed cluster (a LocalCluster when no scheduler).

    Workers must see the same paths (inputs and out folder): tasks carry
    absolute paths. Timeouts are the in-thread kind (see `deadline`); a page
    that kills a dask worker is retried by dask and then reported as
    'worker_crash'.
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
