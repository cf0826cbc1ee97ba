"""Site profiles: what a family of sites looks like, loaded from the TOML files here.

A profile says how to recognise the family (`detect`), where its article is
(`article`, `title`), which parts are boilerplate (`strip`: tags removed
wholesale; `drop`: CSS selectors by kind; `drop_short`: the same, for elements
dropped only when they hold little text; `tokens`: words in class/id names by
kind) and which pages hold no article (`no_article`, or `listing` when
teasers confirm it). Profiles `extend` one another; lists add up, so a
theme profile only names what its parent does not already know.

Profiles are loaded once per process and are immutable afterwards. All
their selectors are matched together in one walk of a page (`PageScan`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from lxml import etree

from pipeline.profiles.rules import RuleSet


@dataclass(frozen=True)
class Profile:
    name: str
    priority: int
    detect: tuple[str, ...]
    article: tuple[str, ...]
    title: tuple[str, ...]
    no_article: tuple[str, ...]
    listing: tuple[str, ...]  # marks of a listing that only count beside teasers (see locate)
    strip: frozenset[str]  # tags removed with their insides, uncounted
    page: dict[str, list[str]]  # where page-level facts are (meta tags, JSON-LD, ...), by name
    lineage: tuple[str, ...]  # its own name, then the profiles it extends
    own_drop: dict[str, list[str]]  # what this profile adds; the rest comes through `lineage`
    own_drop_short: dict[str, list[str]]
    tokens: dict[str, str]
    protect: dict[str, str]

    def token_kind(self, names: str) -> str | None:
        """Kind of boilerplate that class/id `names` announce, if any.

        `names` is the class and id of one element, cut into words at spaces,
        '-' and '_'; a token of several words ("table of contents") matches
        consecutive words. Names that also carry a content word (`protect`)
        are never boilerplate.
        """
        if not self.tokens:
            return None
        words = name_words(names)
        if self.tokens.keys().isdisjoint(words):  # most names hold no token word at all: settled in C
            return None
        kind = _lookup(words, self.tokens)
        if kind is None or (not self.protect.keys().isdisjoint(words) and _lookup(words, self.protect)):
            return None
        return kind


def name_words(names: str) -> list[str]:
    """The lower-case words of class/id names, cut at whitespace, '-' and '_'.

    str methods, all in C: a regex split took five times as long on the long
    class lists page builders write (Elementor).
    """
    return names.lower().replace("-", " ").replace("_", " ").split()


def _lookup(words: list[str], table: dict[str, str]) -> str | None:
    """The value of the first word run (1-3 words) of `words` found in `table`.

    A word that only opens longer tokens maps to "" in the table, so runs
    are tried only after such words.
    """
    for i, word in enumerate(words):
        kind = table.get(word)
        if kind:
            return kind
        if kind == "":
            for n in (3, 2):
                if (phrase := " ".join(words[i : i + n])) in table and table[phrase]:
                    return table[phrase]
    return None


def _token_table(table: dict[str, list[str]]) -> dict[str, str]:
    """word (or space-joined words) -> kind; the first kind to claim a word keeps it."""
    out: dict[str, str] = {}
    for kind, words in table.items():
        for word in words:
            out.setdefault(" ".join(name_words(word)), kind)
    for phrase in [p for p in out if " " in p]:
        out.setdefault(phrase.split()[0], "")  # marks the opening word of a longer token
    return out


def _load_raw() -> dict[str, dict]:
    raw = {}
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            raw[data["name"]] = data
    return raw


def _merged(name: str, raw: dict[str, dict]) -> dict:
    """A profile's data with everything its ancestors say added in front."""
    data = raw[name]
    if "extends" not in data:
        return data
    parent = _merged(data["extends"], raw)
    out = dict(data)
    for key in ("article", "title", "no_article", "listing", "strip"):
        out[key] = data.get(key, []) + [s for s in parent.get(key, []) if s not in data.get(key, [])]
    for key in ("drop", "drop_short", "tokens"):
        table = {k: list(v) for k, v in parent.get(key, {}).items()}
        for kind, values in data.get(key, {}).items():
            table[kind] = table.get(kind, []) + values
        out[key] = table
    out["protect"] = parent.get("protect", {}) | data.get("protect", {})
    return out


def _lineage(name: str, raw: dict[str, dict]) -> tuple[str, ...]:
    parent = raw[name].get("extends")
    return (name, *(_lineage(parent, raw) if parent else ()))


