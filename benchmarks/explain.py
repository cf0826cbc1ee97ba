"""Which element our locator chose on a page, and why: the per-page view of quality.py.

It runs the HTML front end's stages in the order process() does and describes the
element each one settles on, with its text size, so a miss can be traced to the
stage that lost it.
"""

from __future__ import annotations

from _common import PageError
from lxml import etree

from pipeline.clean import clean_article, clean_page
from pipeline.elements import text_length
from pipeline.locate import find_by_profile, locate, second_look
from pipeline.models import Limits, Removed
from pipeline.parse import parse
from pipeline.process import MIN_SHORT_ARTICLE_CHARS
from pipeline.profiles import PageScan, generic, named
from pipeline.read import read


def describe(el: etree._Element | None) -> str:
    """Tag, id and classes of an element and of its ancestors, with its text length."""
    if el is None:
        return "none"
    path = []
    for node in [el, *el.iterancestors()][:5]:
        name = node.tag if isinstance(node.tag, str) else "?"
        if node.get("id"):
            name += "#" + node.get("id")
        if node.get("class"):
            name += "." + ".".join(node.get("class").split()[:3])
        path.append(name)
    return " < ".join(path) + f" ({text_length(el)} chars)"


def explain(data: bytes, name: str) -> str:
    """Lines saying what each front-end stage chose on this page."""
    lines = []
    try:
        decoded = read(data, Limits())
        if decoded.format != "html":
            return "a text dump: no locator"
        root = parse(decoded.text, Limits(), decoded.utf8)
        scan = PageScan(root)
        profile = scan.profile()
        lines.append(f"profile detected: {profile.name}; page text {text_length(root)} chars")
        keep = find_by_profile(scan, profile)
        lines.append(f"profile's article selector: {describe(keep)}")
        removed = Removed()
        clean_page(root, profile, scan, keep, removed)
        lines.append(f"page cleaning removed: {dict(removed.counts)}; page text now {text_length(root)}")
        article, used = locate(scan, profile, removed, hint=keep)
        lines.append(f"located by {used}: {describe(article)}")
        before = text_length(article)
        clean_article(article, named(used), removed)
        lines.append(
            f"article cleaning: {before} -> {text_length(article)} chars; removed {dict(removed.counts)}"
        )
        if text_length(article) < MIN_SHORT_ARTICLE_CHARS:
            article = second_look(scan)
            clean_article(article, generic(), removed)
            lines.append(f"cleaning emptied it; second look: {describe(article)}")
    except PageError as exc:
        lines.append(f"refused: {exc.reason}: {exc}")
    return "\n".join("  " + line for line in lines)
