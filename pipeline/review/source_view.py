"""The original page, marked and made safe to open: what was kept, what was dropped and as what.

The page comes from the open web, so what leaves here is built in two
steps, either of which alone would stop a script:

1. On the numbered copy PageMarks kept: elements that run code or hold
   no text a reader sees (scripts, frames, SVG, form fields, <head>) go
   with their content; embeds and media go but what they hold stays; an
   image becomes its alt text; the page's own `class`, `title` and
   `data-kind` go (each in one C pass of lxml). Only then does the review
   set its own: its classes, the kind a removal was counted as, and a
   link's address as plain hover text. So a page cannot forge a mark.
2. The result goes through nh3 (the Ammonia sanitizer) with an allow-list
   of tags and of those attributes (every other attribute goes, `href` and
   `on...` included), and no URL scheme at all.

The review pages also forbid every script and every load but their own
style sheet (their Content-Security-Policy, in the template).

Marks sit on the elements where the state changes (kept, dropped as a
kind, outside the article), so a page costs a pass over its elements and
a few dozen marks. A strike-through cannot be taken off the kept article
inside a struck-through wrapper, so the wrappers that hold the article
are not struck: their own text is, in spans.
"""

from __future__ import annotations

import re

import nh3
from lxml import etree

from pipeline.elements import text_length
from pipeline.review.marks import NUMBER, PageMarks

