"""How the stages read an element's text (collapsed, measured, the part inside links) and take one out.

Parsing, cleaning, locating, page facts and schema.org markup all ask these
questions of lxml elements, and parsing and cleaning both remove elements
without losing the text after them; they live here so that no stage imports
another sideways for them. Each is answered in C, since they run on every
candidate element of a page: by the C pass (_walk.pyx) where it is built,
which reads the text nodes in place, else by libxml2's XPath string functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from pipeline import native

_NORMALIZED = etree.XPath("normalize-space(.)", smart_strings=False)
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
_LINKS = etree.XPath("descendant-or-self::a[@href]")  # an <a> without href is no link


def text_of(el: etree._Element) -> str:
    """`el`'s text with every run of whitespace one space, trimmed.

    ASCII whitespace is collapsed in C; text with other characters left (a
    no-break space, say) follows Python's wider rule, str.split's, the same
    set as a regex's whitespace class: the C pass applies it as it copies,
    else XPath collapses and Python splits and joins.
    """
    if native.walk is not None and (collapsed := native.walk.collapsed_text(el)) is not None:
        return str(collapsed)
    text: str = _NORMALIZED(el)
    return text if text.isascii() else " ".join(text.split())


def text_length(el: etree._Element, cap: int | None = None) -> int:
    """Length of `el`'s whitespace-collapsed text, computed in C (no string reaches Python).

    The C pass counts the text in place; XPath (without it) builds the string
    first. With `cap`, the answer is min(length, cap) and the C pass stops
    counting there: a caller that only compares a page's whole text (scripts
    and all) with a bound need not read past it.
    """
    if native.walk is not None and (length := native.walk.text_length(el, -1 if cap is None else cap)) >= 0:
        return int(length)
    length = int(_TEXT_LENGTH(el))
    return length if cap is None else min(length, cap)


def link_text(el: etree._Element) -> tuple[int, int]:
    """(characters of `el`'s text inside links, how many links): `linked_length` and the count at once.

    The C pass measures each link where it finds it; XPath (without it)
    makes a Python element of each link and measures them one by one.
    """
    if native.walk is not None and (found := native.walk.link_text(el))[1] >= 0:
        return int(found[0]), int(found[1])
    found_links = links(el)
    return text_in(found_links), len(found_links)


def links(el: etree._Element) -> list[etree._Element]:
    """The links in `el` (itself included): <a> elements with an href."""
    found: list[etree._Element] = _LINKS(el)
    return found


def text_in(elements: Iterable[etree._Element]) -> int:
    """Characters of whitespace-collapsed text in `elements`, together."""
    return sum(text_length(el) for el in elements)


def linked_length(el: etree._Element) -> int:
    """Characters of `el`'s text inside links (an <a> wrapping a whole card counts whole)."""
    return link_text(el)[0]


def holds_tag(el: etree._Element, tags: frozenset[str]) -> bool:
    """Whether an element below `el` (not `el` itself) has one of `tags`: in C where the pass is built."""
    if native.walk is not None:
        return bool(native.walk.holds_tag(el, tags))
    return any(d.tag in tags for d in el.iterdescendants())


def within(el: etree._Element, region: etree._Element) -> bool:
    """Whether `el` is `region` or inside it (false for an element cleaning has taken out of it)."""
    return el is region or any(a is region for a in el.iterancestors())


def drop(el: etree._Element) -> None:
    """Remove `el` from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
