"""One page from start to end, wherever it runs: read, skip or process, write, and a result back.

Every engine runs `run_tasks` (this process and a local pool on a few pages
at a time, a dask cluster on one page, `run_task`), which reads each page
itself, enforces the per-page limits, writes the records and returns small
PageResults; every failure becomes an error result, never an exception that
could end the batch.

WARC provenance: a page from a WARC carries its URL and WARC-Date. They are
handed to the page function as keyword arguments ``url=`` and ``crawled=``
when its signature accepts them (ORIGIN_KEYWORDS), and are always kept in
the result.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.deadline import PageTimeout, abandon_after, deadline, watchdog
from pipeline.errors import PageError, is_out_of_files, write_reason
from pipeline.inputs import Task, printable, read_page
from pipeline.medical import require_medical
from pipeline.models import Record
from pipeline.outputs import RecordBatch
from pipeline.records import record_json
from pipeline.results import OnResult, PageResult, describe, error_result, origin
from pipeline.settings import Settings
from pipeline.skip import previous_result

Finish = Callable[[], PageResult]  # a page's result, once its record batch is committed

# Origin keywords the page function may accept for WARC pages.
ORIGIN_KEYWORDS = ("url", "crawled")
# Records synced together in a --workers 1 run: about 0.1 s of pages, as a pool batch (pool.BATCH_SECONDS).
INLINE_BATCH = 16


def run_task(task: Task, settings: Settings) -> PageResult:
    """Read, check, process and write one page; every failure becomes an error PageResult."""
    return run_tasks([task], settings)[0]


def run_tasks(tasks: list[Task], settings: Settings, *, guarded: bool = False) -> list[PageResult]:
    """`run_task` for several pages, whose records are synced together (outputs.RecordBatch).

    Each page, reading included, runs under its deadline: a read that
    blocks (a file that became a FIFO, a stalled network mount) is a page
    failure, not a stuck batch. `guarded` (pool workers): the process also
    exits if the page function is stuck in C code past the hard limit (see
    `deadline.watchdog`). A result is given only once its record is in
    place, and names the process, whose first page pays its one-off
    loading (the report's "slowest" leaves those out).
    """
    batch = RecordBatch()
    try:
        finishes = [_run_task(task, settings, guarded, batch) for task in tasks]
    except BaseException:  # Ctrl-C: the pages done so far leave no temp file behind
        batch.abandon()
        raise
    batch.commit()
    pid = os.getpid()
    return [replace(finish(), pid=pid) for finish in finishes]


def _run_task(task: Task, settings: Settings, guarded: bool, batch: RecordBatch) -> Finish:
    """One page up to its record's temp file in `batch`; what this returns gives its result once the
    batch is committed."""
    start = time.perf_counter()
    digest: str | None = None
    try:
        with deadline(settings.limits.timeout_s):
            data = _read(task, settings)
            digest = hashlib.sha256(data).hexdigest()
            previous = None if settings.force else previous_result(task, settings, digest)
            if previous is not None:
                return _ready(previous)
            hard = watchdog(settings.limits.timeout_s) if guarded else contextlib.nullcontext()
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
        return _write(task, settings, record, digest, start, batch)
    discard_output(task, settings)
    return _ready(error_result(task, reason, message, digest, time.perf_counter() - start))


def _read(task: Task, settings: Settings) -> bytes:
    """The page's bytes, within the page's deadline even where it cannot interrupt a system call.

    In the main thread the deadline is a signal, which interrupts a read
    blocked in the kernel. In any other (dask runs tasks in threads) it is
    an exception injected between bytecodes, which a blocked read never
    reaches: the read runs in a helper thread that is given up on instead.
    """
    if threading.current_thread() is threading.main_thread():
        return read_page(task, settings.limits.max_bytes)
    return abandon_after(settings.limits.timeout_s, read_page, task, settings.limits.max_bytes)


def run_tasks_guarded(tasks: list[Task], settings: Settings) -> tuple[list[PageResult], float]:
    """run_tasks in a pool worker, and the seconds the batch took (the pool sizes its batches by it): a
    round trip to a worker costs it about a millisecond, so each carries several pages."""
    start = time.perf_counter()
    results = run_tasks(tasks, settings, guarded=True)
    return results, time.perf_counter() - start


def run_inline(tasks: Iterable[Task], settings: Settings, on_result: OnResult) -> None:
    """Everything in this process, one page after the other, INLINE_BATCH records synced together: for
    debugging and --workers 1."""
    stream = iter(tasks)
    while batch := list(itertools.islice(stream, INLINE_BATCH)):
        for result in run_tasks(batch, settings):
            on_result(result)


def discard_output(task: Task, settings: Settings) -> None:
    """Remove an older record of a page that now fails, so the output folder agrees with the report."""
    with contextlib.suppress(OSError):
        os.unlink(Path(settings.out_dir) / task.output)


def _unexpected(exc: BaseException) -> tuple[str, str]:
    """internal_error (a bug), unless the process ran out of file descriptors."""
    if isinstance(exc, OSError) and is_out_of_files(exc):
        return "out_of_files", f"too many open files ({exc.strerror}); raise `ulimit -n`"
    return "internal_error", describe(exc)


def _write(task: Task, settings: Settings, record: Record, digest: str, start: float, batch: RecordBatch) -> Finish:
    """Stage the record in `batch`; what this returns gives the result once the batch is committed, or
    the error that kept the record out."""
    path = Path(settings.out_dir) / task.output
    try:
        staged = batch.add(path, record_json(record))
    except OSError as exc:
        return _ready(_not_written(task, path, exc, digest, time.perf_counter() - start))
    seconds = time.perf_counter() - start

    def finish() -> PageResult:
        if staged.error is not None:
            return _not_written(task, path, staged.error, digest, seconds)
        return _ok(task, record, digest, seconds)

    return finish


def _not_written(task: Task, path: Path, exc: OSError, digest: str, seconds: float) -> PageResult:
    """A record that could not be written: the previous one stays, as it still describes an older input."""
    older = path.is_file()
    kept = "; the older record is left as it was" if older else ""
    message = f"record {task.output} not written: {exc.strerror or exc}{kept}"
    result = error_result(task, write_reason(exc), message, digest, seconds)
    return replace(result, output=task.output) if older else result  # the report names what is there


def _ready(result: PageResult) -> Finish:
    """A result that waits for nothing."""
    return lambda: result


def _ok(task: Task, record: Record, digest: str, seconds: float) -> PageResult:
    url, date = origin(task)
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
    return stamped(record, settings.fingerprint)


def stamped(record: Record, fingerprint: str | None) -> Record:
    """The record with the fingerprint of the code that made it, which a rerun checks (see skip.py)."""
    if fingerprint is None or record.extraction.code_fingerprint == fingerprint:
        return record
    extraction = record.extraction.model_copy(update={"code_fingerprint": fingerprint})
    return record.model_copy(update={"extraction": extraction})


def _accepts(fn: Callable[..., Any], names: Iterable[str]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return True
    return all(name in params for name in names)
