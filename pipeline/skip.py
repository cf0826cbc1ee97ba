"""Whether a page's record on disk is still up to date, so a rerun can skip the page.

The check runs in the worker, after the page's bytes are read and hashed:
the record must come from these very bytes, this pipeline version, the code
of this fingerprint and this input name (and, with --only-medical, be no
`other` page). The fingerprint is read from the record itself, so a folder
whose report is gone still redoes the pages a code change can affect.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.inputs import Task, printable
from pipeline.records import provenance
from pipeline.results import PageResult, origin
from pipeline.settings import Settings


def previous_result(task: Task, settings: Settings, digest: str) -> PageResult | None:
    """A 'skipped' result when the record on disk came from these very bytes and this very code.

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
            and extraction.get("code_fingerprint") == settings.fingerprint
            and source["path"] == printable(task.name)
            and not (settings.only_medical and doc["page_kind"] == "other")
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not same:
        return None
    url, date = origin(task)
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
