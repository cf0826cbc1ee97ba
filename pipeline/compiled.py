"""Whether the stages mypyc compiled (setup.py's COMPILED) run compiled, or from their sources.

Python imports a compiled module in preference to the source beside it, so
a module edited after `pip install -e .` would run as the code it was
before, silently. The build writes a manifest of the package's sources
(their SHA-256) and of the modules it compiled; at import, before any stage
is loaded, the compiled modules are used only when every one is present and
no source of the package changed since the build (a compiled module may have
taken a constant or a class from one that is not compiled). Otherwise all
of them run from source (they call each other directly in C, so one stale
module cannot be swapped alone). Records are the same either way, so this is
quiet: only the speed differs, and `benchmarks/speed.py` says which code ran.

This module is never compiled itself, and imports only the standard library.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).parent
GROUP = "pipeline__mypyc"  # mypyc's shared library for the whole group (setup.py's group_name)


def stale(package: Path = PACKAGE) -> list[str]:
    """What keeps the compiled build from being trusted, as paths in the package; empty when it can be.

    Any source of the package changed, added or gone since the build (a
    compiled module may have taken a constant or a class from a module that
    is not compiled), or a compiled module missing or not in the build's
    list. A compiled module and no manifest: every compiled module. A
    package never compiled has nothing stale.
    """
    return _stale(package, *_files(package))


def _stale(package: Path, sources: set[str], built: set[str]) -> list[str]:
    """`stale` for the package's `sources` and compiled modules (`built`), as `_files` found them."""
    try:
        manifest = json.loads((package / "data" / "compiled.json").read_text(encoding="utf-8"))
        compiled, hashes = set(manifest["compiled"]), dict(manifest["sources"])
    except (OSError, ValueError, KeyError, TypeError):  # none, or not one this code wrote
        return sorted(built)
    changed = {path for path, digest in hashes.items() if _digest(package / path) != digest}
    return sorted(changed | (sources - hashes.keys()) | (compiled ^ built))


def _files(package: Path) -> tuple[set[str], set[str]]:
    """(the package's sources, those with a compiled module beside them), as paths in it, from one walk.

    The Cython pass, which has no .py beside it, is no compiled stage.
    """
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    sources: set[str] = set()
    libraries: set[str] = set()
    for path in package.rglob("*"):
        name = path.relative_to(package).as_posix()
        if name.endswith(".py"):
            sources.add(name)
        elif name.endswith(suffixes):
            suffix = next(s for s in suffixes if name.endswith(s))
            libraries.add(name[: -len(suffix)] + ".py")
    return sources, libraries & sources


def _digest(source: Path) -> str | None:
    try:
        return hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return None


class _Sources(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' sources, ahead of the compiled files Python would pick."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules  # dotted name -> source file

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.modules.get(fullname)
        if source is None:
            return None
        folders = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=folders)


def run_from_source_if_stale() -> list[str]:
    """Make the stages import from source when their compiled build is stale or incomplete; returns what was wrong.

    Called once, from the package's __init__, before any stage is imported.
    """
    sources, built = _files(PACKAGE)
    if not built:
        return []
    wrong = _stale(PACKAGE, sources, built)
    if not wrong and importlib.util.find_spec(GROUP) is None:
        wrong = [f"{GROUP} (the compiled group's library is missing)"]
    if wrong:
        sys.meta_path.insert(0, _Sources({_dotted(path): PACKAGE / path for path in built}))
    return wrong


def _dotted(path: str) -> str:
    """A source path in the package ("profiles/__init__.py") as the module's name ("pipeline.profiles")."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["pipeline", *parts])


def active() -> bool:
    """Whether the stages run compiled in this process (as speed.py reports)."""
    module = sys.modules.get("pipeline.structure")
    return module is not None and not str(getattr(module, "__file__", "")).endswith(".py")
