"""The article element as a flat stream of blocks: headings, paragraphs, lists, tables.

Inline markup is joined without inventing spaces (CO<sub>2</sub> stays CO2;
a missing space in the source stays missing, and `structure` repairs it
with rules that know sentences). Bold runs are kept, because a bold lead-in
is how many health pages write their headings.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from pipeline.elements import holds_tag
from pipeline.models import (
    HeadingBlock,
    ListItems,
    NestedItem,
    ParaBlock,
    RawBlock,
    Run,
    TableBlock,
    item_texts,
)
from pipeline.text import record_safe
from pipeline.thresholds import THRESHOLDS, Thresholds

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "figcaption",
    ]
)
HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}  # a heading tag's level
_SKIP = frozenset(
    {
        "img",
        "picture",
        "source",
        "video",
        "audio",
        "iframe",
        "script",
        "style",
        "noscript",
        "svg",
        "input",
        "button",
        "select",
        "textarea",
        "wbr",
    }
)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\u200b]+")
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|table)\b", re.IGNORECASE)
_LIST_TAGS = ("ul", "ol")
_LIST_PARTS = ("li", *_LIST_TAGS)
_LAYOUT_MARKERS = ("table", "p", "ul", "ol", "h1", "h2", "h3", "h4", "div")


def article_blocks(article: etree._Element, thresholds: Thresholds = THRESHOLDS) -> list[RawBlock]:
    """Flatten the article element into blocks, in page order."""
    builder = _Builder(thresholds)
    builder.container(article)
    builder.flush()
    return builder.blocks


def body_text_blocks(text: str, thresholds: Thresholds = THRESHOLDS) -> list[RawBlock]:
    """Blocks of an article body given as text (schema.org articleBody): HTML when it is markup, else one paragraph a line.

    Publishers fill articleBody either with the body's HTML or with plain
    text, its paragraphs on lines of their own or run together.
    """
    text = record_safe(text)
    if _MARKUP.search(text):
        return article_blocks(lxml_html.fragment_fromstring(text, create_parent="div"), thresholds)
    lines = (_SPACE.sub(" ", line).strip() for line in html.unescape(text).splitlines())
    return [ParaBlock((Run(line),)) for line in lines if line]


def text_chars(blocks: list[RawBlock]) -> int:
    """Characters of article text in `blocks`: paragraphs, list items and table cells (headings are not text)."""
    return sum(_chars(block) for block in blocks)


def _chars(block: RawBlock) -> int:
    if isinstance(block, ParaBlock):
        return len(block.text)
    if isinstance(block, ListItems):
        return sum(map(len, item_texts(block.items)))
    if isinstance(block, TableBlock):
        return sum(len(cell) for row in block.rows for cell in row)
    return 0


def _is_bold(el: etree._Element) -> bool:
    return el.tag in ("strong", "b") or bool(_BOLD_STYLE.search(el.get("style", "")))


def _has_block_child(el: etree._Element) -> bool:
    return len(el) > 0 and holds_tag(el, BLOCK_TAGS)


class _Builder:
    """Walks the tree once, collecting inline runs into paragraphs."""

    def __init__(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.blocks: list[RawBlock] = []
        self.runs: list[Run] = []

    def flush(self) -> None:
        if not self.runs:  # every block boundary flushes; most find nothing pending
            return
        runs = normalize_runs(self.runs)
        self.runs = []
        if runs:
            self.blocks.append(ParaBlock(runs))

    def add(self, text: str | None, bold: bool) -> None:
        if text:
            self.runs.append(Run(text, bold))

    def visit(self, el: etree._Element, bold: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            pass
        elif tag == "br":
            self.runs.append(Run("\n", bold))
        elif tag in BLOCK_TAGS or _has_block_child(el):
            self.block(el)
        else:
            inner = bold or _is_bold(el)
            self.add(el.text, inner)
            for child in el:
                self.visit(child, inner)
        self.add(el.tail, bold)

    def container(self, el: etree._Element) -> None:
        self.add(el.text, False)
        for child in el:
            self.visit(child, False)

    def block(self, el: etree._Element) -> None:
        self.flush()
        tag = el.tag
        if tag in HEADING_LEVELS:
            text = plain_text(el)
            if text:
                self.blocks.append(HeadingBlock(text, HEADING_LEVELS[tag]))
        elif tag in ("ul", "ol"):
            items = list_items(el)
            if items:
                self.blocks.append(ListItems(tuple(items), ordered=tag == "ol"))
        elif tag == "dl":
            self._definition_list(el)
        elif tag == "table" and not _is_layout_table(el, self.thresholds.layout_table_chars):
            table = read_table(el)
            if table is not None:
                self.blocks.append(table)
        elif tag == "pre":
            text = "".join(el.itertext()).strip()
            if text:
                self.blocks.append(ParaBlock((Run(text),)))
        elif tag != "hr":
            self.container(el)
        self.flush()

    def _definition_list(self, el: etree._Element) -> None:
        """Terms and definitions as "term: definition" items, or, when every term asks a question
        (an FAQ written as <dl>), as question and answer paragraphs, which structure keeps together."""
        pairs, term = [], ""
        for child in el.iter("dt", "dd"):
            text = plain_text(child)
            if child.tag == "dt":
                term = text
            elif text:
                pairs.append((term, text))
                term = ""
        if pairs and all(t.endswith("?") for t, _ in pairs):
            self.blocks.extend(ParaBlock((Run(t),)) for pair in pairs for t in pair)
        elif pairs:
            self.blocks.append(ListItems(tuple(f"{t}: {d}" if t else d for t, d in pairs)))


def normalize_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse HTML whitespace across runs and merge runs of equal weight.

    Line breaks survive (as single "\\n" without spaces around them) since
    pseudo-lists put one item on each line.
    """
    out: list[list] = []
    last = "\n"  # treat the start like a line start: no leading space
    for run in runs:
        text = run.text
        if text != "\n" and not (text.isprintable() and "  " not in text):  # (else nothing to collapse)
            text = _SPACE.sub(" ", text)
        if text == "\n":
            if out and out[-1][0].endswith(" "):
                out[-1][0] = out[-1][0].rstrip(" ")
            if last == "\n":
                continue
        elif last in (" ", "\n"):
            text = text.lstrip(" ")
        if not text:
            continue
        if out and out[-1][1] == run.bold:
            out[-1][0] += text
        else:
            out.append([text, run.bold])
        last = text[-1]
    while out and (not out[-1][0] or out[-1][0].isspace()):  # blank, told without copying a long run
        out.pop()
    if not out:  # else the last run holds text, whatever the others hold
        return ()
    out[-1][0] = out[-1][0].rstrip()
    return tuple(Run(t, b) for t, b in out)


