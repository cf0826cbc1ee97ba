"""The output side of a batch: atomic writes, our temporary files, and checking a folder can take records.

A record or report is written to a temporary file beside it and renamed
over it once complete, so a reader (or a rerun after a kill) sees the old
file or the new one, never half of one. Temporary files carry a name no
user file plausibly has, so cleaning up after a killed run removes only
ours.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path, PurePosixPath
from typing import TextIO

TEMP_SUFFIX = ".health-pipeline.part"
# mkstemp's names: our prefix, 8 random characters from its alphabet, our suffix.
_OUR_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


class OutputError(OSError):
    """A folder or file the run must write cannot be written; the message names it and the cause."""


def write_atomic(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write `text` so that `path` is either the old file or the complete new one, even after a kill."""
    with atomic_file(path, sync_folder=sync_folder) as stream:
        stream.write(text)


@contextlib.contextmanager
def atomic_file(path: Path, *, sync_folder: bool = True) -> Iterator[TextIO]:
    """A text stream that replaces `path` only once it is complete and on disk; for streamed outputs.

    Temp file in the same folder (same file system, so os.replace is atomic),
    fsync before the rename, then fsync of the folder so the rename survives
    a power cut. On any error (a full disk among them) the temp file goes
    and `path` is untouched. `sync_folder=False` leaves the folder to the
    caller (`sync_folders`): records are many, and the run syncs their
    folders once, before its report names them.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _temp_file(path.parent, path.name)
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide records from other readers
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync_folder:
        _fsync_dir(path.parent)


class WriteBehind:
    """Record writes (`write_atomic`, folders left to `sync_folders`) done by a helper thread, so that
    the caller's next work overlaps their wait on the disk.

    A record waits about 0.5 ms on its fsync, and creating the next temp file
    waits for the journal commit that fsync started; in a 2-worker run the
    workers' syncs also wait for each other's commits. The helper writes
    the files one after the other in the order given, each as write_atomic
    does (so a kill leaves the old file or the new one), and the future
    `start` returns says when a file is in place or what the write raised.
    At most LIMIT texts wait; leaving the `with` block waits for all of them.
    """

    LIMIT = 8

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write-behind")
        self._waiting: deque[Future[None]] = deque()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.shutdown(wait=True)

    def start(self, path: Path, text: str) -> Future[None]:
        """Have `path` atomically replaced by `text`, its folder not synced (see `sync_folders`)."""
        while self._waiting and (self._waiting[0].done() or len(self._waiting) >= self.LIMIT):
            wait([self._waiting.popleft()])
        done = self._thread.submit(write_atomic, path, text, sync_folder=False)
        self._waiting.append(done)
        return done


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
