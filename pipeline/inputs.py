"""The file-system side of a batch: which pages there are, what their records are called, safe writes.

Everything here runs without parsing a page. Walking and naming run in the
parent process (cheap, deterministic, streaming); `read_page` runs
wherever the page is processed (and its record is written there, by
`outputs.RecordBatch`), so workers get paths, never bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, BinaryIO, Protocol
from urllib.parse import urlsplit

from pipeline.errors import PageError, is_out_of_files
from pipeline.read import sniff

# Longest first, so "a.html.gz" loses ".html.gz", not just ".gz".
PAGE_SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".txt")
WARC_SUFFIXES = (".warc.gz", ".warc")
INPUT_SUFFIXES = PAGE_SUFFIXES + WARC_SUFFIXES
REPORT_NAME = "_report.json"
# Names at the top of the output folder that no record may take.
RESERVED_OUTPUTS = frozenset({REPORT_NAME})
_UNSAFE = re.compile(r"[^\w.\-]")
_MAX_COMPONENT = 120
_CHUNK = 2**16
_SNIFF_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class WarcRef:
    """Where one HTML response sits in a WARC, and the provenance the record should carry."""

    offset: int
    record_id: str
    url: str
    date: str | None


@dataclass(frozen=True, slots=True)
class Task:
    """One page to process: small and picklable, so it can travel to any worker.

    `name` is the input path as given (or `<warc>#<host>/<hash>`): it is the
    report key and the name passed to process(). `path` is absolute so that
    workers with another working directory (dask) find the same file.
    """

    name: str
    path: str
    output: str
    warc: WarcRef | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that failed before any page could be read (bad WARC, link out of its folder, ...),
    or, with status 'skipped', a file a walk met that is no page (hidden, not a page by its content)."""

    name: str
    reason: str
    message: str
    status: str = "error"


# ----------------------------------------------------------------- naming


def printable(text: str) -> str:
    """`text` as valid UTF-8, for JSON and terminals: undecodable bytes of a name shown as `\\xff`.

    POSIX names are bytes; Python carries the ones that are not UTF-8 as
    surrogate escapes, which open() takes back but no UTF-8 writer accepts.
    Names stay lossless where files are opened (Task.path); `raw_name_hex`
    keeps them lossless in the report.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def raw_name_hex(text: str) -> str | None:
    """The bytes of a name that is not valid UTF-8, in hex; None for every other name."""
    if printable(text) == text:
        return None
    return text.encode("utf-8", "surrogateescape").hex()


def split_suffix(filename: str) -> tuple[str, str]:
    """Split off a known input suffix (case-insensitive), else the last one, so stems don't keep '.html'."""
    lower = filename.lower()
    for suffix in INPUT_SUFFIXES:
        if lower.endswith(suffix) and len(filename) > len(suffix):
            return filename[: -len(suffix)], filename[-len(suffix) :]
    path = PurePath(filename)
    return (path.stem, path.suffix) if path.stem else (filename, "")


def is_input_name(filename: str) -> bool:
    """Whether a file met while walking a folder is a page (or WARC) we know how to read."""
    lower = filename.lower()
    return any(lower.endswith(s) for s in INPUT_SUFFIXES) and not filename.startswith(".")