def plain_text(el: etree._Element, skip_lists: bool = False) -> str:
    """Inline text of an element, blocks inside it separated by a space."""
    parts = [el.text or ""]
    for child in el:
        _gather(child, skip_lists, parts)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _gather(node: etree._Element, skip_lists: bool, parts: list[str]) -> None:
    """Add `node`'s text, its children's and its tail to `parts`, a space either side of a block.

    A function of its own, not a closure: a recursive closure is a reference
    cycle, left for the garbage collector on every call.
    """
    tag = node.tag
    if isinstance(tag, str) and tag not in _SKIP and not (skip_lists and tag in ("ul", "ol")):
        spaced = tag in BLOCK_TAGS or tag == "br"
        if spaced:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            _gather(child, skip_lists, parts)
        if spaced:
            parts.append(" ")
    parts.append(node.tail or "")


def list_items(el: etree._Element) -> list[str | NestedItem]:
    """Items of a list; an item holding a sub-list keeps it as a NestedItem.

    A sub-list written straight inside the list, between items (invalid
    HTML that editors produce), belongs to the item before it, which is
    what its indentation shows a reader.
    """
    items: list[str | NestedItem] = []
    children = [c for c in el if c.tag in _LIST_PARTS]
    if not any(c.tag == "li" for c in children):
        children = el.xpath("./*/li")
    for child in children:
        if child.tag == "li":
            text = plain_text(child, skip_lists=True)
            sub = _sub_list(_outer_lists(child))
            if sub is not None:
                items.append(NestedItem(text, sub))
            elif text:
                items.append(text)
        elif (sub := _sub_list([child])) is not None:
            if items:
                items[-1] = _with_sub_list(items[-1], sub)
            else:
                items.extend(sub.items)
    return items


def _outer_lists(el: etree._Element) -> list[etree._Element]:
    """The lists inside an item, however deep its wrappers put them, not those inside them.

    plain_text(skip_lists=True) leaves every list out of the item's own text,
    so each must be found here or its items are lost.
    """
    out: list[etree._Element] = []
    for child in el:
        if child.tag in _LIST_TAGS:
            out.append(child)
        elif isinstance(child.tag, str) and len(child):
            out.extend(_outer_lists(child))
    return out


def _sub_list(lists: list[etree._Element]) -> ListItems | None:
    """The sub-list an item holds (several in one item are read as one), or None."""
    items = [item for sub in lists for item in list_items(sub)]
    return ListItems(tuple(items), ordered=lists[0].tag == "ol") if items else None


def _with_sub_list(item: str | NestedItem, sub: ListItems) -> NestedItem:
    if isinstance(item, str):
        return NestedItem(item, sub)
    return NestedItem(item.text, ListItems((*item.items, *sub.items), item.sub.ordered))


def _is_layout_table(table: etree._Element, text_chars: int) -> bool:
    """Tables used to lay out a page (cells holding paragraphs, lists or tables)."""
    markers = list(table.iterdescendants(*_LAYOUT_MARKERS))
    if any(m.tag == "table" for m in markers):
        return True
    rows = table.xpath("./tr | ./*/tr")
    if len(rows) <= 2 and all(len(r.xpath("./td | ./th")) <= 1 for r in rows):
        return True
    return sum(len(plain_text(m)) for m in markers if m.tag != "div") > text_chars


def read_table(table: etree._Element) -> TableBlock | None:
    rows: list[tuple[str, ...]] = []
    header: tuple[str, ...] | None = None
    for tr in table.xpath("./tr | ./*/tr"):
        cells = tr.xpath("./td | ./th")
        texts = tuple(plain_text(c) for c in cells)
        if not any(texts):
            continue
        in_head = tr.getparent().tag == "thead" or all(c.tag == "th" for c in cells)
        if in_head and header is None and not rows:
            header = texts
        else:
            rows.append(texts)
    caption = table.find("caption")
    cap = plain_text(caption) if caption is not None else None
    if not rows:
        return TableBlock(rows=(header,), caption=cap or None) if header else None
    return TableBlock(rows=tuple(rows), header=header, caption=cap or None)
