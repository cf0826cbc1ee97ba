"""Site profiles: what a family of sites looks like, loaded from the TOML files here.

A profile says how to recognise the family (`detect`), where its article is
(`article`, `title`), which parts are boilerplate (`drop`: CSS selectors by
kind; `drop_short`: the same, for elements dropped only when they hold
little text; `tokens`: words in class/id names by kind) and which pages hold no
article (`no_article`). Profiles `extend` one another; lists add up, so a
theme profile only names what its parent does not already know.

Profiles are compiled once per process (selectors to XPath, tokens to one
regular expression) and are immutable afterwards.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree
from lxml.cssselect import CSSSelector

from pipeline.profiles.rules import RuleSet


@dataclass(frozen=True)
class Profile:
    name: str
    priority: int
    detect_selectors: tuple[str, ...]
    article: RuleSet
    title: tuple[CSSSelector, ...]
    no_article: CSSSelector | None
    drop: RuleSet
    drop_short: RuleSet
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
        words = _NAME_PARTS.split(names.lower())
        kind = _lookup(words, self.tokens)
        if kind is None or _lookup(words, self.protect) is not None:
            return None
        return kind


def _lookup(words: list[str], table: dict[str, str]) -> str | None:
    """The value of the first word run (1-3 words) of `words` found in `table`."""
    for i, word in enumerate(words):
        if word in table:
            return table[word]
        for n in (2, 3):
            if i + n <= len(words) and (phrase := " ".join(words[i : i + n])) in table:
                return table[phrase]
    return None


_NAME_PARTS = re.compile(r"[\s_\-]+")


def _token_table(table: dict[str, list[str]]) -> dict[str, str]:
    """word (or space-joined words) -> kind; the first kind to claim a word keeps it."""
    out: dict[str, str] = {}
    for kind, words in table.items():
        for word in words:
            out.setdefault(" ".join(w for w in _NAME_PARTS.split(word.lower()) if w), kind)
    return out


def _selector(selectors: list[str]) -> CSSSelector | None:
    return CSSSelector(", ".join(selectors)) if selectors else None


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
    for key in ("article", "title", "no_article"):
        out[key] = data.get(key, []) + [s for s in parent.get(key, []) if s not in data.get(key, [])]
    for key in ("drop", "drop_short", "tokens"):
        table = {k: list(v) for k, v in parent.get(key, {}).items()}
        for kind, values in data.get(key, {}).items():
            table[kind] = table.get(kind, []) + values
        out[key] = table
    out["protect"] = parent.get("protect", {}) | data.get("protect", {})
    return out


def _by_kind(table: dict[str, list[str]]) -> RuleSet:
    return RuleSet([(kind, sel) for kind, selectors in table.items() for sel in selectors])


def _compile(data: dict) -> Profile:
    return Profile(
        name=data["name"],
        priority=data.get("priority", 0),
        detect_selectors=tuple(data.get("detect", [])),
        article=RuleSet([(sel, sel) for sel in data.get("article", [])]),
        title=tuple(CSSSelector(s) for s in data.get("title", [])),
        no_article=_selector(data.get("no_article", [])),
        drop=_by_kind(data.get("drop", {})),
        drop_short=_by_kind(data.get("drop_short", {})),
        tokens=_token_table(data.get("tokens", {})),
        protect=_token_table({"protect": data.get("protect", {}).get("tokens", [])}),
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile, most specific (highest priority) first; 'generic' last."""
    raw = _load_raw()
    compiled = [_compile(_merged(name, raw)) for name in sorted(raw)]
    return tuple(sorted(compiled, key=lambda p: (-p.priority, p.name)))


def generic() -> Profile:
    return next(p for p in all_profiles() if p.name == "generic")


@cache
def _detector() -> RuleSet:
    profiles = all_profiles()
    return RuleSet([(p.name, sel) for p in profiles for sel in p.detect_selectors])


def detect(root: etree._Element) -> Profile:
    """The most specific profile whose markers the page carries, else generic."""
    seen = {label for _, label in _detector().scan(root).values()}
    return next((p for p in all_profiles() if p.name in seen), generic())
