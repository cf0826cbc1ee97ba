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


_BRACKETS = re.compile(r"\[[^\]]*\]")
_OUTSIDE_SPACE = re.compile(r"\s+(?![^\[]*\])")  # whitespace not inside [...]


def _chain(selector: str) -> tuple[_Compound, ...] | None:
    """Compounds of a descendant-only selector, or None when it needs the general engine."""
    if any(c in _BRACKETS.sub("", selector) for c in ",>+~"):
        return None
    chain = tuple(_compound(part) for part in _OUTSIDE_SPACE.split(selector.strip()))
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
        # tag rules that test an attribute ("link[href*='/wp-content/']"), by tag then attribute
        self._by_tag_attr: dict[str, dict[str, tuple[re.Pattern[str] | None, list[_Rule]]]] = {}
        self._attr_guard: dict[str, re.Pattern[str] | None] = {}
        self._fallback: list[tuple[int, tuple[Hashable, ...], CSSSelector]] = []
        for index, (selector, names) in enumerate(labels.items()):
            chain = _chain(selector)
            if chain is None:
                self._fallback.append((index, tuple(names), CSSSelector(selector)))
                continue
            self._index(_Rule(index, tuple(names), chain, _key_only(chain)))
        for name, rules_ in self._by_attr.items():
            self._attr_guard[name] = _guard(name, rules_)
        for tag, rules_ in list(self._by_tag.items()):
            self._by_tag[tag] = [r for r in rules_ if not _tag_attr_rule(r)]
            groups: dict[str, list[_Rule]] = {}
            for r in rules_:
                if _tag_attr_rule(r):
                    groups.setdefault(r.chain[-1].attrs[0][0], []).append(r)
            if groups:
                self._by_tag_attr[tag] = {name: (_guard(name, rs), rs) for name, rs in groups.items()}

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
        """Every element under `root` (itself included) that rules match -> their labels, in rule order.

        The per-element work is the whole cost of a page's cleaning, so the
        loop is written for speed: rules whose index key says it all
        (`key_only`) are taken without further checks.
        """
        found: dict[etree._Element, list[_Rule]] = {}
        by_tag_attr = self._by_tag_attr
        by_tag, by_id, by_class, by_attr, guard = (
            self._by_tag,
            self._by_id,
            self._by_class,
            self._by_attr,
            self._attr_guard,
        )
        for el in root.iter(etree.Element):
            items = el.items()
            tag = el.tag
            tag_rules = by_tag.get(tag)
            if not items and tag_rules is None:
                continue
            hits = [r for r in tag_rules if r.key_only or _matches(el, r.chain)] if tag_rules else []
            groups = by_tag_attr.get(tag) if items else None
            for name, value in items:
                if name == "class":
                    for cls in value.split():
                        if rules := by_class.get(cls):
                            hits += [r for r in rules if r.key_only or _matches(el, r.chain)]
                elif name == "id" and (rules := by_id.get(value)):
                    hits += [r for r in rules if r.key_only or _matches(el, r.chain)]
                if (rules := by_attr.get(name)) and ((g := guard[name]) is None or g.search(value)):
                    hits += [r for r in rules if _attr_rule_ok(el, r, value)]
                if groups and (group := groups.get(name)) and (group[0] is None or group[0].search(value)):
                    hits += [r for r in group[1] if _matches(el, r.chain)]
            if hits:
                found[el] = hits
        out = {el: hits if len(hits) == 1 else sorted(set(hits), key=_index) for el, hits in found.items()}
        for index, names, selector in self._fallback:
            for el in selector(root):
                out.setdefault(el, []).append(_Rule(index, names, ()))
                out[el].sort(key=lambda r: r.index)
        return {el: [label for r in rules for label in r.labels] for el, rules in out.items()}


def _index(rule: _Rule) -> int:
    return rule.index


def _attr_rule_ok(el: etree._Element, rule: _Rule, value: str) -> bool:
    """An attribute-indexed rule: its one attribute test on `value`, or the full check."""
    if rule.key_only:
        _, op, wanted = rule.chain[0].attrs[0]
        return _attr_ok(value, op, wanted)
    return _matches(el, rule.chain)


@dataclass(frozen=True, slots=True)
class _Rule:
    index: int
    labels: tuple[Hashable, ...]
    chain: tuple[_Compound, ...]
    key_only: bool = False  # the key it is indexed under (tag, id or one class) is all it asks


def _tag_attr_rule(rule: _Rule) -> bool:
    """A one-compound rule on a tag plus attribute tests, and nothing else."""
    c = rule.chain[-1]
    return len(rule.chain) == 1 and bool(c.attrs) and not (c.id or c.classes or c.not_classes)


def _key_only(chain: tuple[_Compound, ...]) -> bool:
    if len(chain) != 1:
        return False
    c = chain[0]
    return (c.tag is not None) + (c.id is not None) + len(c.classes) + len(c.attrs) + len(c.not_classes) == 1


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


def _matches(el: etree._Element, chain: tuple[_Compound, ...]) -> bool:
    if not chain[-1].matches(el):
        return False
    ancestors = el.iterancestors()
    return all(any(compound.matches(a) for a in ancestors) for compound in reversed(chain[:-1]))
