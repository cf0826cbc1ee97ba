"""schema.org data in all three syntaxes: JSON-LD, microdata and RDFa.

What the pipeline wants from it is small: the types a page declares (is it a
MedicalWebPage, about a MedicalCondition?) and the condition's codes
(`code` as a MedicalCode with `codeValue` and `codingSystem`) and
`alternateName`s. Only the page's own condition counts: one at the top of a
JSON-LD document or @graph, or the `about`/`mainEntity` of a page; the
conditions a page merely mentions (a `possibleComplication`, a
`differentialDiagnosis`) do not give their codes.

JSON-LD is read the way browsers accept it, not as strict JSON: raw line
breaks inside strings, `<!-- -->` or CDATA wrappers, trailing commas,
several documents in one script. What still does not parse is skipped.
Microdata (itemscope/itemprop) and RDFa (typeof/property) are read from the
elements the page scan already found, so they cost no tree walk of their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from pipeline.codes import system_named
from pipeline.elements import text_of
from pipeline.vocabulary import CONDITION_TYPES, IcdSystem

_WRAPPER = re.compile(
    r"^\s*(?:<!--|(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?)|(?:-->|(?://|/\*)?\s*\]\]>(?:\s*\*/)?)\s*$"
)
_STRING_OR_TRAILING_COMMA = re.compile(r'("(?:[^"\\]|\\.)*")|,(?=\s*[}\]])', re.S)
# Escapes that decode to what no record can hold (a JSON string may write
# any code point): C0 controls but tab and line breaks, DEL, and half of a
# surrogate pair, which no text encoding can write out.
_UNSAFE_ESCAPE = re.compile(
    r"(?<!\\)(?P<pairs>(?:\\\\)*)"  # an escape opens after an even run of backslashes
    r"(?:(?P<control>\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]))"
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
_DECODER = json.JSONDecoder(strict=False)  # strict=False: control characters allowed inside strings
_OWNING_KEYS = ("about", "mainEntity")  # a page's condition hangs under these


@dataclass
class SchemaFacts:
    """Types declared anywhere on the page; codes ((value, system)) and names of its condition."""

    types: set[str] = field(default_factory=set)
    codes: list[tuple[str, IcdSystem | None]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def merge(self, other: SchemaFacts) -> None:
        self.types |= other.types
        self.codes.extend(other.codes)
        self.names.extend(other.names)


# ------------------------------------------------------------------- JSON-LD


def parse_jsonld(text: str) -> list[Any]:
    """The JSON documents of one script, read as leniently as browsers do; [] when nothing parses."""
    if "\\u" in text:
        text = _UNSAFE_ESCAPE.sub(_safe_escape, text)
    docs = _decode_all(text)
    if docs is None:
        text = _STRING_OR_TRAILING_COMMA.sub(lambda m: m.group(1) or "", _WRAPPER.sub("", text))
        docs = _decode_all(text)
    return docs or []


def _safe_escape(match: re.Match[str]) -> str:
    """What a record can hold for an escape: nothing for a control, U+FFFD for half a surrogate pair."""
    return match.group("pairs") + ("" if match.group("control") else "\\ufffd")


def _decode_all(text: str) -> list[Any] | None:
    """Every JSON value written one after another in `text`, or None when one is malformed."""
    docs, pos, text = [], 0, text.strip()
    try:
        while pos < len(text):
            doc, pos = _DECODER.raw_decode(text, pos)
            docs.append(doc)
            pos = len(text) - len(text[pos:].lstrip(" \t\r\n;,"))
    except (ValueError, RecursionError):
        return None
    return docs


def nodes(docs: list[Any]) -> Iterator[dict]:
    """Every object in the documents, depth first (an explicit stack: no recursion limit to hit)."""
    stack = list(reversed(docs))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            stack.extend(reversed([v for v in item.values() if isinstance(v, dict | list)]))


def types_of(node: dict) -> list[str]:
    """'@type' as short names: 'https://schema.org/MedicalCondition' -> 'MedicalCondition'."""
    t = node.get("@type", [])
    return [short_name(x) for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def short_name(name: str) -> str:
    return re.split(r"[/:#]", name.strip())[-1]


def jsonld_facts(docs: list[Any]) -> SchemaFacts:
    facts = SchemaFacts()
    for node in nodes(docs):
        facts.types.update(types_of(node))
    for condition in _conditions(docs):
        for code in _as_list(condition.get("code")):
            if isinstance(code, dict):
                value = code.get("codeValue", code.get("code"))
                _add_code(facts, value, code.get("codingSystem"))
            else:
                _add_code(facts, code, None)
        facts.names.extend(n.strip() for n in _as_list(condition.get("alternateName")) if isinstance(n, str))
    return facts


def _conditions(docs: list[Any]) -> Iterator[dict]:
    """The page's own conditions: top-level (or @graph) nodes and what their about/mainEntity hold."""
    stack = list(docs)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if CONDITION_TYPES.intersection(types_of(item)):
                yield item
            stack.extend(item[k] for k in ("@graph", *_OWNING_KEYS) if k in item)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _add_code(facts: SchemaFacts, value: Any, coding_system: Any) -> None:
    """Keep a code when its system is an ICD revision we know, or unnamed (its shape decides)."""
    if not isinstance(value, str | int) or not str(value).strip():
        return
    system = system_named(str(coding_system)) if coding_system else None
    if coding_system and system is None:
        return  # ICD-9, SNOMED CT, ...: not ours
    facts.codes.append((str(value).strip(), system))