def _compile(data: dict, raw: dict[str, dict]) -> Profile:
    own = raw[data["name"]]
    return Profile(
        name=data["name"],
        priority=data.get("priority", 0),
        detect=tuple(data.get("detect", [])),
        article=tuple(data.get("article", [])),
        title=tuple(data.get("title", [])),
        no_article=tuple(data.get("no_article", [])),
        listing=tuple(data.get("listing", [])),
        strip=frozenset(data.get("strip", [])),
        page=data.get("page", {}),
        lineage=_lineage(data["name"], raw),
        own_drop=own.get("drop", {}),
        own_drop_short=own.get("drop_short", {}),
        tokens=_token_table(data.get("tokens", {})),
        protect=_token_table({"protect": data.get("protect", {}).get("tokens", [])}),
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile, most specific (highest priority) first; 'generic' last."""
    raw = _load_raw()
    compiled = [_compile(_merged(name, raw), raw) for name in sorted(raw)]
    return tuple(sorted(compiled, key=lambda p: (-p.priority, p.name)))


def named(name: str) -> Profile:
    return next(p for p in all_profiles() if p.name == name)


def generic() -> Profile:
    return named("generic")


@cache
def _all_rules() -> RuleSet:
    """Every selector of every profile, labelled (profile, purpose, detail), for one walk a page."""
    rules: list[tuple[Hashable, str]] = []
    for p in all_profiles():
        rules += [((p.name, "detect", None), sel) for sel in p.detect]
        rules += [((p.name, "article", i), sel) for i, sel in enumerate(p.article)]
        rules += [((p.name, "title", i), sel) for i, sel in enumerate(p.title)]
        rules += [((p.name, "no_article", None), sel) for sel in p.no_article]
        rules += [((p.name, "listing", None), sel) for sel in p.listing]
        rules += [((p.name, "page", fact), sel) for fact, sels in p.page.items() for sel in sels]
        for purpose, table in (("drop", p.own_drop), ("drop_short", p.own_drop_short)):
            rules += [((p.name, purpose, kind), sel) for kind, sels in table.items() for sel in sels]
    return RuleSet(rules)


class PageScan:
    """What every profile's selectors match on one page, found in a single walk of its tree.

    Taken before cleaning; stages ask it for their profile's share.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        # a label is what _all_rules() files: (profile name, purpose, detail); the detail is a
        # drop kind (str), a selector's rank (int) or a page fact's name (str), by purpose
        self._by: dict[tuple[str, str], list[tuple[etree._Element, Any]]] = {}
        found = cast("dict[etree._Element, tuple[tuple[str, str, Any], ...]]", _all_rules().scan(root))
        for el, labels in found.items():
            for name, purpose, detail in labels:
                self._by.setdefault((name, purpose), []).append((el, detail))

    def _of(self, profile: Profile, purpose: str) -> list[tuple[etree._Element, Any]]:
        if purpose in ("drop", "drop_short"):  # declared once, inherited down the lineage
            return [hit for name in profile.lineage for hit in self._by.get((name, purpose), [])]
        return self._by.get((profile.name, purpose), [])

    def profile(self) -> Profile:
        """The most specific profile whose markers the page carries, else generic."""
        seen = {name for name, purpose in self._by if purpose == "detect"}
        return next((p for p in all_profiles() if p.name in seen), generic())

    def drops(self, profile: Profile, purpose: str = "drop") -> dict[etree._Element, str]:
        """Elements `profile` drops (purpose 'drop', or 'drop_short' for the text-length-gated ones)."""
        out: dict[etree._Element, str] = {}
        for el, kind in self._of(profile, purpose):
            out.setdefault(el, kind)
        return out

    def is_listing(self, profile: Profile) -> bool:
        """Whether the page carries `profile`'s marks of a search or error page."""
        return bool(self._by.get((profile.name, "no_article")))

    def may_be_listing(self, profile: Profile) -> bool:
        """Whether the page carries `profile`'s marks of a listing: a class other CMSs also give articles."""
        return bool(self._by.get((profile.name, "listing")))

    def titles(self, profile: Profile) -> list[tuple[str, etree._Element]]:
        """(selector, element) for `profile`'s title selectors, best selector first, then page order."""
        hits = sorted(self._by.get((profile.name, "title"), []), key=lambda hit: hit[1])
        return [(profile.title[rank], el) for el, rank in hits]

    def page(self, fact: str) -> list[etree._Element]:
        """Elements holding a page-level fact (`[page]` in generic.toml), in page order."""
        return [el for el, name in self._by.get(("generic", "page"), []) if name == fact]

    def articles(self, profile: Profile) -> list[tuple[int, etree._Element]]:
        """(selector rank, element) for `profile`'s article selectors, still attached to the page."""
        return [(rank, el) for el, rank in self._of(profile, "article") if _attached(el, self.root)]


def _attached(el: etree._Element, root: etree._Element) -> bool:
    """False once cleaning removed `el` (or an ancestor) from the page."""
    return el is root or any(a is root for a in el.iterancestors())
