"""Fields that leave the article text: ICD codes, alternative names, the disclaimer.

A labelled paragraph ("ICD-10: L94.2.", "Alternative Names: A, B.") becomes
a field and leaves its section; so does the disclaimer, known by its label
or its wording. Only the field leaves: prose glued after it (a text dump's
next paragraph) stays as a paragraph. Codes come from the page's own
labelled fields (in the article, or anywhere on the page: fact boxes,
<dl>, key-value rows, read by meta.py), else from its schema.org data,
never from tables of other conditions; codes.py checks each against its
system's table. Names also come from schema.org `alternateName` and from
the first sentence's "X, also called Y, is ..." pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pipeline.codes import check, normalize_code, read_codes, system_named
from pipeline.models import (
    CodeSource,
    IcdCode,
    IcdSystem,
    ListBlock,
    ListItem,
    PageMeta,
    Paragraph,
    Section,
    Table,
    drop_empty,
)
from pipeline.vocabulary import (
    ALT_NAMES_LABEL,
    DISCLAIMER_LABEL,
    DISCLAIMER_VOICE,
    DISCLAIMER_WORDING,
    FIRST_SENTENCE_NAMES,
    ICD10_LABEL,
    ICD_NAME,
    INNER_FIELD_LABEL,
    LABEL_MARKS,
    NAME_MAX_CHARS,
    NAME_MAX_WORDS,
    NAME_SEPARATOR,
    NOTE_LABEL,
)

_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])\.\s*(?=[A-Z][a-z])")
_NAME_THEN_CAPITAL = re.compile(r"[a-z0-9)]\s+(?=[A-Z])")
_NAME_THEN_PROSE = re.compile(r"(.{1,80}?[a-z0-9)])\s+(?=[A-Z])")
_PROSE = re.compile(r"\w{2}")
_QUOTES = " .;:\"'“”‘’"
_FIELD_JOINERS = " .;,|·•–—\n"  # between one field and the next on a line


@dataclass
class Fields:
    icd10: list[IcdCode]
    alternative_names: list[str]
    disclaimer: str | None
    sections: list[Section]


@dataclass
class FieldLine:
    """What one labelled line holds: codes with the system their label named, names, and the prose after."""

    codes: list[tuple[str, IcdSystem | None]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rest: str = ""


def icd10_entry(code: str, source: CodeSource, system: IcdSystem | None = None) -> IcdCode:
    """One code as the record holds it (normalised, system, title, status)."""
    return check(normalize_code(code), system, source)


def read_field_line(text: str) -> FieldLine | None:
    """The fields a labelled line opens with ("ICD-10: K21.0, K21.9 Other names: GORD"); None if none.

    Labels may follow one another; the first text that is neither a label
    nor what it announces ends the fields and is returned as `rest`.
    """
    line, rest = FieldLine(), text
    while True:
        if m := ICD10_LABEL.match(rest):
            system = system_named(m.group(0))
            codes, after = read_codes(rest[m.end() :], system)
            line.codes.extend((c, system) for c in codes)
        elif (m := ALT_NAMES_LABEL.match(rest)) and m.group(0).rstrip().endswith(LABEL_MARKS):
            codes, (names, after) = [], read_names(rest[m.end() :])
            line.names.extend(names)
        else:
            break
        if not codes and not line.names:
            break
        rest = after.lstrip(_FIELD_JOINERS)
    if not line.codes and not line.names:
        return None
    line.rest = rest.strip()
    return line


def read_names(value: str) -> tuple[list[str], str]:
    """The names a name field's value opens with, and the text after them.

    A name is a few words: the field ends at a line break, a sentence's end,
    another label, or a piece too long to be a name (a dump glues the next
    paragraph on: "GORD; acid reflux Gastro-oesophageal reflux disease is ...").
    """
    cut = len(value)
    for rx in (INNER_FIELD_LABEL, _SENTENCE_END):
        if (m := rx.search(value, 0, cut)) and m.start() > 0:
            cut = m.start()
    cut = min(cut, value.find("\n") if "\n" in value else cut)
    for m in _NAME_THEN_CAPITAL.finditer(value, 0, cut):  # "radiculopathy Sciatica is pain caused by ..."
        if len(value[m.end() : cut].split()) > NAME_MAX_WORDS:
            cut = m.start() + 1
            break
    names: list[str] = []
    start = 0
    for sep in [*NAME_SEPARATOR.finditer(value, 0, cut), None]:
        end = sep.start() if sep else cut
        piece = value[start:end].strip(_QUOTES)
        if piece and not is_name(piece):
            head = _NAME_THEN_PROSE.match(value, start)
            if head and head.end() <= end and is_name(head.group(1).strip(_QUOTES)):
                names.append(head.group(1).strip(_QUOTES))
                return names, value[head.end() :].lstrip(_FIELD_JOINERS)
            return names, value[start:].lstrip(_FIELD_JOINERS)
        if piece:
            names.append(piece)
        start = sep.end() if sep else cut
    return names, value[cut:].lstrip(_FIELD_JOINERS)


def is_name(text: str) -> bool:
    """A name, not a sentence: short, few words, no sentence punctuation inside."""
    return (
        len(text) <= NAME_MAX_CHARS
        and len(text.split()) <= NAME_MAX_WORDS
        and not re.search(r"[.!?]\s", text)
    )


def split_names(text: str) -> list[str]:
    names, _ = read_names(text)
    return names


def _disclaimer_text(text: str) -> str | None:
    """The disclaimer in `text` (label dropped), or None when it is not one."""
    if m := DISCLAIMER_LABEL.match(text):
        return text[m.end() :].strip()
    m = NOTE_LABEL.match(text)
    if m and DISCLAIMER_WORDING.search(text):
        return text[m.end() :].strip()
    # unlabelled, a disclaimer speaks about the page itself ("this article", "the information")
    if not m and len(text) < 600 and DISCLAIMER_VOICE.search(text) and DISCLAIMER_WORDING.search(text):
        return text.strip()
    return None


@dataclass
class _Found:
    codes: list[tuple[str, IcdSystem | None]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    disclaimer: list[str] = field(default_factory=list)


def extract_fields(sections: list[Section], meta: PageMeta | None, title: str | None = None) -> Fields:
    found = _Found()
    kept: list[Section] = []
    for section in sections:
        if _names_section(section, found):
            continue
        blocks: list[Paragraph | ListBlock | Table] = []
        for block in section.blocks:
            left: Paragraph | ListBlock | Table | None = block
            if isinstance(block, Paragraph):
                left = _paragraph_fields(block, found)
            elif isinstance(block, ListBlock):
                left = _list_fields(block, found)
            elif isinstance(block, Table):
                left = _table_fields(block, found)
            if left is not None:
                blocks.append(left)
        if blocks or not section.blocks:
            kept.append(section.model_copy(update={"blocks": blocks}))
    kept = drop_empty(kept)
    return Fields(
        _codes(found.codes, meta),
        _names(found.names, meta, kept, title),
        " ".join(found.disclaimer) or None,
        kept,
    )


def _names_section(section: Section, found: _Found) -> bool:
    """Move a section that is only a names field into it: headed by the label alone, holding names only.

    Encyclopedias syndicated to hospital libraries (A.D.A.M.'s, MedlinePlus's)
    close each condition with a section "Alternative Names" whose one
    paragraph is "Verruca plantaris; Warts - plantar": no label opens that
    paragraph, so the names would stay text of a section of kind other.
    A section whose text reads as anything but names stays as it is.
    """
    if not section.heading or not ALT_NAMES_LABEL.fullmatch(section.heading.strip()) or not section.blocks:
        return False
    names: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            read, rest = read_names(block.text)
            if not read or rest.strip(_QUOTES):
                return False
            names.extend(read)
        elif isinstance(block, ListBlock) and not block.intro and _all_names(block.items):
            names.extend(str(item).strip(_QUOTES) for item in block.items)
        else:
            return False
    found.names.extend(names)
    return True


def _all_names(items: list[str | ListItem]) -> bool:
    return all(isinstance(item, str) and is_name(item.strip(_QUOTES)) for item in items)


def _codes(found: list[tuple[str, IcdSystem | None]], meta: PageMeta | None) -> list[IcdCode]:
    """The page's labelled codes (article first, then the rest of the page), else its schema.org codes."""
    codes = list(found)
    source: CodeSource = "field"
    for row in meta.field_rows if meta else ():
        if (line := read_field_line(row)) is not None:
            codes.extend(line.codes)
    if not codes and meta is not None:
        source = "metadata"
        for value, system in meta.schema_codes:
            codes.extend((c, system) for c in read_codes(value, system)[0])
    unique = _first_of_each(codes, lambda c: normalize_code(c[0]))
    return [icd10_entry(code, source, system) for code, system in unique]


