"""Many CSS selectors matched in one walk over the tree.

lxml evaluates a selector group as one XPath union, one full-tree scan per
selector: with the hundred-odd selectors of a profile that was most of the
pipeline's time. Profiles only use simple selectors (tag, #id, .class,
[attr], [attr=v], [attr^=v], [attr*=v], [attr$=v], :not(.class), joined by
descendant spaces), so each element is checked once against the few rules
indexed under its tag, id, classes or attribute names. Anything fancier falls back to lxml.
An optional C pass (pipeline/_walk.pyx) skips the elements no rule could match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from lxml import etree
from lxml.cssselect import CSSSelector

from pipeline import native

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

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.id is not None and el.get("id") != self.id:
            return False
        if self.classes or self.not_classes:
            have = set(el.get("class", "").split())
            if not self.classes <= have or self.not_classes & have:
                return False
        return all(_attr_ok(el.get(name), op, value) for name, op, value in self.attrs)

    def passes(self, name: str, value: str) -> bool:
        """Whether the tests this compound makes of attribute `name` pass on `value` (the rest unchecked)."""
        if name == "class" and (self.classes or self.not_classes):
            words = set(value.split())
            if not self.classes <= words or self.not_classes & words:
                return False
        if name == "id" and self.id is not None and value != self.id:
            return False
        return all(_attr_ok(value, op, wanted) for attr, op, wanted in self.attrs if attr == name)

    def tests_of(self, name: str) -> list[tuple[str | None, str]]:
        """(operator, value) of each attribute test on `name`, in selector order."""
        return [(op, value) for attr, op, value in self.attrs if attr == name]

    def only_about(self, *names: str) -> bool:
        """Whether every test of this compound is about `names` (attributes, or "tag")."""
        tests = [
            "tag" if self.tag else None,
            "id" if self.id else None,
            "class" if self.classes or self.not_classes else None,
            *(attr for attr, _, _ in self.attrs),
        ]
        return all(t is None or t in names for t in tests)


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


def chain(selector: str) -> tuple[_Compound, ...] | None:
    """Compounds of a descendant-only selector, or None when it needs the general engine (lxml's)."""
    if any(c in _BRACKETS.sub("", selector) for c in ",>+~"):
        return None
    parts = [_compound(part) for part in _OUTSIDE_SPACE.split(selector.strip())]
    compounds = tuple(c for c in parts if c is not None)
    return None if not compounds or len(compounds) < len(parts) else compounds


class RuleSet:
    """Labelled selectors; `scan` lists, per element, the labels of every rule it matches.

    Identical selectors given under several labels are matched once.
    """

    def __init__(self, rules: list[tuple[Hashable, str]]) -> None:
        labels: dict[str, list[Hashable]] = {}
        for label, selector in rules:
            labels.setdefault(selector.strip(), []).append(label)
        # each rule is filed under one key of its last compound: id, else a class, else its tag,
        # else an attribute name; only elements carrying that key ever try it
        self._by_id: dict[str, list[_Rule]] = {}
        self._by_class: dict[str, list[_Rule]] = {}
        tag_rules: dict[str, list[_Rule]] = {}
        self._by_attr: dict[str, list[_Rule]] = {}
        tag_attr_rules: dict[tuple[str, str], list[_Rule]] = {}  # "meta[name=generator]": (tag, attribute)
        self._fallback: list[_Rule] = []
        self._walked: list[_Rule] = []  # every rule but the fallback ones
        tables: dict[str, dict[Any, list[_Rule]]] = {
            "id": self._by_id,
            "class": self._by_class,
            "tag": tag_rules,
            "attr": self._by_attr,
            "tag_attr": tag_attr_rules,
        }
        for index, (selector, names) in enumerate(labels.items()):
            compounds = chain(selector)
            last = compounds[-1] if compounds else None
            if compounds is None or last is None or not (last.tag or last.id or last.classes or last.attrs):
                # fancier selectors, and a bare "*" that would match everything: lxml's engine
                self._fallback.append(_Rule(index, tuple(names), (), selector=CSSSelector(selector)))
                continue
            table, key, about = _filing(last)
            decided = len(compounds) == 1 and last.only_about(*about)
            rule = _Rule(index, tuple(names), compounds, decided, _value_test(last, about[-1]))
            tables[table].setdefault(key, []).append(rule)
            self._walked.append(rule)
        # attribute values that cannot satisfy any rule filed under that attribute skip it at once
        self._guards = {name: _guard(name, rules_) for name, rules_ in self._by_attr.items()}
        # tag -> attribute -> (quick test of its value, the rules filed under both)
        self._tag_attrs: dict[str, dict[str, tuple[Callable[[str], Any] | None, list[_Rule]]]] = {}
        for (tag, name), rules_ in tag_attr_rules.items():
            self._tag_attrs.setdefault(tag, {})[name] = (_search(_guard(name, rules_)), rules_)
            tag_rules.setdefault(tag, [])  # the walk looks for tag-attribute rules only on tags it knows
        # attributes, class aside, that rules read -> a quick test for their values (None: always try)
        self._watched = {name: _search(self._guards[name]) for name in self._by_attr if name != "class"}
        if (id_test := self._watched.get("id", _never)) is not None:  # an id that names a rule is also tried
            self._watched["id"] = functools.partial(_id_test, self._by_id, id_test)
        # keyed by what el.tag gives (a str for every element the walk meets)
        self._by_tag: dict[Any, _OnTag] = {tag: _OnTag.of(rules_) for tag, rules_ in tag_rules.items()}
        self._walker = None if native.walk is None else self._first_pass(native.walk)
        self._label_sets: dict[frozenset[_Rule], tuple[Hashable, ...]] = {}  # memo of _labels

    def scan(self, root: etree._Element) -> dict[etree._Element, tuple[Hashable, ...]]:
        """Every element under `root` (itself included) that rules match -> their labels, in rule order.

        This walk is the largest share of a page's cleaning time, so the loop
        is lean: one pass over each element's attributes, a dictionary lookup
        per attribute, and a class attribute's rules worked out once per
        distinct value on the page (menus repeat the same few dozen).
        Rules the key they were found by decides (`decided`) need no
        further check. Where the C pass is built, only the elements it
        finds a rule could match get here (about a hundred of a page's thousand).
        """
        by_tag, tag_attrs, watched = self._by_tag, self._tag_attrs, self._watched
        class_rules: dict[str, tuple[_Rule, ...]] = {}
        found: dict[etree._Element, tuple[Hashable, ...]] = {}
        rules: Sequence[_Rule] | None
        for el in self._candidates(root, class_rules):
            items = el.items()
            tag = el.tag
            on_tag = by_tag.get(tag)
            if on_tag is not None:
                hits = list(on_tag.direct)
                if on_tag.check:
                    hits += [r for r in on_tag.check if _matches(el, r.chain)]
                if tag in tag_attrs:
                    hits += self._tag_attr_hits(el, tag, items)
            elif not items:
                continue
            else:
                hits = None
            for name, value in items:
                if name == "class":
                    rules = class_rules.get(value)
                    if rules is None:
                        rules = class_rules[value] = self._class_rules(value)
                    if not rules:
                        continue
                elif name in watched:
                    test = watched[name]
                    if not (test is None or test(value)):
                        continue
                    rules = self._value_rules(name, value)
                else:
                    continue
                matched = [r for r in rules if r.decided or _matches(el, r.chain)]
                hits = matched if hits is None else hits + matched
            if hits:
                found[el] = hits[0].labels if len(hits) == 1 else self._labels(hits)
        if self._fallback:
            for rule in self._fallback:
                assert rule.selector is not None  # fallback rules are made with lxml's engine
                for el in rule.selector(root):
                    found[el] = _labels([*(r for r in self._walked if _matches(el, r.chain)), rule])
        return found

    def _first_pass(self, walk: ModuleType) -> Any:
        """The C pass, told which tags, attribute values and class words can lead to a rule."""
        tags = frozenset(tag for tag, on in self._by_tag.items() if on.direct or on.check)
        tag_tests = {  # tags whose every rule also tests an attribute: only those attributes' tests
            tag: {name: test for name, (test, _) in tests.items()}
            for tag, tests in self._tag_attrs.items()
            if tag not in tags
        }
        substrings = _literals("class", self._by_attr.get("class", []))
        return walk.Walker(tags, tag_tests, self._watched, frozenset(self._by_class), substrings)

    def _candidates(self, root: etree._Element, class_rules: dict) -> Iterable[etree._Element]:
        """The elements `scan` looks at: those the C pass finds a rule could match, else every one."""
        if self._walker is None:
            return root.iter(etree.Element)
        return self._walker.candidates(root, class_rules, self._class_rules)

    def _labels(self, hits: list[_Rule]) -> tuple[Hashable, ...]:
        """The labels of `hits` in rule order; the same few sets of rules recur on every page."""
        key = frozenset(hits)
        labels = self._label_sets.get(key)
        if labels is None:
            labels = self._label_sets[key] = _labels(hits)
        return labels

    def _tag_attr_hits(self, el: etree._Element, tag: str, items: list[tuple[str, str]]) -> list[_Rule]:
        """Rules on this tag plus an attribute ("meta[name=generator]") that `el` matches."""
        on_tag = self._tag_attrs[tag]
        hits = []
        for name, value in items:
            if (entry := on_tag.get(name)) is not None and (entry[0] is None or entry[0](value)):
                hits += [r for r in _passing(entry[1], value) if r.decided or _matches(el, r.chain)]
        return hits

    def _value_rules(self, name: str, value: str) -> list[_Rule]:
        """Rules filed under attribute `name` (an id too) whose test of it `value` passes."""
        rules = list(self._by_id.get(value, ())) if name == "id" else []
        if name in self._guards and ((guard := self._guards[name]) is None or guard.search(value)):
            rules += _passing(self._by_attr[name], value)
        return rules

    def _class_rules(self, value: str) -> tuple[_Rule, ...]:
        """Rules whose class tests (words, :not(), [class...]) a class attribute of `value` passes."""
        by_class = self._by_class
        found = [r for word in value.split() if word in by_class for r in by_class[word]]
        if "class" in self._guards and ((guard := self._guards["class"]) is None or guard.search(value)):
            found += self._by_attr["class"]
        if not found:
            return ()
        return tuple(_passing(dict.fromkeys(found), value))


@dataclass(frozen=True, slots=True, eq=False)  # identity: hashed in sets every page, never compared by value
class _Rule:
    index: int
    labels: tuple[Hashable, ...]
    chain: tuple[_Compound, ...]
    decided: bool = False  # the key it is filed and found under settles it: no further check
    # the tests of the attribute it is filed under, on that attribute's value (None: finding it
    # under its key proves them); a regex's C search where one can say it
    test: Callable[[str], Any] | None = None
    selector: CSSSelector | None = None  # the lxml engine, for selectors the walk cannot take


@dataclass(frozen=True, slots=True)
class _OnTag:
    """The rules filed under one tag: those the tag decides, and those to check on each element."""

    direct: tuple[_Rule, ...]
    check: tuple[_Rule, ...]

    @classmethod
    def of(cls, rules: list[_Rule]) -> _OnTag:
        return cls(tuple(r for r in rules if r.decided), tuple(r for r in rules if not r.decided))


def _never(value: str) -> bool:
    """The test of [id...] rules when there are none: only ids that rules name (#id) are tried."""
    return False


def _search(guard: re.Pattern[str] | None) -> Callable[[str], Any] | None:
    return None if guard is None else guard.search


def _id_test(by_id: dict[str, list[_Rule]], test: Callable[[str], Any], value: str) -> Any:
    """An id is tried when a rule names it (#id), or when it passes the tests of [id...] rules."""
    return value in by_id or test(value)


_OPS = {"=": r"\A{}\Z", "^=": r"\A{}", "$=": r"{}\Z", "*=": "{}", "~=": r"(?<!\S){}(?!\S)"}


def _value_test(last: _Compound, name: str) -> Callable[[str], Any] | None:
    """What is left to check of a value of `name`, the attribute (or "tag") a rule is filed under.

    Finding the rule under its key proves the key (the tag, the id, one class
    word); one more test of the value is a regex search in C; anything more
    goes to the compound's own `passes`. None: nothing is left.
    """
    if name == "tag":
        return None
    tests = last.tests_of(name)
    words_left = max(len(last.classes) - 1, 0) + len(last.not_classes) if name == "class" else 0
    if words_left == 0 and not tests:
        return None
    if words_left == 0 and len(tests) == 1:
        op, value = tests[0]
        return None if op is None else re.compile(_OPS[op].format(re.escape(value))).search
    return functools.partial(last.passes, name)


def _passing(rules: Iterable[_Rule], value: str) -> list[_Rule]:
    """The rules whose test of the value of the attribute they are filed under passes on `value`."""
    return [r for r in rules if r.test is None or r.test(value)]


def _labels(rules: list[_Rule]) -> tuple[Hashable, ...]:
    """The labels of `rules`, each rule once, in rule order."""
    return tuple(label for r in sorted(set(rules), key=_order) for label in r.labels)


def _order(rule: _Rule) -> int:
    return rule.index


def _filing(last: _Compound) -> tuple[str, Hashable, tuple[str, ...]]:
    """(table, key, what the key is about) a rule is filed under: the rarest thing its last compound asks.

    A tag with attribute tests ("link[href*='/wp-content/']") is filed under
    the tag and its first attribute: that attribute may be on every element
    ("a[href]") and that tag on many.
    """
    if last.id:
        return "id", last.id, ("id",)
    if last.classes:
        return "class", min(last.classes), ("class",)
    if last.tag and last.attrs:
        return "tag_attr", (last.tag, last.attrs[0][0]), ("tag", last.attrs[0][0])
    if last.tag:
        return "tag", last.tag, ("tag",)
    return "attr", last.attrs[0][0], (last.attrs[0][0],)


def _literals(name: str, rules: list[_Rule]) -> tuple[str, ...] | None:
    """Substrings of which a value of attribute `name` holds one when any of `rules` can pass (None: no such test)."""
    values = []
    for rule in rules:
        tests = rule.chain[-1].tests_of(name)
        if not tests or tests[0][0] in (None, "~="):
            return None
        values.append(tests[0][1])
    return tuple(values)


def _guard(name: str, rules: list[_Rule]) -> re.Pattern[str] | None:
    """A quick test a value of attribute `name` must pass before its rules are tried (None: always try)."""
    values = _literals(name, rules)
    return None if values is None else re.compile("|".join(re.escape(v) for v in values))


def _matches(el: etree._Element, chain: tuple[_Compound, ...]) -> bool:
    if not chain[-1].matches(el):
        return False
    ancestors = el.iterancestors()
    return all(any(compound.matches(a) for a in ancestors) for compound in reversed(chain[:-1]))
