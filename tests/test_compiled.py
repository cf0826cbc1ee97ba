"""The compiled stages run only when built from the sources beside them (pipeline/compiled.py)."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline import compiled

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
REPO = Path(pipeline.__file__).parent.parent


def _package(tmp_path: Path, sources: dict[str, str], built: list[str], manifest: bool = True) -> Path:
    """A package folder holding `sources`, a compiled file for each of `built`, and the build's manifest."""
    package = tmp_path / "pipeline"
    (package / "data").mkdir(parents=True)
    for path, text in sources.items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(text)
    for path in built:
        (package / path).with_suffix(SUFFIX).write_bytes(b"")
    if manifest:
        hashes = {path: hashlib.sha256(text.encode()).hexdigest() for path, text in sources.items()}
        (package / "data" / "compiled.json").write_text(json.dumps({"compiled": built, "sources": hashes}))
    return package


def test_a_build_of_the_sources_there_is_trusted(tmp_path: Path) -> None:
    package = _package(
        tmp_path, {"text.py": "A = 1\n", "profiles/rules.py": "B = 2\n"}, ["text.py", "profiles/rules.py"]
    )
    assert compiled.stale(package) == []


def test_a_source_edited_after_the_build_is_stale(tmp_path: Path) -> None:
    package = _package(tmp_path, {"text.py": "A = 1\n", "read.py": "C = 3\n"}, ["text.py", "read.py"])
    (package / "read.py").write_text("C = 4\n")
    assert compiled.stale(package) == ["read.py"]


def test_any_source_edited_added_or_gone_is_stale_even_one_not_compiled(tmp_path: Path) -> None:
    """A compiled module may have taken a constant or a class from a module that is not compiled."""
    package = _package(tmp_path, {"text.py": "A = 1\n", "vocabulary.py": "W = 'x'\n"}, ["text.py"])
    (package / "vocabulary.py").write_text("W = 'y'\n")
    (package / "new.py").write_text("")
    assert compiled.stale(package) == ["new.py", "vocabulary.py"]
    (package / "vocabulary.py").unlink()
    assert compiled.stale(package) == ["new.py", "vocabulary.py"]


def test_a_missing_build_or_manifest_is_stale(tmp_path: Path) -> None:
    package = _package(tmp_path, {"text.py": "A = 1\n", "read.py": "C = 3\n"}, ["text.py", "read.py"])
    (package / "read.py").with_suffix(SUFFIX).unlink()
    assert compiled.stale(package) == ["read.py"]
    (package / "data" / "compiled.json").unlink()
    assert compiled.stale(package) == ["text.py"]


def test_a_package_never_compiled_has_nothing_stale(tmp_path: Path) -> None:
    package = _package(tmp_path, {"text.py": "A = 1\n"}, [], manifest=False)
    (package / "_walk.pyx").write_text("")
    (package / "_walk").with_suffix(SUFFIX).write_bytes(b"")  # the Cython pass has no .py beside it
    assert compiled.stale(package) == []


def test_module_names_of_sources() -> None:
    assert compiled._dotted("profiles/__init__.py") == "pipeline.profiles"
    assert compiled._dotted("profiles/rules.py") == "pipeline.profiles.rules"
    assert compiled._dotted("text.py") == "pipeline.text"


def _records(pages: list[Path]) -> list[str]:
    """Each page's record as JSON, or its refusal's reason."""
    out = []
    for page in pages:
        try:
            out.append(pipeline.process(page.read_bytes(), page.name).model_dump_json())
        except pipeline.PageError as exc:
            out.append(exc.reason)
    return out


@pytest.mark.skipif(not compiled.active(), reason="the stages run from source here (not compiled at install)")
def test_an_edited_copy_runs_from_source_with_the_same_records(tmp_path: Path) -> None:
    """A copy of the compiled package with one stage edited runs all stages from source, quietly.

    The sources give every raw/ page the record the compiled stages give it, byte for byte.
    """
    shutil.copytree(REPO / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for group in REPO.glob(f"{compiled.GROUP}*"):
        shutil.copy(group, tmp_path)
    text = tmp_path / "pipeline" / "text.py"
    text.write_text(text.read_text() + "\nEDITED = True\n")
    pages = sorted(p for p in (REPO / "raw").iterdir() if p.is_file())
    probe = (
        "import json, sys, pathlib, pipeline, pipeline.text as t, pipeline.structure as s;"
        "from tests.test_compiled import _records;"
        "pages = [pathlib.Path(p) for p in sys.argv[1:]];"
        "print(json.dumps([t.EDITED, s.__file__.endswith('.py'), _records(pages)]))"
    )
    shutil.copytree(
        REPO / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.html")
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    command = [sys.executable, "-c", probe, *map(str, pages)]
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    edited, from_source, records = json.loads(run.stdout)
    assert edited and from_source
    assert records == _records(pages)
    assert run.stderr == ""