def safe_component(part: str) -> str:
    """One path component that cannot climb out of, hide in, or overflow the output folder."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", part)) or "_"
    if text.startswith("."):
        text = "_" + text
    if len(text.encode()) > _MAX_COMPONENT:
        text = text[: _MAX_COMPONENT // 5] + "~" + _short_hash(part, 8)
    return text


def _short_hash(text: str, size: int) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:size]


# A candidate record name is this input's already, another input's, free with nothing there, or free
# with a file to replace (the record of an input that is gone).
_MINE, _HELD, _EMPTY, _STALE = "mine", "held", "empty", "stale"


class Holders(Protocol):
    """What the output folder already holds, for `Namer` (folder.RecordHolders reads it from disk)."""

    def holder(self, output: str) -> str | None:
        """The input named by the record at `output` (case-insensitively); '' for a file that is
        no record of ours, None when nothing is there."""
        ...

    def same_input(self, holder: str, name: str, path: str) -> bool:
        """Whether `holder` (a record's input name) is input `name`, whose real path is `path`."""
        ...

    def exists(self, holder: str) -> bool:
        """Whether the input a record names is still there."""
        ...


class Namer:
    """Gives every input a distinct, safe, deterministic output path (relative, posix, '.json').

    A record name belongs to one input: the one whose record holds it in the
    output folder (while that input exists), else the first input of the run
    to claim it (inputs come in sorted order). Any other input wanting it gets
    a suffix from a hash of its own input name, so it does not depend on how
    many others collided, and keeps that name while its record is there. So
    two inputs never fight over one record, whatever subset of inputs a run
    is given. Names are compared case-folded so the output folder survives a
    copy to a case-insensitive file system.
    """

    def __init__(self, holders: Holders | None = None) -> None:
        self._taken: set[str] = {name.casefold() for name in RESERVED_OUTPUTS}
        self._holders = holders

    def claim(self, parts: Iterable[str], name: str, path: str = "") -> str:
        """The output path for the stem `parts` (folders..., stem) of input `name` (real path `path`).

        The first candidate holding this input's own record wins, else the
        first that is free; the search stops at the first free candidate with
        nothing on disk, so a first run looks each name up once.
        """
        chosen: str | None = None
        for candidate in self._candidates(parts, name):
            state = self._state(candidate, name, path)
            if state == _MINE:
                chosen = candidate
                break
            if state != _HELD:
                chosen = chosen or candidate
                if state == _EMPTY:
                    break
        assert chosen is not None  # the candidates never end
        self._taken.add(chosen.casefold())
        return chosen

    @staticmethod
    def _candidates(parts: Iterable[str], name: str) -> Iterator[str]:
        """The plain name, then `stem~<hash of the input name>`, then `-2`, `-3`, ... after it."""
        safe = [safe_component(p) for p in parts] or ["_"]
        # Folders never end in '.json' so no folder can clash with a record file.
        folders = [f"{d}_" if d.lower().endswith(".json") else d for d in safe[:-1]]
        stem = safe[-1]
        yield "/".join([*folders, stem]) + ".json"
        tag = _short_hash(name, 8)
        yield "/".join([*folders, f"{stem}~{tag}"]) + ".json"
        counter = 2
        while True:
            yield "/".join([*folders, f"{stem}~{tag}-{counter}"]) + ".json"
            counter += 1

    def _state(self, candidate: str, name: str, path: str) -> str:
        if candidate.casefold() in self._taken:
            return _HELD
        if self._holders is None:
            return _EMPTY
        holder = self._holders.holder(candidate)
        if holder is None:
            return _EMPTY
        if not holder:
            return _STALE  # a file that is no record of ours: written over, as it always was
        if self._holders.same_input(holder, name, path):
            return _MINE
        return _HELD if self._holders.exists(holder) else _STALE


# ---------------------------------------------------------------- walking


@dataclass(frozen=True, slots=True)
class _Found:
    name: str
    path: str
    parts: tuple[str, ...]


def iter_inputs(
    paths: Iterable[str], out_dir: str | None = None, holders: Holders | None = None
) -> Iterator[Task | Problem]:
    """Every page under `paths` (files or folders), and every other file met, in a deterministic order, lazily.

    The paths are taken in sorted order, not as given: which of two colliding
    inputs gets the plain record name must not depend on the order of the
    arguments, or a rerun would swap their records. The same real file
    reached twice (a folder and a file in it) is one input. The folder
    `out_dir` (a real path) is never walked: the records are not inputs.
    """
    namer = Namer(holders)
    seen: set[str] = set()
    for given in sorted(set(paths)):
        for found in _expand(given, out_dir):
            if isinstance(found, Problem):
                yield found
                continue
            if found.path in seen:
                continue
            seen.add(found.path)
            yield from _tasks_for(found, namer)


def count_inputs(paths: Iterable[str], out_dir: Path | None = None) -> int:
    """About how many entries a walk of `paths` gives, by names alone (a WARC counts once).

    For the progress bar's total; hidden folders count once, as the walk reports them.
    """
    skip = os.path.realpath(out_dir) if out_dir is not None else None
    total = 0
    for given in set(paths):
        if not os.path.isdir(given):
            total += 1
            continue
        for dirpath, dirnames, filenames in os.walk(given):
            total += len(filenames) + sum(d.startswith(".") for d in dirnames)
            dirnames[:] = [
                d
                for d in dirnames
                if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) != skip
            ]
    return total


