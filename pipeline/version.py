"""The pipeline's version, written once (in pyproject.toml) and read from the package metadata.

Records carry it as `extraction.pipeline_version`, and a rerun redoes a
page whose record holds another one. Without installed metadata (the source
tree put on the path by hand) it is read from the pyproject.toml beside the
package; failing that it is UNKNOWN, which no release carries, so such
records are never mistaken for a release's.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "health-page-pipeline"
UNKNOWN = "0+unknown"
_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def pipeline_version(pyproject: Path = _PYPROJECT) -> str:
    """The installed distribution's version, else the source tree's, else UNKNOWN."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return source_version(pyproject)


def source_version(pyproject: Path) -> str:
    """The version a pyproject.toml of this distribution declares, or UNKNOWN."""
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, ValueError):
        return UNKNOWN
    if project.get("name") != DISTRIBUTION or not isinstance(project.get("version"), str):
        return UNKNOWN
    return project["version"]


PIPELINE_VERSION = pipeline_version()
