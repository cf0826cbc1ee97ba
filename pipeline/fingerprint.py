"""A fingerprint of everything that shapes a record, so that a changed pipeline redoes its pages.

PIPELINE_VERSION stays the same through most commits (and records keep it,
so golden records do not churn); what tells an older record from a current
one is a hash of the stage code, site profiles, vocabulary and schema. The
batch side (walking, engines, reports) is left out: changing it changes no
record.
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
        "engines.py",
        "explain.py",  # prints a trace of process(); never changes a record
        "fingerprint.py",
        "folder.py",
        "inputs.py",
        "outputs.py",
        "report.py",
    }
)
# Subpackages that read records and never shape one: the review of a batch.
READER_SIDE = ("review/",)
_SHAPING = (".py", ".pyx", ".toml", ".json")


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
