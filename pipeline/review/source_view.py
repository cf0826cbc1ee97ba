"""The original page, marked and made safe to open: what was kept, what was dropped and as what.

The page comes from the open web, so what leaves here is built in two
steps, either of which alone would stop a script:

1. On the numbered copy PageMarks kept: elements that run or load anything
   (scripts, frames, objects, SVG, media, forms' fields, <base>, <meta>,
   <link>) go with their content, an image becomes its alt text, and every
   attribute of the page is taken away. Only the review's own are set: its
   classes, the kind a removal was counted as, and a link's address as
   plain hover text (no link leads anywhere). So a page cannot forge a mark.
2. The result goes through nh3 (the Ammonia sanitizer) with an allow-list
   of tags and of those attributes, and no URL scheme at all.

The review pages also forbid every script and every load but their own
style sheet (their Content-Security-Policy, in the template).

Each element's text is wrapped in a span carrying its state (kept,
dropped, outside the article): CSS cannot take a strike-through off the
kept article inside a struck-through wrapper, so only text is decorated.
"""

from __future__ import annotations

import re

import nh3
from lxml import etree

from pipeline.review.marks import NUMBER, PageMarks

MAX_ELEMENTS = 30_000  # past this a page's view would be too heavy to open; the record still shows
# Gone with everything inside: they run code, or hold what no reader of the page sees as text.
_GONE = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "applet", "head", "title",
        "svg", "math", "select", "textarea", "option", "optgroup", "datalist", "output", "portal",
    }
)
# Gone, but what they hold stays: embeds and media load things, yet libxml2 reads some of them (<embed>)
# as containers, so the text after one can sit inside it (and the pipeline strips it with the tag).
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
_DIGITS = re.compile(r"\d{1,4}")
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
    chars: dict[str, int] = {}
    if sum(1 for _ in root.iter(etree.Element)) > MAX_ELEMENTS:
        return None, chars
    body = next(root.iter("body"), None)
    top = body if body is not None else root
    _mark(top, marks, chars)
    top.tag = "div"
    page = etree.Element("div", {"class": "rv-page"})
    page.append(top)
    html = etree.tostring(page, method="html", encoding="unicode", with_tail=False)
    return _CLEANER.clean(html), chars


def _mark(top: etree._Element, marks: PageMarks, chars: dict[str, int]) -> None:
    """Give each element its state (its own mark, else its parent's), make it safe, wrap its text."""
    stack: list[tuple[etree._Element, str]] = [(top, OUTSIDE)]
    while stack:
        el, inherited = stack.pop()
        state = _state(el, marks, inherited)
        _clear(el)
        children = list(el)  # the page's own, before the text spans join them
        _make_safe(el, state, state != inherited)
        _wrap_text(el, children, state, chars)
        stack.extend((child, state) for child in children)


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


def _clear(el: etree._Element) -> None:
    """Take out el's children that must not show: comments and the like, _GONE ones; lift _LIFTED ones' insides."""
    i = 0
    while i < len(el):
        child = el[i]
        if not isinstance(child.tag, str) or child.tag in _GONE:
            _add_text(el, i, child.tail)
            el.remove(child)
        elif child.tag in _LIFTED:
            _add_text(el, i, child.text)
            inside, tail = list(child), child.tail
            el.remove(child)
            for k, grandchild in enumerate(inside):
                el.insert(i + k, grandchild)
            _add_text(el, i + len(inside), tail)
        else:
            i += 1


def _add_text(el: etree._Element, index: int, text: str | None) -> None:
    """Put `text` where el's child number `index` would start: after the child before it, or as el's text."""
    if not text:
        return
    if index == 0:
        el.text = (el.text or "") + text
    else:
        el[index - 1].tail = (el[index - 1].tail or "") + text


def _make_safe(el: etree._Element, state: str, boundary: bool) -> None:
    """Replace the page's attributes by the review's own: state classes where the state changes."""
    href = el.get("href") if el.tag == "a" else None
    kept = {name: el.get(name) for name in _ATTRIBUTES.get(el.tag, ()) if _DIGITS.fullmatch(el.get(name) or "")}
    alt = el.get("alt") if el.tag == "img" else None
    el.attrib.clear()
    el.attrib.update(kept)
    if el.tag == "img":
        el.tag, el.text = "span", f"[image{': ' + alt.strip() if alt and alt.strip() else ''}]"
        el.set("class", "rv-img")
    elif el.tag in _AS_SPAN:
        el.tag = "div" if el.tag in _BLOCKISH else "span"
    if href:
        el.set("title", href[:300])
    if boundary:
        kind = state.removeprefix("drop:")
        if state.startswith("drop:"):
            el.set("class", f"rv-b rv-b-drop {kind_class(kind)}")
            el.set("data-kind", kind)
        else:
            el.set("class", f"rv-b rv-b-{state}")


def _wrap_text(el: etree._Element, children: list, state: str, chars: dict[str, int]) -> None:
    """Put el's own text, and the text after each of its `children`, in spans of its state."""
    css = _text_class(state)
    key = state.removeprefix("drop:")
    if el.text and el.text.strip():
        span = etree.Element("span", {"class": css})
        span.text, el.text = el.text, None
        el.insert(0, span)
        chars[key] = chars.get(key, 0) + len(span.text.strip())
    for child in children:
        if child.tail and child.tail.strip():
            span = etree.Element("span", {"class": css})
            span.text, child.tail = child.tail, None
            child.addnext(span)
            chars[key] = chars.get(key, 0) + len(span.text.strip())


def _text_class(state: str) -> str:
    if state.startswith("drop:"):
        return f"rv-t rv-t-drop {kind_class(state.removeprefix('drop:'))}"
    return f"rv-t rv-t-{state}"