def _expand(given: str, out_dir: str | None) -> Iterator[_Found | Problem]:
    name = PurePath(given).as_posix()
    if os.path.isdir(given):
        yield from _walk_folder(given, out_dir)
    elif os.path.isfile(given):
        yield _Found(name, os.path.realpath(given), (split_suffix(os.path.basename(given))[0],))
    elif os.path.lexists(given):
        yield Problem(
            name, "unreadable", "neither a regular file nor a folder (a FIFO, device or broken link?)"
        )
    else:
        yield Problem(name, "not_found", "no such file or folder")


def _walk_folder(root: str, out_dir: str | None) -> Iterator[_Found | Problem]:
    """Every file under `root`: pages by suffix or, without one, by content; the rest reported as skipped.

    Hidden files and folders are reported, not entered; links stay inside `root`.
    """
    real_root = os.path.realpath(root)
    unreadable: list[OSError] = []  # os.walk reports folders it cannot list here, not by raising
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append, followlinks=False):
        yield from _unreadable_folders(root, unreadable)
        walked = []
        for entry in sorted(dirnames):
            full = os.path.join(dirpath, entry)
            if entry.startswith("."):
                yield _skipped(root, full, "hidden", "hidden folder: not walked")
            elif os.path.islink(full) and not _inside(os.path.realpath(full), real_root):
                yield _outside(root, full)
            elif out_dir is None or os.path.realpath(full) != out_dir:
                walked.append(entry)
        dirnames[:] = walked
        for entry in sorted(filenames):
            full = os.path.join(dirpath, entry)
            if entry.startswith("."):
                yield _skipped(root, full, "hidden", "hidden file")
            elif is_input_name(entry):
                yield _found_in_folder(root, real_root, full)
            else:
                yield _sniffed(_found_in_folder(root, real_root, full))
    yield from _unreadable_folders(root, unreadable)


def _skipped(root: str, full: str, reason: str, message: str) -> Problem:
    name = (PurePath(root) / os.path.relpath(full, root)).as_posix()
    return Problem(name, reason, message, status="skipped")


def _sniffed(found: _Found | Problem) -> _Found | Problem:
    """A file without a page suffix is a page when its first 4 KiB look like HTML (the README's promise)."""
    if isinstance(found, Problem):
        return found
    try:
        with open_regular(found.path) as stream:
            head = stream.read(_SNIFF_BYTES)
    except (OSError, PageError) as exc:
        return Problem(found.name, "unreadable", str(getattr(exc, "message", None) or exc))
    if not head.startswith(_GZIP_MAGIC) and sniff(head.decode("utf-8", "replace")) == "html":
        return found
    return Problem(found.name, "not_a_page", "no page suffix, and no HTML at its start", status="skipped")


def _unreadable_folders(root: str, errors: list[OSError]) -> Iterator[Problem]:
    while errors:
        error = errors.pop(0)
        where = os.path.relpath(str(error.filename or root), root)
        yield Problem(
            (PurePath(root) / where).as_posix(), "unreadable", f"cannot list folder: {error.strerror}"
        )


