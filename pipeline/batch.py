"""A batch run: many inputs in, one record per page and one report out.

The pieces: `inputs` finds the pages and names their records, an engine
(`pagetask.run_inline`, `pool`, `cluster`) runs `pagetask.run_tasks` on them,
which writes their records; this module ties them together,
keeps one small PageResult per input, and writes the report (and the JSONL
stream) at the end.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pipeline.cluster import EngineError, run_dask
from pipeline.errors import is_out_of_files
from pipeline.fingerprint import code_fingerprint
from pipeline.folder import RecordHolders, Tally, Where, carry_over, strays
from pipeline.inputs import REPORT_NAME, Problem, Task, iter_inputs, printable
from pipeline.models import Limits
from pipeline.outputs import (
    OutputError,
    atomic_file,
    check_writable_folder,
    sweep_temp_files,
    sync_folders,
)
from pipeline.pagetask import run_inline
from pipeline.pool import run_pool
from pipeline.process import process
from pipeline.profiles import ProfileError, reload_profiles
from pipeline.report import Report, Spooled, read_entries, read_header
from pipeline.results import OnResult, PageResult
from pipeline.settings import PageFn, Settings

ENGINES = ("local", "dask")
LOCK_NAME = ".lock"
RUNS_NAME = "_runs.jsonl"
JSONL_STDOUT = Path("-")  # --jsonl -


class BatchError(RuntimeError):
    """The run cannot start (output folder busy or unwritable, engine unavailable) or write its report."""


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything a run needs; the CLI builds one from its arguments, tests build their own."""

    paths: tuple[str, ...]
    out_dir: Path
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    force: bool = False
    limits: Limits = field(default_factory=Limits)
    jsonl: Path | None = None
    page_fn: PageFn = process
    prune: bool = False
    fingerprint: str = field(default_factory=code_fingerprint)
    only_medical: bool = False
    profiles: Path | None = None  # a folder of the user's own site profiles, added to the built-in ones


@dataclass(frozen=True, slots=True)
class Summary:
    """What the caller prints: this run's totals, where the report is, timings (kept out of the report),
    and the orphaned records the folder holds (or that --prune deleted)."""

    totals: dict[str, int]
    report_path: Path
    seconds: float
    slowest: tuple[tuple[str, float], ...]
    jsonl_records: int | None = None
    orphaned: int = 0
    pruned: int = 0
    code_changed: bool = False

    @property
    def all_ok(self) -> bool:
        return self.totals["error"] == 0


def run_batch(config: BatchConfig, on_result: OnResult | None = None) -> Summary:
    """Process every input of `config`; `on_result` sees each PageResult as it arrives (progress)."""
    start = time.perf_counter()
    out_dir = config.out_dir.resolve()
    profiles, fingerprint = _check_profiles(config)
    _check_outputs(out_dir, config.jsonl)
    header = read_header(out_dir / REPORT_NAME)
    # Each record names the code (and user profiles) that made it, and a record of other code is never
    # skipped (skip.py); the report's header says so for the whole folder, for the summary line.
    code_changed = header is not None and header.get("fingerprint") != fingerprint
    settings = Settings(
        str(out_dir),
        config.limits,
        config.force,
        config.page_fn,
        config.only_medical,
        started=time.time(),
        fingerprint=fingerprint,
        profiles=profiles,
    )
    report = Report(settings.version)

    def collect(result: PageResult) -> None:
        report.add(result)
        if on_result is not None:
            on_result(result)

    try:
        with _exclusive(out_dir):
            started = datetime.now(UTC)
            sweep_temp_files(out_dir)
            tasks = iter_inputs(config.paths, str(out_dir), RecordHolders(out_dir))
            _dispatch(config, settings, _tasks_only(tasks, collect), collect)
            sweep_temp_files(out_dir)  # what a worker killed mid-write left
            sync_folders(out_dir, report.outputs)  # the records are on disk before the report names them
            tally = Tally()
            where = Where(out_dir, config.prune, tally, frozenset(report.warcs))
            report_path = write_folder_report(report, where, fingerprint, code_changed)
            written = _jsonl(config.jsonl, out_dir, report) if config.jsonl is not None else None
            seconds = time.perf_counter() - start
            _log_run(out_dir, _run_line(config, fingerprint, report, tally, started, seconds))
        return Summary(
            report.totals(),
            report_path,
            seconds,
            report.slowest(),
            written,
            tally.orphaned,
            tally.pruned,
            code_changed,
        )
    finally:
        report.close()


def write_folder_report(report: Report, where: Where, fingerprint: str, code_changed: bool) -> Path:
    """The report of everything the folder holds: this run's entries merged with what came before.

    The previous report is read (into a temporary spool) before anything is
    written, so a failed write can drop it and try again without losing it.
    The header names the code fingerprint only when every record listed was
    made by it: after a code change, records this run did not redo leave it
    empty, so the next run redoes everything too.
    """
    path = where.out_dir / REPORT_NAME
    named = set(report.outputs)
    spooled = Spooled(
        report.version, carry_over(report.rows(), read_entries(path), report.outputs, named, where)
    )
    try:
        spooled.include(strays(named, where))
        spooled.fingerprint = None if code_changed and where.tally.carried else fingerprint
        _write_report(spooled, path)
    finally:
        spooled.close()
    return path


