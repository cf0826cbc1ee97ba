"""What process() lets a reviewer see of its work: each tree it parsed, each element it removed, the article.

A review of a batch (`pipeline.review`) marks, on the original page, what the
pipeline kept and what it dropped and why. Only process() knows the stage
order, so rather than a second copy of that order, process() takes a Trace
and calls its hooks at the points it alone knows. A Trace is the removal
counter every stage already receives, so no stage needs a parameter of its
own: a stage that removes an element counts it with the element
(`add(kind, el=el)`).

This base keeps the counts and ignores the rest: it is what process() uses
when nobody traces, so records are the same with or without a trace.
"""

from __future__ import annotations

from lxml import etree

from pipeline.models import RawBlock, Removed
from pipeline.read import Decoded


class Trace(Removed):
    """Removal counts, and hooks that do nothing here; `pipeline.review.marks.PageMarks` records them."""

    def decoded(self, decoded: Decoded) -> None:
        """The page as text, and whether it is HTML or a text dump."""

    def parsed(self, root: etree._Element) -> None:
        """A freshly parsed tree, before any stage changed it (again when the last look parses anew)."""

    def located(self, article: etree._Element) -> None:
        """The article element, cleaned: what the blocks are read from."""

    def front_end(self, blocks: list[RawBlock]) -> None:
        """The block stream the front end (HTML or text dump) handed to `structure`."""