# ------------------------------------------------------- microdata and RDFa


def markup_facts(elements: list[etree._Element]) -> SchemaFacts:
    """Facts from microdata and RDFa: `elements` carry itemprop/itemtype/property/typeof."""
    facts = SchemaFacts()
    conditions = []
    for el in elements:
        types = _item_types(el)
        facts.types.update(types)
        if CONDITION_TYPES.intersection(types) and set(_prop_names(el)) <= set(_OWNING_KEYS):
            conditions.append(el)
    if not conditions:  # most pages: no property needs its owner (an ancestor walk each)
        return facts
    props: dict[etree._Element, list[tuple[str, etree._Element]]] = {}
    for el in elements:
        if (names := _prop_names(el)) and (owner := _owner(el)) is not None:
            props.setdefault(owner, []).extend((n, el) for n in names)
    for condition in conditions:
        for name, el in props.get(condition, []):
            if name == "alternateName":
                facts.names.append(_value(el))
            elif name == "code" and _is_item(el):
                code = dict(props.get(el, []))
                value = code.get("codeValue", code.get("code"))
                if value is not None:
                    _add_code(
                        facts, _value(value), _value(code["codingSystem"]) if "codingSystem" in code else None
                    )
            elif name == "code":
                _add_code(facts, _value(el), None)
    return facts


def _is_item(el: etree._Element) -> bool:
    return el.get("itemscope") is not None or el.get("typeof") is not None


def _item_types(el: etree._Element) -> list[str]:
    return [short_name(t) for t in f"{el.get('itemtype', '')} {el.get('typeof', '')}".split()]


def _prop_names(el: etree._Element) -> list[str]:
    return [short_name(p) for p in f"{el.get('itemprop', '')} {el.get('property', '')}".split()]


def _owner(el: etree._Element) -> etree._Element | None:
    """The item a property belongs to: its nearest ancestor that is an item."""
    return next((a for a in el.iterancestors() if _is_item(a)), None)


def _value(el: etree._Element) -> str:
    """A property's value: its content/value attribute (meta, data), else its text."""
    for attr in ("content", "value"):
        if (value := el.get(attr)) is not None:
            return value.strip()
    return text_of(el)


__all__ = ["SchemaFacts", "jsonld_facts", "markup_facts", "nodes", "parse_jsonld", "types_of"]