def _names(found: list[str], meta: PageMeta | None, sections: list[Section], title: str | None) -> list[str]:
    """Names from labelled fields, then schema.org alternateName, then the first sentence; not the title."""
    names = list(found)
    if meta is not None:
        for row in meta.field_rows:  # outside the article only a field that is all names counts
            if (line := read_field_line(row)) is not None and not line.rest:
                names.extend(line.names)
        names.extend(n for n in meta.schema_names if is_name(n))
    names.extend(first_sentence_names(sections))
    skip = (title or "").strip().lower()
    return [n for n in _first_of_each(names, str.lower) if n.lower() != skip]


def first_sentence_names(sections: list[Section]) -> list[str]:
    """Names the first paragraph gives in its standard pattern ("X, also called Y, is ...")."""
    first = next((b for s in sections[:1] for b in s.blocks if isinstance(b, Paragraph)), None)
    if first is None or not (m := FIRST_SENTENCE_NAMES.match(first.text)):
        return []
    names = [n.strip(_QUOTES) for n in NAME_SEPARATOR.split(m.group("names"))]
    return [n for n in names if n and is_name(n)]


def _paragraph_fields(block: Paragraph, found: _Found) -> Paragraph | None:
    """The paragraph less its fields: None when it was all field, the prose after them otherwise."""
    rest = _take(block.text, found)
    if rest is None:
        return block
    return Paragraph(text=rest) if _PROSE.search(rest) else None


