"""What the pipeline kept and dropped on one page, recorded while process() runs it.

PageMarks is a trace process() tells (pipeline/trace.py). When a tree is
parsed, every element gets a number (an attribute, so copies keep it: a
lede copied into the article still names its original) and a copy of the
numbered tree is put aside before any stage touches it. Then each removal
a stage tells (`dropped`, through `Removed.took`) is noted with its kind, and the
elements of the article, once cleaned, are the kept ones. Everything else
on the copy was left outside the article.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pipeline.elements import text_of
from pipeline.errors import PageError
from pipeline.models import ListItems, ParaBlock, RawBlock, Record, item_texts
from pipeline.process import process
from pipeline.read import Decoded
from pipeline.trace import NoTrace

NUMBER = "data-health-review-n"  # no page writes this; a selector would have to name it
_NUMBERS = etree.XPath(f"descendant-or-self::*/@{NUMBER}", smart_strings=False)
# Glyphs that start a pseudo-list item when a page writes lists as text ("• item").
_BULLETS = re.compile(r"(?:^|\s)[•▪●◦‣⁃►▸■□✓✔➤](?=\s)")


class PageMarks(NoTrace):
    """The marks a review draws: the numbered copy, removals, the kept elements."""

    def __init__(self) -> None:
        self.text: str | None = None  # the page as decoded text
        self.format: str | None = None  # "html" or "text"
        self.original: etree._Element | None = None  # the numbered copy of the page as parsed
        self.removed: dict[int, str] = {}  # element number -> kind it was removed as
        self.kept: set[int] = set()  # numbers of the elements of the cleaned article
        self.article_text: str | None = None  # what the blocks were read from (HTML)
        self.blocks: list[RawBlock] | None = None

    def decoded(self, decoded: Decoded) -> None:
        self.text, self.format = decoded.text, decoded.format

    def parsed(self, root: etree._Element) -> None:
        for number, el in enumerate(root.iter(etree.Element)):
            el.set(NUMBER, str(number))
        self.original = copy.deepcopy(root)
        self.removed.clear()
        self.kept.clear()

    def dropped(self, kind: str, el: etree._Element, rule: str | None, counted: bool) -> None:
        if (number := el.get(NUMBER)) is not None:
            self.removed.setdefault(int(number), kind)

    def article(self, el: etree._Element, by: str) -> None:
        self.kept = {int(n) for n in _NUMBERS(el)}
        self.article_text = text_of(el)

    def front_end(self, blocks: list[RawBlock]) -> None:
        self.blocks = blocks

    def bullet_glyphs(self) -> int:
        """Pseudo-list glyphs in the text the article was read from (a dump: all of it)."""
        text = self.article_text if self.format == "html" else self.text
        return len(_BULLETS.findall(text or ""))


class Traced:
    """One page run again under PageMarks: the marks, and the record or the refusal it gave."""

    def __init__(self, data: bytes, name: str, url: str | None = None, crawled: str | None = None) -> None:
        self.marks = PageMarks()
        self.record: Record | None = None
        self.error: PageError | None = None
        try:
            self.record = process(data, name, url=url, crawled=crawled, trace=self.marks)
        except PageError as exc:  # what was marked before the refusal still shows
            self.error = exc


def block_pieces(blocks: list[RawBlock]) -> list[tuple[str, str]]:
    """(role, text) of each piece of a dump's block stream, in order: 'para', 'first' (a list's
    first item, cut from the text before its bullets), 'item'."""
    pieces: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, ParaBlock):
            pieces.append(("para", block.text))
        elif isinstance(block, ListItems):
            for i, text in enumerate(item_texts(block.items)):
                pieces.append(("first" if i == 0 else "item", text))
    return pieces
