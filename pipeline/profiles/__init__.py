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


@dataclass(frozen=True)
class Profile:
    name: str
    priority: int
    detect: CSSSelector | None
    article: tuple[CSSSelector, ...]
    title: tuple[CSSSelector, ...]
    no_article: CSSSelector | None
    drop: tuple[tuple[str, CSSSelector], ...]
    drop_short: tuple[tuple[str, CSSSelector], ...]
    tokens: re.Pattern[str] | None
    protect: re.Pattern[str] | None

    def matches(self, root: etree._Element) -> bool:
        return self.detect is not None and bool(self.detect(root))

    def token_kind(self, names: str) -> str | None:
        """Kind of boilerplate that class/id `names` announce, if any.

        `names` is the class and id of one element. Names that also carry a
        content word (`protect`) are never boilerplate.
        """
        if self.tokens is None:
            return None
        key = _NAME_PARTS.sub(" ", names.lower())
        match = self.tokens.search(key)
        if match is None or (self.protect is not None and self.protect.search(key)):
            return None
        return match.lastgroup


_NAME_PARTS = re.compile(r"[\s_\-]+")


def _words(words: list[str]) -> str:
    parts = sorted({_NAME_PARTS.sub(" ", w.lower()) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in parts)


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


def _by_kind(table: dict[str, list[str]]) -> tuple[tuple[str, CSSSelector], ...]:
    return tuple((kind, CSSSelector(", ".join(sel))) for kind, sel in table.items() if sel)


def _compile(data: dict) -> Profile:
    tokens = data.get("tokens", {})
    token_re = "|".join(f"(?P<{kind}>(?<![a-z0-9])(?:{_words(w)})(?![a-z0-9]))" for kind, w in tokens.items())
    protect = data.get("protect", {}).get("tokens", [])
    return Profile(
        name=data["name"],
        priority=data.get("priority", 0),
        detect=_selector(data.get("detect", [])),
        article=tuple(CSSSelector(s) for s in data.get("article", [])),
        title=tuple(CSSSelector(s) for s in data.get("title", [])),
        no_article=_selector(data.get("no_article", [])),
        drop=_by_kind(data.get("drop", {})),
        drop_short=_by_kind(data.get("drop_short", {})),
        tokens=re.compile(token_re) if token_re else None,
        protect=re.compile(rf"(?<![a-z0-9])(?:{_words(protect)})(?![a-z0-9])") if protect else None,
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile, most specific (highest priority) first; 'generic' last."""
    raw = _load_raw()
    compiled = [_compile(_merged(name, raw)) for name in sorted(raw)]
    return tuple(sorted(compiled, key=lambda p: (-p.priority, p.name)))


def generic() -> Profile:
    return next(p for p in all_profiles() if p.name == "generic")


def detect(root: etree._Element) -> Profile:
    """The most specific profile whose markers the page carries, else generic."""
    for profile in all_profiles():
        if profile.matches(root):
            return profile
    return generic()
