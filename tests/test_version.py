"""The pipeline version is written once, in pyproject.toml, and records carry exactly that string."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from pipeline import __version__, process
from pipeline.version import UNKNOWN, source_version

ROOT = Path(__file__).resolve().parent.parent
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_records_carry_the_version_pyproject_declares() -> None:
    record = process((ROOT / "raw" / "calcinosis-cutis.html").read_bytes(), "calcinosis-cutis.html")
    assert record.extraction.pipeline_version == __version__ == DECLARED


def test_without_package_metadata_the_source_tree_gives_the_same_version() -> None:
    """A checkout put on the path by hand has no installed metadata: pyproject.toml is read instead."""
    script = (
        "from importlib import metadata\n"
        "def missing(name):\n"
        "    raise metadata.PackageNotFoundError(name)\n"
        "metadata.version = missing\n"
        "import pipeline\n"
        "print(pipeline.__version__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == DECLARED


def test_a_pyproject_of_another_project_or_none_gives_unknown(tmp_path: Path) -> None:
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "something-else"\nversion = "9.9"\n', encoding="utf-8")
    assert source_version(other) == UNKNOWN
    assert source_version(tmp_path / "missing.toml") == UNKNOWN
    other.write_text("not toml at all [", encoding="utf-8")
    assert source_version(other) == UNKNOWN
