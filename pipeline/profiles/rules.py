"""Many CSS selectors matched in one walk over the tree.

lxml evaluates a selector group as one XPath union, one full-tree scan per
selector: with the hundred-odd selectors of a profile that was most of the
pipeline's time. Profiles only use simple selectors (tag, #id, .class,
[attr], [attr=v], [attr^=v], [attr*=v], [attr$=v], :not(.class), joined by
descendant spaces), so each element is checked once against the few rules
indexed under its tag, id, classes or attribute names. Anything fancier falls back to lxml.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass

from lxml import etree
from lxml.cssselect import CSSSelector

_PART = re.compile(r"#[\w-]+|\.[\w-]+|\[[^\]]+\]|:not\(\.[\w-]+\)")
_TAG = re.compile(r"^([a-zA-Z][\w-]*|\*)")
_ATTR = re.compile(r"""^\[\s*([\w:-]+)\s*(?:([*^$~]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*))\s*)?\]$""")


@dataclass(frozen=True, slots=True)
class _Compound:
    tag: str | None
    id: str | None
    classes: frozenset[str]
    not_classes: frozenset[str]
    attrs: tuple[tuple[str, str | None, str], ...]

    def matches(self, el: etree._Element, classes: frozenset[str] | None = None) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.id is not None and el.get("id") != self.id:
            return False
        if self.classes or self.not_classes:
            have = classes if classes is not None else set(el.get("class", "").split())
            if not self.classes <= have or self.not_classes & have:
                return False
        return all(_attr_ok(el.get(name), op, value) for name, op, value in self.attrs)


def _attr_ok(have: str | None, op: str | None, value: str) -> bool:
    if have is None:
        return False
    if op is None:
        return True
    if op == "=":
        return have == value
    if op == "^=":
        return have.startswith(value)
    if op == "$=":
        return have.endswith(value)
    if op == "~=":
        return value in have.split()
    return value in have  # *=


def _compound(text: str) -> _Compound | None:
    tag_match = _TAG.match(text)
    tag = tag_match.group(1).lower() if tag_match else None
    rest = text[tag_match.end() :] if tag_match else text
    parts = _PART.findall(rest)
    if "".join(parts) != rest:
        return None
    ident, classes, nots, attrs = None, set(), set(), []
    for part in parts:
        if part[0] == "#":
            ident = part[1:]
        elif part[0] == ".":
            classes.add(part[1:])
        elif part.startswith(":not"):
            nots.add(part[6:-1])
        else:
            m = _ATTR.match(part)
            if m is None:
                return None
            value = next((g for g in m.groups()[2:] if g is not None), "")
            attrs.append((m.group(1).lower(), m.group(2), value))
    return _Compound(None if tag == "*" else tag, ident, frozenset(classes), frozenset(nots), tuple(attrs))


def _chain(selector: str) -> tuple[_Compound, ...] | None:
    if any(c in selector for c in ",>+~"):
        return None
    chain = tuple(_compound(part) for part in selector.split())
    return None if not chain or any(c is None for c in chain) else chain


class RuleSet:
    """Labelled selectors; `scan` lists, per element, the labels of every rule it matches.

    Identical selectors given under several labels are matched once.
    """

    def __init__(self, rules: list[tuple[Hashable, str]]) -> None:
        labels: dict[str, list[Hashable]] = {}
        for label, selector in rules:
            labels.setdefault(selector.strip(), []).append(label)
        self._by_tag: dict[str, list[_Rule]] = {}
        self._by_id: dict[str, list[_Rule]] = {}
        self._by_class: dict[str, list[_Rule]] = {}
        self._by_attr: dict[str, list[_Rule]] = {}
        self._attr_guard: dict[str, re.Pattern[str] | None] = {}
        self._fallback: list[tuple[int, tuple[Hashable, ...], CSSSelector]] = []
        for index, (selector, names) in enumerate(labels.items()):
            chain = _chain(selector)
            if chain is None:
                self._fallback.append((index, tuple(names), CSSSelector(selector)))
                continue
            self._index(_Rule(index, tuple(names), chain))
        for name, rules_ in self._by_attr.items():
            self._attr_guard[name] = _guard(name, rules_)

    def _index(self, rule: _Rule) -> None:
        last = rule.chain[-1]
        if last.id:
            self._by_id.setdefault(last.id, []).append(rule)
        elif last.classes:
            self._by_class.setdefault(min(last.classes), []).append(rule)
        elif last.tag:
            self._by_tag.setdefault(last.tag, []).append(rule)
        elif last.attrs:
            self._by_attr.setdefault(last.attrs[0][0], []).append(rule)
        else:  # a bare "*" would match everything: the fallback handles it
            self._fallback.append((rule.index, rule.labels, CSSSelector("*")))

    def scan(self, root: etree._Element) -> dict[etree._Element, list[Hashable]]:
        """Every element under `root` (itself included) that rules match -> their labels, in rule order."""
        found: dict[etree._Element, list[tuple[int, tuple[Hashable, ...]]]] = {}
        by_tag, by_id, by_class, by_attr, guard = (
            self._by_tag,
            self._by_id,
            self._by_class,
            self._by_attr,
            self._attr_guard,
        )
        for el in root.iter(etree.Element):
            candidates = by_tag.get(el.tag)
            keys = el.keys()
            if not keys and candidates is None:
                continue
            candidates = list(candidates or ())
            classes: frozenset[str] = frozenset()
            for name in keys:
                if name == "class":
                    classes = frozenset(el.get("class", "").split())
                    for c in classes:
                        candidates += by_class.get(c, ())
                elif name == "id":
                    candidates += by_id.get(el.get("id"), ())
                rules = by_attr.get(name)
                if rules and ((g := guard[name]) is None or g.search(el.get(name))):
                    candidates += rules
            hits = [(r.index, r.labels) for r in candidates if _matches(el, r.chain, classes)]
            if hits:
                found[el] = hits
        for index, names, selector in self._fallback:
            for el in selector(root):
                found.setdefault(el, []).append((index, names))
        return {el: [label for _, names in sorted(hits) for label in names] for el, hits in found.items()}


@dataclass(frozen=True, slots=True)
class _Rule:
    index: int
    labels: tuple[Hashable, ...]
    chain: tuple[_Compound, ...]


def _guard(name: str, rules: list[_Rule]) -> re.Pattern[str] | None:
    """A quick test an attribute value must pass before its rules are tried (None: always try)."""
    values = []
    for rule in rules:
        for attr, op, value in rule.chain[-1].attrs:
            if attr == name:
                if op is None or op == "~=":
                    return None
                values.append(value)
                break
    return re.compile("|".join(re.escape(v) for v in values)) if values else None


def _matches(el: etree._Element, chain: tuple[_Compound, ...], classes: frozenset[str]) -> bool:
    if not chain[-1].matches(el, classes):
        return False
    ancestors = el.iterancestors()
    return all(any(compound.matches(a) for a in ancestors) for compound in reversed(chain[:-1]))
