"""The original bytes of a report entry's input, read the way the run read them.

A report names inputs as the run was given them (relative to the folder it
ran in, or absolute); a WARC page as `<warc>#<host>/<id>`. Pages of one WARC
sit together in the sorted report, so the index of one WARC at a time is
kept, never the payloads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline.errors import PageError
from pipeline.inputs import WARC_SUFFIXES, Task, WarcRef, iter_inputs, read_page

Origin = dict[str, str | None]  # url and crawl date of a WARC page, as process() takes them


def raw_name(entry: dict[str, Any]) -> str:
    """The input's name as the file system has it (a report shows odd bytes as \\xNN, and keeps them in hex)."""
    raw = entry.get("input_hex")
    return os.fsdecode(bytes.fromhex(raw)) if raw else entry["input"]


class Sources:
    """Reads inputs named by report entries, from `base` (the folder the run was started in)."""

    def __init__(self, base: Path, max_bytes: int) -> None:
        self.base = base
        self.max_bytes = max_bytes
        self._warc: str | None = None
        self._warc_pages: dict[str, Task] = {}

    def read(self, entry: dict[str, Any]) -> tuple[bytes, Origin]:
        """(the page's bytes, its origin); PageError ('not_found', 'unreadable', 'too_large', ...) when it cannot."""
        name = raw_name(entry)
        warc, _, page = name.partition("#")
        if page and warc.lower().endswith(WARC_SUFFIXES):
            task, ref = self._warc_task(warc, page)
            return read_page(task, self.max_bytes), {"url": ref.url, "crawled": ref.date}
        path = self.base / name
        if not path.exists():
            raise PageError("not_found", "the input is no longer where the run found it")
        return read_page(Task(name, str(path), ""), self.max_bytes), {}

    def _warc_task(self, warc: str, page: str) -> tuple[Task, WarcRef]:
        if warc != self._warc:
            path = self.base / warc
            if not path.exists():
                raise PageError("not_found", "the WARC is no longer where the run found it")
            found = (task for task in iter_inputs([str(path)]) if isinstance(task, Task) and task.warc)
            self._warc_pages = {task.name.partition("#")[2]: task for task in found}
            self._warc = warc
        task = self._warc_pages.get(page)
        if task is None or task.warc is None:
            raise PageError("not_found", "the WARC no longer holds this page")
        return task, task.warc