def _run_line(
    config: BatchConfig, fingerprint: str, report: Report, tally: Tally, started: datetime, seconds: float
) -> dict:
    """One run as `_runs.jsonl` keeps it: what was asked, what this run alone did, and when."""
    return {
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "pipeline_version": report.version,
        "paths": [printable(p) for p in config.paths],
        "force": config.force,
        "prune": config.prune,
        "only_medical": config.only_medical,
        "profiles": printable(str(config.profiles)) if config.profiles is not None else None,
        "fingerprint": fingerprint,
        "totals": report.totals(),
        "errors_by_reason": report.reasons(),
        "orphaned": tally.orphaned,
        "pruned": tally.pruned,
    }


def _log_run(out_dir: Path, line: dict) -> None:
    """Append one line to `_runs.jsonl`, in one write (O_APPEND), so no reader sees half a line."""
    data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        fd = os.open(out_dir / RUNS_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise BatchError(
            f"cannot add this run to {printable(str(out_dir / RUNS_NAME))}: {exc.strerror}"
        ) from exc


def _dispatch(config: BatchConfig, settings: Settings, tasks: Iterable[Task], collect: OnResult) -> None:
    if config.engine == "dask":
        try:
            run_dask(tasks, settings, config.workers, config.scheduler, collect)
        except EngineError as exc:
            raise BatchError(str(exc)) from exc
    elif config.engine != "local":
        raise BatchError(f"unknown engine {config.engine!r} (choose from {', '.join(ENGINES)})")
    elif config.workers <= 1:
        run_inline(tasks, settings, collect)
    else:
        try:
            run_pool(tasks, settings, config.workers, collect)
        except OSError as exc:  # the pool's pipes are the first thing a low `ulimit -n` refuses
            if not is_out_of_files(exc):
                raise
            raise BatchError(
                f"out of file descriptors ({exc.strerror}): raise `ulimit -n` or use fewer --workers"
            ) from exc


def _tasks_only(items: Iterable[Task | Problem], collect: OnResult) -> Iterator[Task]:
    """Pass tasks on to the engine; what the walk refused or passed over becomes an entry at once."""
    for item in items:
        if isinstance(item, Problem):
            collect(PageResult(item.name, item.status, reason=item.reason, message=item.message))
        else:
            yield item


def _check_profiles(config: BatchConfig) -> tuple[str | None, str]:
    """Load and check every profile before any page: (the user's folder for the workers, the fingerprint).

    A user's profiles shape records as much as the code does, so their
    digest joins the code fingerprint: editing one redoes the pages. They
    are read afresh, so pages run in this process use what the digest says.
    """
    folder = None if config.profiles is None else str(config.profiles.resolve())
    try:
        digest = reload_profiles(folder).digest
    except ProfileError as exc:
        raise BatchError(printable(str(exc))) from exc
    return folder, f"{config.fingerprint}+{digest}" if digest else config.fingerprint


def _check_outputs(out_dir: Path, jsonl: Path | None) -> None:
    """Refuse at once, in one line, an output folder or --jsonl file that cannot be written."""
    try:
        check_writable_folder(out_dir, "records")
        if jsonl is not None and jsonl != JSONL_STDOUT:
            if jsonl.is_dir():
                raise OutputError(f"cannot write the JSON Lines file {printable(str(jsonl))}: it is a folder")
            check_writable_folder(jsonl.resolve().parent, f"the JSON Lines file {jsonl}")
    except OutputError as exc:
        raise BatchError(printable(str(exc))) from exc


def _write_report(report: Spooled, path: Path) -> None:
    """Write the report; when that fails, take the old one away too, as it no longer tells the truth.

    Removing it also frees its space, which is often what a full disk needs
    for the new one, so the write is tried once more before giving up.
    """
    try:
        report.write(path)
        return
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
    try:
        report.write(path)
    except OSError as exc:
        raise BatchError(
            f"cannot write the report {printable(str(path))}: {exc.strerror or exc}; "
            "the old report was removed, as it no longer matches the records"
        ) from exc


def _jsonl(path: Path, out_dir: Path, report: Report) -> int:
    """write_jsonl, with a write failure (full disk, ...) as one line instead of a traceback."""
    try:
        return write_jsonl(path, out_dir, report)
    except OSError as exc:
        raise BatchError(f"cannot write {printable(str(path))}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """One run per output folder at a time: two would overwrite each other's records and report.

    A POSIX record lock (lockf): the kernel drops it when the process dies, so
    a killed run never leaves a stale lock, and unlike flock it is not
    shared with forked workers, which may outlive a killed parent briefly.
    """
    try:
        lock = open(out_dir / LOCK_NAME, "a")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise BatchError(f"cannot open {printable(str(out_dir / LOCK_NAME))}: {exc.strerror}") from exc
    with lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise BatchError(f"another run is writing to {printable(str(out_dir))}") from exc
        yield


def write_jsonl(path: Path, out_dir: Path, report: Report) -> int:
    """All records of the run (written or skipped) as one JSON Lines file (or stdout), in input order."""
    if path == JSONL_STDOUT:
        count = _records_to(sys.stdout, out_dir, report)
        sys.stdout.flush()
        return count
    with atomic_file(path.resolve()) as stream:
        return _records_to(stream, out_dir, report)


def _records_to(stream: TextIO, out_dir: Path, report: Report) -> int:
    """Records are read back from disk one at a time, so memory stays flat."""
    count = 0
    for item in report.entries():
        if item["output"] is None or item["status"] not in ("ok", "skipped"):
            continue  # an error entry may name the older record a failed write left
        doc = json.loads((out_dir / item["output"]).read_text(encoding="utf-8"))
        stream.write(json.dumps(doc, ensure_ascii=False) + "\n")
        count += 1
    return count


def default_workers() -> int:
    """One worker per CPU, as os.cpu_count() sees them."""
    return os.cpu_count() or 1
