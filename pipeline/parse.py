"""Text to an lxml tree, parsed locally and within limits.

The HTML parser never touches the network and never loads a DTD; libxml2's
own depth cap (256) is reported as an error instead of silently cutting the
page short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from pipeline import native
from pipeline.elements import drop
from pipeline.errors import PageError
from pipeline.models import Limits
from pipeline.text import STRAY_CONTROLS


def _xml_safe(text: str) -> str:
    """Drop U+FFFE/U+FFFF: valid UTF-8, but lxml refuses them in text handed back to it."""
    return text.replace("\ufffe", "").replace("\uffff", "")


def _stray(utf8: bytes) -> bool:
    """Whether the page may hold control bytes the parser must not see (STRAY_CONTROLS).

    Almost no page does: the C pass looks in a fifth of the time copying the
    page without them takes; without it, the page is copied anyway.
    """
    return native.walk is None or bool(native.walk.holds_controls(utf8))


# An end tag of the page with more markup after it (a theme's header template
# that closes the document): browsers read on, libxml2 drops all after </html>.
_EARLY_END = re.compile(rb"</(?:html|body)\s*>\s*(?!</(?:html|body)\s*>)[^\s]", re.IGNORECASE)
_END_TAGS = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)


def _read_on(utf8: bytes) -> bytes:
    """The page without its </body> and </html> when markup follows one: what comes after is still the page's body.

    The parser closes both at the end of the text anyway. The C pass asks
    the question in half the regex's time.
    """
    early = native.walk.ends_early(utf8) if native.walk is not None else _EARLY_END.search(utf8) is not None
    return _END_TAGS.sub(b"", utf8) if early else utf8


def _parser() -> etree.HTMLParser:
    # The plain etree parser, not lxml.html's: its Python element classes
    # cost a lookup per element visited, a quarter of the parse time. No
    # table of ids either (nothing looks elements up by id): 3% of the parse.
    return etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        collect_ids=False,
    )


def parse(text: str, limits: Limits, utf8: bytes | None = None) -> etree._Element:
    """Parse page text into an lxml HTML tree (the <html> element).

    `utf8`, when given, is the same text as the input's own UTF-8 bytes:
    parsing them saves re-encoding the whole page.
    """
    parser = _parser()
    if utf8 is None or "\ufffe" in text or "\uffff" in text:  # quick on text: no scan unless wide chars
        utf8 = _xml_safe(text).encode("utf-8", "replace")
    utf8 = _read_on(utf8)
    try:
        root = etree.fromstring(utf8.translate(None, STRAY_CONTROLS) if _stray(utf8) else utf8, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise PageError("unparsable", f"the HTML parser found no document: {exc}") from None
    if root is None:
        raise PageError("unparsable", "the HTML parser found no document")
    for entry in parser.error_log:
        if "Excessive depth" in entry.message or "RESOURCE_LIMIT" in entry.type_name:
            raise PageError("too_deep", "elements nested deeper than the parser's cap of 256")
    count, found = _census(root)
    _empty_voids(el for el in found if el.tag in _VOIDS)
    templates = [el for el in found if el.tag == "template"]
    if templates and _STREAMED in utf8:
        count -= _place_streamed(root, templates)
    if count > limits.max_elements:
        raise PageError("too_many_elements", f"{count} elements, over the {limits.max_elements} cap")
    return root


# Void elements of HTML5 that libxml2, an HTML4 parser, reads as containers:
# an <embed> holds the rest of its parent, a <wbr> the rest of its line.
_VOIDS = ("embed", "source", "track", "wbr", "keygen")
_FIXED = (*_VOIDS, "template")  # the elements parse() may fix up: voids, and placeholders of streamed parts
_COUNT = etree.XPath("count(//*)")


def _census(root: etree._Element) -> tuple[int, list[etree._Element]]:
    """(elements in the tree, those of the tags in _FIXED in document order), in one C walk where built.

    Fixing the tree up moves elements but keeps their document order and
    number, bar the placeholders it replaces (_place_streamed counts them).
    """
    if native.walk is not None:
        counted: tuple[int, list[etree._Element]] = native.walk.census(root, _FIXED)
        return counted
    return int(_COUNT(root)), list(root.iter(*_FIXED))


def _empty_voids(voids: Iterable[etree._Element]) -> None:
    """Give back to the page what libxml2 nested inside a void element, as a browser parses it.

    Left nested, it went with the element: an <embed> before a section took
    the section with it when embeds were stripped, and text after a <wbr>
    was read as the inside of a tag that holds none. `voids` come in
    document order, which pouring one out leaves as it was: a void nested
    in another is met after it, as a sibling.
    """
    for el in voids:
        if len(el) or el.text:
            _pour_out(el)


def _pour_out(el: etree._Element) -> None:
    """Move `el`'s text and children right after it, in order; `el` is left empty."""
    parent = el.getparent()
    if parent is None:
        return
    children = list(el)
    inner, el.text = el.text, None
    if children:
        children[-1].tail = (children[-1].tail or "") + (el.tail or "")
        el.tail = inner
        for offset, child in enumerate(children, start=1):
            parent.insert(parent.index(el) + offset, child)
    else:
        el.tail = (inner or "") + (el.tail or "")


_STREAMED = b'<div hidden id="S:'  # React's streamed HTML: parts sent after the page, hidden


def _place_streamed(root: etree._Element, templates: list[etree._Element]) -> int:
    """Put each part a streaming server sent late where the browser puts it.

    React (Next.js and others) streams the slow parts of a page, often the
    article body or its FAQ answers, after the rest, as hidden
    `<div id="S:n">` at the end of <body>, and a script moves each into its
    placeholder `<template id="B:n">` (or `P:n`). Without the script they
    stay hidden and far from their headings; placed, they read in order.
    Saved pages often lack the script, so parts pair with placeholders by number.
    Returns how many placeholders were replaced (and are gone from the tree).
    """
    parts = {
        el.get("id", "")[2:]: el
        for el in root.iter("div")
        if "hidden" in el.attrib and el.get("id", "").startswith("S:")
    }
    placed = 0
    for template in templates:
        name = template.get("id") or ""
        part = parts.pop(name[2:], None) if name[:2] in ("B:", "P:") else None
        if part is None:
            continue
        drop(part)
        part.attrib.clear()
        part.tail, template.tail = template.tail, None
        template.addprevious(part)
        drop(template)
        placed += 1
    return placed