def _found_in_folder(root: str, real_root: str, full: str) -> _Found | Problem:
    # Plain string work: a rerun of 100,000 pages spends most of its walk here.
    # os.walk does not enter linked folders, so only a link itself can lead out
    # of `root`; other paths need no resolving (an lstat per component).
    parts = full[len(root) :].lstrip(os.sep).split(os.sep)
    base = PurePath(root).as_posix()
    name = "/".join(parts) if base == "." else f"{base}/{'/'.join(parts)}"
    real = os.path.realpath(full) if os.path.islink(full) else os.path.join(real_root, *parts)
    if not _inside(real, real_root):
        return _outside(root, full)
    if not os.path.isfile(real):
        return Problem(name, "unreadable", "not a regular file (broken link?)")
    return _Found(name, real, (*parts[:-1], split_suffix(parts[-1])[0]))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _outside(root: str, full: str) -> Problem:
    name = (PurePath(root) / os.path.relpath(full, root)).as_posix()
    return Problem(name, "outside_input", "symbolic link pointing out of its input folder; not followed")


def _tasks_for(found: _Found, namer: Namer) -> Iterator[Task | Problem]:
    if not found.name.lower().endswith(WARC_SUFFIXES):
        yield Task(found.name, found.path, namer.claim(found.parts, found.name, found.path))
        return
    yield from _warc_tasks(found, namer)


# ------------------------------------------------------------------- WARC


