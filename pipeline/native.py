"""The C passes over a page's tree (`_walk.pyx`), or None where they were not built.

pip builds them at install when a C compiler is found (setup.py); without
one the stages that use them look at every element in Python (and measure
text with libxml2's XPath) instead, with the same results, about 1.2 ms a
page slower.
"""

from __future__ import annotations

from types import ModuleType

walk: ModuleType | None
try:
    import pipeline._walk as _built
except ImportError:
    walk = None
else:
    walk = _built
