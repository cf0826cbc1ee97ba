"""profiles/rules: the one-walk selector matcher agrees with lxml's CSS engine."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml.cssselect import CSSSelector

from pipeline.models import Limits
from pipeline.parse import parse
from pipeline.profiles import all_profiles
from pipeline.profiles.rules import RuleSet
from pipeline.read import read

RAW = Path(__file__).resolve().parent.parent / "raw"
HTML_PAGES = sorted(p for p in RAW.iterdir() if p.name.endswith((".html", ".html.gz")))


def selectors() -> list[str]:
    found: set[str] = set()
    for p in all_profiles():
        found.update(p.detect, p.article, p.title, p.no_article, p.listing)
        found.update(sel for sel, _ in (*p.drop, *p.drop_short))
        found.update(sel for sels in p.page.values() for sel in sels)
    return sorted(found)


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: p.name)
def test_rule_set_matches_what_lxml_matches(path: Path):
    data = path.read_bytes()
    root = parse(read(gzip.decompress(data) if path.suffix == ".gz" else data, Limits()).text, Limits())
    sels = selectors()
    hits = RuleSet([(sel, sel) for sel in sels]).scan(root)
    for sel in sels:
        ours = {el for el, labels in hits.items() if sel in labels}
        assert ours == set(CSSSelector(sel)(root)), sel


def test_rules_are_reported_in_declaration_order():
    root = parse("<html><body><div id='a' class='x y'><p class='y'>t</p></div></body></html>", Limits())
    hits = RuleSet([("second", ".y"), ("first", "#a"), ("desc", "#a .y"), ("not", "div:not(.z)")]).scan(root)
    div, p = root.find(".//div"), root.find(".//p")
    assert hits[div] == ("second", "first", "not")
    assert hits[p] == ("second", "desc")


def test_selectors_the_walk_cannot_take_still_come_in_declaration_order():
    root = parse(
        "<html><body><div id='a' class='x'><p class='y z'>t</p><p>u</p></div></body></html>", Limits()
    )
    rules = [
        ("child", "div > p"),
        ("y", ".y"),
        ("z-not-w", "p.z:not(.w)"),
        ("inside", "#a p"),
        ("x", "div.x"),
    ]
    hits = RuleSet(rules).scan(root)
    first, second = root.findall(".//p")
    assert hits[first] == ("child", "y", "z-not-w", "inside")
    assert hits[second] == ("child", "inside")
    assert hits[root.find(".//div")] == ("x",)


def test_attribute_tests_are_checked_on_the_value_not_only_its_guard():
    root = parse(
        "<html><body><div class='cookie-bar'>a</div><div class='nocookie'>b</div>"
        "<link href='/wp-content/x.css'><link href='/elsewhere/wp-content'><meta name='generator' content='WordPress 6'>"
        "<meta name='description' content='WordPress 6'></body></html>",
        Limits(),
    )
    rules = [
        ("starts", "[class^='cookie']"),
        ("wp", "link[href^='/wp-content/']"),
        ("gen", "meta[name='generator'][content^='WordPress']"),
    ]
    hits = RuleSet(rules).scan(root)
    labelled = {
        label: [el.get("class") or el.get("href") or el.get("name") for el, ls in hits.items() if label in ls]
        for label, _ in rules
    }
    assert labelled == {"starts": ["cookie-bar"], "wp": ["/wp-content/x.css"], "gen": ["generator"]}