def warc_page_key(url: str, occurrence: int = 1) -> tuple[str, str]:
    """(host, id) naming a WARC page: stable across runs because it hashes only the URL.

    A URL captured again in the same WARC gets '-2', '-3', ... in WARC order.
    """
    host = (urlsplit(url).hostname or "unknown-host").lower()
    digest = hashlib.sha1(url.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return host, digest if occurrence == 1 else f"{digest}-{occurrence}"


class WarcDamage(ValueError):
    """A WARC that stops making sense at `offset`: a record cut short, or no record where one should be."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"at offset {offset}: {message}")
        self.offset = offset


def iter_warc_pages(path: str) -> Iterator[WarcRef]:
    """The HTML responses (2xx) of a WARC, in file order, without keeping any payload.

    Every record is read to its end and checked against its Content-Length,
    because warcio hands a record cut short by the end of the file over as if
    it were whole. Raises WarcDamage at the first damaged record (the pages
    before it have been yielded), ImportError without warcio.
    """
    from warcio.archiveiterator import ArchiveIterator

    with open_regular(path) as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                start = records.offset  # where this record begins (warcio's own bookkeeping)
                if record.format != "warc":  # warcio reads any text as ARC: refuse it here
                    raise WarcDamage(start, "no WARC record here")
                check_whole(record, start)
                if _is_html_response(record):
                    headers = record.rec_headers
                    yield WarcRef(
                        offset=start,
                        record_id=headers.get_header("WARC-Record-ID") or "",
                        url=headers.get_header("WARC-Target-URI") or "",
                        date=headers.get_header("WARC-Date"),
                    )
        except WarcDamage:
            raise
        except Exception as exc:  # warcio raises many types for a damaged file
            raise WarcDamage(records.offset, f"{type(exc).__name__}: {exc}") from exc
        # warcio ends quietly on a record whose headers the end of the file cut off
        if records.offset < os.fstat(stream.fileno()).st_size:
            raise WarcDamage(records.offset, "the file ends inside a record (cut short?)")


def check_whole(record: Any, start: int) -> None:
    """Read what is left of a record's block and raise WarcDamage when it is shorter than declared."""
    body = record.raw_stream
    if record.length is None or not hasattr(body, "limit"):
        raise WarcDamage(start, "record without a Content-Length (its headers are cut short?)")
    while body.read(_CHUNK):
        pass
    if body.limit > 0:
        raise WarcDamage(
            start, f"record holds {record.length - body.limit} of its {record.length} bytes (file cut short?)"
        )


def _is_html_response(record: object) -> bool:
    if getattr(record, "rec_type", None) != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return False
    http = record.http_headers  # type: ignore[attr-defined]
    status = http.get_statuscode() or ""
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and content_type in {"text/html", "application/xhtml+xml"}


def _warc_tasks(found: _Found, namer: Namer) -> Iterator[Task | Problem]:
    """One task per HTML response; the WARC itself becomes a Problem when it gives none or breaks."""
    base = found.parts
    occurrences: dict[str, int] = {}
    count = 0
    try:
        for ref in iter_warc_pages(found.path):
            occurrences[ref.url] = occurrences.get(ref.url, 0) + 1
            host, page_id = warc_page_key(ref.url, occurrences[ref.url])
            name = f"{found.name}#{host}/{page_id}"
            count += 1
            output = namer.claim((*base, host, page_id), name, f"{found.path}#{host}/{page_id}")
            yield Task(name, found.path, output, ref)
    except ImportError:
        yield Problem(found.name, "warc_unsupported", "reading WARC files needs warcio (pip install warcio)")
        return
    except WarcDamage as exc:
        yield Problem(found.name, "bad_warc", f"{exc} (after {count} page(s))")
        return
    except PageError as exc:  # swapped for a FIFO or the like after the walk saw a file
        yield Problem(found.name, exc.reason, exc.message)
        return
    except OSError as exc:
        yield Problem(found.name, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
        return
    if count == 0:
        yield Problem(found.name, "no_pages", "no HTML response record in this WARC")


# ---------------------------------------------------------------- reading


def read_page(task: Task, max_bytes: int) -> bytes:
    """The bytes process() gets, never reading more than max_bytes + 1 of them.

    Raises PageError 'too_large' past the limit and 'unreadable' on I/O errors.
    """
    try:
        if task.warc is not None:
            return _read_warc_payload(task.path, task.warc, max_bytes)
        with open_regular(task.path) as stream:
            size = os.fstat(stream.fileno()).st_size
            _check_size(size, max_bytes)
            # The file's size and a byte more, which shows a file that grew since: read(max_bytes + 1)
            # would have the buffer allocate (and map) max_bytes for every page (0.05-0.1 ms).
            data = stream.read(size + 1)
            if len(data) > size:
                data += stream.read(max_bytes + 1 - len(data))
    except OSError as exc:
        reason = "out_of_files" if is_out_of_files(exc) else "unreadable"
        raise PageError(reason, f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    _check_size(len(data), max_bytes)
    return data


def open_regular(path: str) -> BinaryIO:
    """Open a file for reading, refusing anything but a regular file, without ever blocking.

    A plain open() of a FIFO waits for a writer for ever, and the walk's
    is-a-file check cannot help when the file is swapped after it. O_NONBLOCK
    makes that open return at once (it changes nothing for regular files);
    fstat then tells what was opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PageError("unreadable", "not a regular file (a FIFO, socket or device)")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise PageError("too_large", f"page is over the {max_bytes}-byte limit")


def _read_warc_payload(path: str, ref: WarcRef, max_bytes: int) -> bytes:
    """Seek straight to the record; fall back to a scan when the offset does not hold it."""
    from warcio.archiveiterator import ArchiveIterator

    with open_regular(path) as stream:
        stream.seek(ref.offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.rec_headers.get_header("WARC-Record-ID") != ref.record_id:
            stream.seek(0)
            record = next(
                (
                    r
                    for r in ArchiveIterator(stream)
                    if r.rec_headers.get_header("WARC-Record-ID") == ref.record_id
                ),
                None,
            )
        if record is None:
            raise PageError("unreadable", f"WARC record {ref.record_id} not found")
        data = record.content_stream().read(max_bytes + 1)
        _check_size(len(data), max_bytes)
        try:
            check_whole(record, ref.offset)
        except WarcDamage as exc:  # the file changed since the walk checked it
            raise PageError("bad_warc", str(exc)) from exc
    return data
