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

    def matches(self, el: etree._Element, classes: set[str] | None = None) -> bool:
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
    """Selectors with a label each; `scan` says, per element, the first rule it matches."""

    def __init__(self, rules: list[tuple[str, str]]) -> None:
        self._by_tag: dict[str, list] = {}
        self._by_id: dict[str, list] = {}
        self._by_class: dict[str, list] = {}
        self._by_attr: dict[str, list] = {}
        self._any: list = []
        self._fallback: list[tuple[int, str, CSSSelector]] = []
        for index, (label, selector) in enumerate(rules):
            chain = _chain(selector)
            if chain is None:
                self._fallback.append((index, label, CSSSelector(selector)))
                continue
            last, rule = chain[-1], (index, label, chain)
            if last.id:
                self._by_id.setdefault(last.id, []).append(rule)
            elif last.classes:
                self._by_class.setdefault(min(last.classes), []).append(rule)
            elif last.tag:
                self._by_tag.setdefault(last.tag, []).append(rule)
            elif last.attrs:
                self._by_attr.setdefault(last.attrs[0][0], []).append(rule)
            else:
                self._any.append(rule)

    def scan(self, root: etree._Element) -> dict[etree._Element, tuple[int, str]]:
        """Every element under `root` (itself included) that a rule matches -> (rule index, label)."""
        found: dict[etree._Element, tuple[int, str]] = {}
        by_tag, by_id, by_class, by_attr, anywhere = (
            self._by_tag,
            self._by_id,
            self._by_class,
            self._by_attr,
            self._any,
        )
        for el in root.iter(etree.Element):
            candidates = by_tag.get(el.tag, ())
            attrs = el.attrib
            classes: set[str] = set()
            if attrs:
                candidates = [*candidates, *anywhere]
                for name in attrs:
                    candidates += by_attr.get(name, ())
                if (ident := attrs.get("id")) is not None:
                    candidates += by_id.get(ident, ())
                if (cls := attrs.get("class")) is not None:
                    classes = set(cls.split())
                    for c in classes:
                        candidates += by_class.get(c, ())
            elif anywhere:
                candidates = [*candidates, *anywhere]
            best = None
            for rule in candidates:
                if (best is None or rule[0] < best[0]) and _matches(el, rule[2], classes):
                    best = rule
            if best is not None:
                found[el] = (best[0], best[1])
        for index, label, selector in self._fallback:
            for el in selector(root):
                if el not in found or found[el][0] > index:
                    found[el] = (index, label)
        return found


def _matches(el: etree._Element, chain: tuple[_Compound, ...], classes: set[str]) -> bool:
    if not chain[-1].matches(el, classes):
        return False
    ancestors = el.iterancestors()
    return all(any(compound.matches(a) for a in ancestors) for compound in reversed(chain[:-1]))
