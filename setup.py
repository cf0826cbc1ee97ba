"""Build the optional compiled parts: the C passes over a page's tree, and the hot stages compiled by mypyc.

The package metadata lives in pyproject.toml; this file only declares the
extensions. Both are optional: where no C compiler (or no mypyc) is found
the install still succeeds and the same Python runs from source, with the
same records, slower (see pipeline/native.py and pipeline/compiled.py).

- `pipeline/_walk.pyx` (Cython, on lxml's public C API): passes over
  libxml2's nodes for the stages that look at every element.
- The modules in COMPILED, compiled to C by mypyc from their own type hints:
  the stages' Python (regex glue, block building, selector matching) runs
  about a tenth faster. A manifest of the package's sources' hashes is
  written beside them, so after any edit the stages run from source
  instead of as stale compiled code (pipeline/compiled.py).
"""

import hashlib
import json
from pathlib import Path

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

# The stages a page passes through, and what they call per block or element.
# Not the pydantic models (mypyc compiles no pydantic class), nor the batch
# runner and CLI, whose time is the pages'.
COMPILED = (
    "blocks",
    "clean",
    "codes",
    "elements",
    "fields",
    "language",
    "locate",
    "medical",
    "meta",
    "parse",
    "profiles/__init__",
    "profiles/profile",
    "profiles/rules",
    "read",
    "schemaorg",
    "structure",
    "text",
)
MANIFEST = Path("pipeline/data/compiled.json")


def walk_extensions() -> list[Extension]:
    walk = Extension(
        "pipeline._walk",
        ["pipeline/_walk.pyx"],
        include_dirs=lxml.get_include(),  # lxml's public C API and the libxml2 headers its wheels ship
    )
    return cythonize([walk], quiet=True)


def mypyc_extensions() -> list[Extension]:
    """The COMPILED modules as mypyc extensions, and their manifest; none where mypyc is missing or fails."""
    MANIFEST.unlink(missing_ok=True)
    sources = [f"pipeline/{name}.py" for name in COMPILED]
    try:
        from mypyc.build import mypycify

        extensions = mypycify(sources, opt_level="3", debug_level="0", group_name="pipeline")
    except (Exception, SystemExit) as exc:  # no mypyc, or its type check failed (it exits): run from source
        print(f"setup.py: the stages will run from source, not compiled ({exc})")
        return []
    package = Path("pipeline")
    hashes = {
        path.relative_to(package).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(package.rglob("*.py"))
    }
    compiled = [f"{name}.py" for name in COMPILED]
    MANIFEST.write_text(json.dumps({"compiled": compiled, "sources": hashes}, indent=1) + "\n")
    return extensions


extensions = walk_extensions() + mypyc_extensions()
for extension in extensions:
    extension.optional = True  # a failed compile warns and installs without it (cythonize drops the flag)
setup(ext_modules=extensions)