MAX_ELEMENTS = 30_000  # past this a page's view would be too heavy to open; the record still shows
# Gone with everything inside: they run code, or hold what no reader of the page sees as text.
_GONE = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "applet", "head", "title",
        "svg", "math", "select", "textarea", "option", "optgroup", "datalist", "output", "portal",
    }
)
# Gone, but what they hold stays: embeds and media load things, yet an <object> or <video> can hold
# fallback text (which the pipeline strips with the tag, and the view shows as stripped).
_LIFTED = frozenset(
    {
        "object", "embed", "param", "video", "audio", "source", "track", "canvas", "picture", "map", "area",
        "input", "link", "meta", "base", "dialog", "progress", "meter",
    }
)
_AS_SPAN = frozenset({"button", "label", "font", "center", "form", "fieldset", "legend"})
_BLOCKISH = frozenset({"form", "fieldset", "center"})  # shown as <div>
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite",
        "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "ins", "kbd",
        "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
        "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul", "var", "wbr",
    }
)
_ATTRIBUTES = {
    "*": {"class", "title", "data-kind"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    url_schemes=set(),
    link_rel=None,
    strip_comments=True,
    clean_content_tags={"script", "style"},
)
_KIND_CLASS = re.compile(r"[^a-z0-9_]")
_COUNT = etree.XPath("count(//*)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
KEPT, OUTSIDE = "kept", "out"
STRIPPED = "drop:stripped"


def kind_class(kind: str) -> str:
    """The CSS class that colours a removal kind (kinds are our own words; anything else is cut)."""
    return "rv-k-" + (_KIND_CLASS.sub("", kind.lower()) or "other")


def marked_source(marks: PageMarks) -> tuple[str | None, dict[str, int]]:
    """(the page body as safe, marked HTML, or None when there is no tree or it is too big; characters
    by state: 'kept', 'out', and each removal kind)."""
    root = marks.original
    if root is None:
        return None, {}
    if int(_COUNT(root)) > MAX_ELEMENTS:
        return None, {}
    body = next(root.iter("body"), None)
    top = body if body is not None else root
    _disarm(top)
    chars = _mark(top, marks)
    top.tag = "div"
    page = etree.Element("div", {"class": "rv-page"})
    page.append(top)
    html = etree.tostring(page, method="html", encoding="unicode", with_tail=False)
    return _CLEANER.clean(html), chars


def _disarm(top: etree._Element) -> None:
    """What must not show goes, in lxml's C passes; images become their alt text, links their address."""
    etree.strip_elements(top, etree.Comment, etree.ProcessingInstruction, etree.Entity, *_GONE, with_tail=False)
    etree.strip_tags(top, *_LIFTED)
    links = [(el, href) for el in top.iter("a") if (href := el.get("href"))]
    etree.strip_attributes(top, "class", "title", "data-kind", "style")
    for el, href in links:
        el.set("title", _xml_text(href[:300]))
    for el in top.iter("img"):
        alt = _xml_text(el.get("alt") or "").strip()
        el.tag, el.text = "span", f"[image: {alt}]" if alt else "[image]"
        el.set("class", "rv-img")
    for el in top.iter(*_AS_SPAN):
        el.tag = "div" if el.tag in _BLOCKISH else "span"


def _xml_text(text: str) -> str:
    """`text` without the characters lxml refuses to set (libxml2 kept them in attributes it parsed)."""
    return _NOT_XML.sub("", text)


def _mark(top: etree._Element, marks: PageMarks) -> dict[str, int]:
    """Mark where the state changes; return the characters of text in each state.

    Each boundary adds its text to its own state and takes it from the
    state around it, so nested marks add up whatever their depth.
    """
    states: dict[etree._Element, str] = {}
    boundaries: list[tuple[etree._Element, str, str]] = []
    holders: set[etree._Element] = set()  # elements around kept ones: never struck through
    for el in top.iter(etree.Element):
        parent = el.getparent()
        inherited = OUTSIDE if el is top or parent is None else states.get(parent, OUTSIDE)
        state = states[el] = _state(el, marks, inherited)
        if state != inherited:
            boundaries.append((el, state, inherited))
            if state == KEPT and el is not top:
                for ancestor in el.iterancestors():
                    holders.add(ancestor)
                    if ancestor is top:
                        break
    chars = {OUTSIDE: text_length(top)}
    for el, state, inherited in boundaries:
        size = text_length(el)
        for key, change in ((_key(state), size), (_key(inherited), -size)):
            chars[key] = chars.get(key, 0) + change
        _mark_boundary(el, state)
    for el in holders:
        _strike_around(el, states, holders)
    if top not in holders and states[top] == OUTSIDE:  # nothing kept: the whole page is outside
        top.set("class", "rv-b rv-b-out")
    return {key: n for key, n in chars.items() if n > 0}


def _key(state: str) -> str:
    return state.removeprefix("drop:")


def _state(el: etree._Element, marks: PageMarks, inherited: str) -> str:
    """Removed as a kind, kept, or as its parent; an element of the kept article that is not kept was
    stripped (scripts, embeds: the tags a profile removes uncounted)."""
    number = el.get(NUMBER)
    if number is None:
        return inherited
    n = int(number)
    if n in marks.removed:
        return "drop:" + marks.removed[n]
    if n in marks.kept:
        return KEPT
    return STRIPPED if inherited == KEPT else inherited


def _mark_boundary(el: etree._Element, state: str) -> None:
    if state.startswith("drop:"):
        kind = _key(state)
        el.set("class", f"rv-b rv-b-drop {kind_class(kind)}")
        el.set("data-kind", kind)
    else:
        el.set("class", f"rv-b rv-b-{state}")


def _strike_around(holder: etree._Element, states: dict, holders: set) -> None:
    """Strike what lies outside the article in an element that holds part of it: its own text, and
    each child that holds none of it (unless a mark of its own already says what it is)."""
    state = states.get(holder, OUTSIDE)
    if state != OUTSIDE:
        return
    if holder.text and holder.text.strip():
        span = etree.Element("span", {"class": "rv-t-out"})
        span.text, holder.text = holder.text, None
        holder.insert(0, span)
    for child in list(holder):
        if child.tail and child.tail.strip():
            span = etree.Element("span", {"class": "rv-t-out"})
            span.text, child.tail = child.tail, None
            child.addnext(span)
        if child not in holders and states.get(child) == OUTSIDE:
            child.set("class", f"{child.get('class', '')} rv-b rv-b-out".lstrip())
