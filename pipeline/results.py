"""What one input gives back to the run: a PageResult, whichever engine (or the walk) produced it.

The record itself is already on disk when a worker sends this; a result is
small and picklable, and is all the report, the progress bar and the folder
accounting need to know. It lives apart from the engines so that those
readers depend on its shape alone.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.inputs import Task


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


def origin(task: Task) -> tuple[str | None, str | None]:
    """The URL and WARC-Date of a page found in a WARC, kept in its entry whatever happens to it."""
    return (task.warc.url, task.warc.date) if task.warc is not None else (None, None)


def error_result(
    task: Task, reason: str, message: str, digest: str | None = None, seconds: float = 0.0
) -> PageResult:
    """The error entry of a page, with the WARC provenance kept so it is not lost."""
    url, date = origin(task)
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
