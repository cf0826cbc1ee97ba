"""The C passes over a page's tree (`_walk.pyx`), or None where they were not built.

pip builds them at install when a C compiler is found (setup.py); without
one the stages that use them look at every element in Python instead, with
the same results, about 1.2 ms a page slower.
"""

from __future__ import annotations

from types import ModuleType

walk: ModuleType | None
try:
    from pipeline import _walk as walk
except ImportError:
    walk = None