def _take(text: str, found: _Found, disclaimers: bool = True) -> str | None:
    """Move a labelled text into its field; the text left after it, or None when it was no field."""
    if (line := read_field_line(text)) is not None:
        found.codes.extend(line.codes)
        found.names.extend(line.names)
        return line.rest
    if disclaimers and (d := _disclaimer_text(text)) is not None:
        if d:
            found.disclaimer.append(d)
        return ""
    return None


def _list_fields(block: ListBlock, found: _Found) -> ListBlock | None:
    """Labelled items ("ICD-10: M10.9", from a <dl> of facts) leave the list for their field,
    and so does a whole list under a field label ("Other names:" then one name an item)."""
    if block.intro and _label_list(block.intro, block.items, found):
        return None
    items: list[str | ListItem] = []
    for item in block.items:
        # An item holding a sub-list is no field ("ICD-10: M10.9" is one line).
        rest = _take(item, found, disclaimers=False) if isinstance(item, str) else None
        if rest is None:
            items.append(item)
        elif _PROSE.search(rest):
            items.append(rest)
    if not items:
        return None
    return block if items == block.items else block.model_copy(update={"items": items})


def _label_list(label: str, block_items: list[str | ListItem], found: _Found) -> bool:
    """A list whose intro is only a field label: its items are the field's values, if all are."""
    items = [i for i in block_items if isinstance(i, str)]
    if len(items) != len(block_items):  # an item holding a sub-list is no value
        return False
    if ICD_NAME.match(label):
        system = system_named(label)
        read = [read_codes(i, system) for i in items]
        if all(codes and not _PROSE.search(rest) for codes, rest in read):
            found.codes.extend((c, system) for codes, _ in read for c in codes)
            return True
    elif ALT_NAMES_LABEL.fullmatch(label) and _all_names(block_items):
        found.names.extend(i.strip(_QUOTES) for i in items)
        return True
    return False


def _table_fields(table: Table, found: _Found) -> Table | None:
    """Key-value rows ("ICD-10 | L94.2") leave the table for their field."""
    rows = []
    for row in table.rows:
        label = row[0].rstrip(":").strip() + ":" if len(row) == 2 else ""
        if not label or (line := read_field_line(f"{label} {row[1]}")) is None or line.rest:
            rows.append(row)
            continue
        found.codes.extend(line.codes)
        found.names.extend(line.names)
    if not rows:
        return None
    return table if len(rows) == len(table.rows) else table.model_copy(update={"rows": rows})


T = TypeVar("T")


def _first_of_each(items: list[T], key: Callable[[T], str]) -> list[T]:
    """`items` without later duplicates under `key`, in order (a dict keeps it linear)."""
    first: dict[str, T] = {}
    for item in items:
        first.setdefault(key(item), item)
    return list(first.values())


__all__ = ["FieldLine", "Fields", "extract_fields", "icd10_entry", "read_field_line", "read_names"]
