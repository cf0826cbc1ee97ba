"""The output side of a batch: atomic writes, our temporary files, and checking a folder can take records.

A record or report is written to a temporary file beside it and renamed
over it once complete, so a reader (or a rerun after a kill) sees the old
file or the new one, never half of one. Temporary files carry a name no
user file plausibly has, so cleaning up after a killed run removes only
ours.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TextIO

TEMP_SUFFIX = ".health-pipeline.part"
# mkstemp's names: our prefix, 8 random characters from its alphabet, our suffix.
_OUR_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


class OutputError(OSError):
    """A folder or file the run must write cannot be written; the message names it and the cause."""


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so that `path` is either the old file or the complete new one, even after a kill."""
    with atomic_file(path) as stream:
        stream.write(text)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces `path` only once it is complete and on disk; for streamed outputs.

    Temp file in the same folder (same file system, so os.replace is atomic),
    fsync before the rename, then fsync of the folder so the rename survives
    a power cut. On any error (a full disk among them) the temp file goes
    and `path` is untouched. Records are written by `RecordBatch` instead.
    """
    stream, temp = _open_temp(path)
    try:
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _open_temp(path: Path) -> tuple[TextIO, str]:
    """A new temp file beside `path` (its folder made if need be), readable by all, open for UTF-8 text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _temp_file(path.parent, path.name)
    stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")  # closes fd whatever happens next
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide records from other readers
    except BaseException:
        stream.close()
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return stream, temp


class Staged:
    """One record of a RecordBatch: its temp file, where it goes, and, after `commit`, what kept it out."""

    __slots__ = ("device", "error", "path", "temp")

    def __init__(self, temp: str, path: Path, device: int) -> None:
        self.temp = temp
        self.path = path
        self.device = device
        self.error: OSError | None = None


class RecordBatch:
    """Records written together: each to its temp file at once, then one sync for all, then the renames.

    Each record's own fsync forced a journal commit: the writer waited about
    0.5 ms for it, and the kernel's journal thread spent CPU on it, which in a
    2-worker run is taken from the workers (a helper thread doing the syncs
    hid the wait but not that work, and cost the worker a GIL hand-over around
    each system call). One sync per batch gives the same guarantee: every
    record's bytes are on disk before its rename, so a kill or a power cut
    leaves the old file or the whole new one, never a renamed file the disk
    lost. The folders are left to the run's `sync_folders`: records are many,
    and one fsync of each folder, before the report names them, serves all.
    """

    def __init__(self) -> None:
        self._staged: list[Staged] = []

    def add(self, path: Path, text: str) -> Staged:
        """Write `text` to a new temp file beside `path`; OSError (a full disk) at once, with no temp left."""
        stream, temp = _open_temp(path)
        try:
            with stream:
                device = os.fstat(stream.fileno()).st_dev
                stream.write(text)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        staged = Staged(temp, path, device)
        self._staged.append(staged)
        return staged

    def abandon(self) -> None:
        """Remove the temp files not yet committed (the batch was interrupted): no record changes."""
        staged, self._staged = self._staged, []
        for item in staged:
            with contextlib.suppress(OSError):
                os.unlink(item.temp)

    def commit(self) -> None:
        """Sync every staged file, then rename each over its record, in the order added (the last of two
        for one path wins); a file that failed either step keeps its error and its temp file goes."""
        staged, self._staged = self._staged, []
        _sync_files(staged)
        for item in staged:
            if item.error is None:
                try:
                    os.replace(item.temp, item.path)
                    continue
                except OSError as exc:  # a folder standing where the record goes
                    item.error = exc
            with contextlib.suppress(OSError):
                os.unlink(item.temp)


def _sync_files(staged: list[Staged]) -> None:
    """Put the staged files' bytes on disk: one syncfs per file system where the kernel offers it
    (Linux) and there is more than one file, else, or when it reports an error, an fsync of each file,
    which says whose the error is (a lone file's own fsync writes less than a whole file system's)."""
    synced: set[int] = set()
    if _SYNCFS is not None and len(staged) > 1:
        for device, temp in {item.device: item.temp for item in staged}.items():
            with contextlib.suppress(OSError):
                fd = os.open(temp, os.O_RDONLY)
                try:
                    if _SYNCFS(fd) == 0:
                        synced.add(device)
                finally:
                    os.close(fd)
    for item in staged:
        if item.device not in synced:
            try:
                fd = os.open(item.temp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                item.error = exc


def _load_syncfs() -> Callable[[int], int] | None:
    """libc's syncfs(2), or None where there is none (not Linux, not glibc-like)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


def sync_folders(top: Path, outputs: Iterable[str]) -> None:
    """fsync every folder under `top` that holds one of `outputs` (relative paths), and the folders
    between them and `top`, so the renames (and new folders) that put those files there last."""
    folders = {top}
    for output in outputs:
        parent = PurePosixPath(output).parent
        while parent.parts and top / parent not in folders:
            folders.add(top / parent)
            parent = parent.parent
    for folder in sorted(folders):
        _fsync_dir(folder)


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    """A new temp file beside `name`, with the one name shape `is_our_temp` recognises."""
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def is_our_temp(filename: str) -> bool:
    """Whether a file name is one `atomic_file` makes (a user's own `.x.part` is not)."""
    return _OUR_TEMP.fullmatch(filename) is not None


def sweep_temp_files(folder: Path) -> int:
    """Remove the temp files a killed run or worker left behind, and only those; returns how many."""
    removed = 0
    for dirpath, _dirs, files in os.walk(folder):
        for entry in files:
            if is_our_temp(entry):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, entry))
                    removed += 1
    return removed


def check_writable_folder(folder: Path, what: str) -> None:
    """Create `folder` if need be and prove a file can be made in it, before any page is processed.

    Raises OutputError with one line naming the folder and the cause, so a
    bad --out or --jsonl is found at once, not after the whole batch.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise FileExistsError(0, "a file stands there, not a folder")
        fd, temp = _temp_file(folder, "probe")
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):  # a run starting beside us may have swept it
            os.unlink(temp)
    except OSError as exc:
        raise OutputError(f"cannot write {what} (in {folder}): {exc.strerror or exc}") from exc
