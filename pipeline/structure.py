"""Blocks to sections: find headings, split pseudo-lists, attach list intros, repair glue.

Passes, each over the whole stream, in this order because each one's
output is the next one's input:

1. bold headings: a bold paragraph, or a bold "Label:" naming a section;
2. pseudo-lists: "•"/"-"/"1)" items written as lines or inline, split out;
3. vocabulary headings: a paragraph that is (or opens with) a section name;
4. list intros: the colon sentence before a list, and a first item glued to it;
5. sections: headings open sections, with a kind and their level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.language import DEFAULT, fold, kind_tables
from pipeline.models import (
    HeadingBlock,
    ListBlock,
    ListItem,
    ListItems,
    NestedItem,
    ParaBlock,
    Paragraph,
    RawBlock,
    Removed,
    Run,
    Section,
    Table,
    TableBlock,
    drop_empty,
)
from pipeline.text import (
    MAX_HEADING_WORDS,
    glue_points,
    heading_text,
    is_section_name,
    sentences,
    strip_shortcodes,
    unglue,
)
from pipeline.vocabulary import (
    ALT_NAMES_LABEL,
    BULLETS_IN_HTML,
    DISCLAIMER_LABEL,
    END_MATTER,
    ICD10_LABEL,
    NOTICE_MAX_CHARS,
    NOTICES,
    PAGE_META_LINE,
    PERMALINK_MARKS,
    SOURCES_HEADING,
    Kind,
)

_GLYPHS = BULLETS_IN_HTML
_MARKER = rf"(?:[{_GLYPHS}]|[-–—*](?=\s)|\(?\d{{1,2}}[.)](?=\s)|\(?[a-z][)](?=\s))"
_LINE_ITEM = re.compile(rf"^\s*{_MARKER}\s*")
_NUMBERED_LINE = re.compile(r"^\s*\(?\d{1,2}[.)]")
_GLYPH = re.compile(f"[{_GLYPHS}]")
# Trimmed off block text: bullets, and every white space Python knows
# (a bullet may stand before a no-break space: "►&nbsp;2016").
_EDGE = _GLYPHS + "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_INLINE_GLYPH = re.compile(rf"\s*[{_GLYPHS}]\s*")
_INLINE_NUMBER = re.compile(r"(?<!\S)(\d{1,2})\)\s+")  # at the start or after white space
_GLUED_FIRST_ITEM = re.compile(r"^(.*:)([A-Z][^:]{0,200})$", re.S)
_FIELD_LINE = re.compile(
    "|".join(rx.pattern for rx in (ICD10_LABEL, ALT_NAMES_LABEL, DISCLAIMER_LABEL)), re.I
)


@dataclass
class _Heading:
    """A heading found by markup (level 1-6) or by words alone (level 0)."""

    text: str
    level: int = 0


@dataclass
class _Para:
    text: str


# The stream between the passes: blocks of the front end, headings and
# paragraphs made mutable (passes rewrite them in place), lists and tables as they came.
_Block = _Heading | _Para | ListItems | TableBlock


@dataclass
class Structured:
    sections: list[Section]
    removed: Removed = field(default_factory=Removed)


# ------------------------------------------------------------ section names


def kind_of(heading: str, language: str = DEFAULT) -> Kind | None:
    """The kind whose words occur first in the heading, or None.

    The page's language is asked first, English next, weak words last
    (see language.kind_tables).
    """
    folded = fold(heading)
    for table in kind_tables(language):
        found = [(m.start(), kind) for kind, rx in table.items() if (m := rx.search(folded))]
        if found:
            return min(found)[1]
    return None


# ------------------------------------------------------------ pass 1: bold


def _bold_headings(blocks: list[RawBlock], title: str | None, language: str) -> list[_Block]:
    out: list[_Block] = []
    for block in blocks:
        if isinstance(block, HeadingBlock):
            out.append(_Heading(block.text, block.level))
        elif isinstance(block, ParaBlock):
            out.extend(_split_bold(block, title, language))
        else:
            out.append(block)
    return out


def _split_bold(block: ParaBlock, title: str | None, language: str) -> list[_Heading | _Para]:
    text = block.text.strip()
    if block.all_bold and _looks_like_heading(text):
        return [_Heading(text)]
    label = block.label.strip()
    rest = text[len(block.label.lstrip()) :] if label and text.startswith(label) else ""
    if label and not label.endswith(":") and rest.lstrip().startswith(":"):
        label, rest = label + ":", rest.lstrip()[1:]
    if label.endswith(":") and rest.strip() and is_section_name(label, title, language):
        return [_Heading(label), _Para(rest.strip())]
    if label.endswith(":") and not rest.strip() and _looks_like_heading(label):
        return [_Heading(label)]
    return [_Para(text)]


def _looks_like_heading(text: str) -> bool:
    """Short, one line, not a sentence."""
    return (
        0 < len(text) <= 120
        and "\n" not in text
        and len(text.split()) <= MAX_HEADING_WORDS
        and (not text.endswith(".") or text.endswith("..."))
        and not text.endswith(",")
    )


# ----------------------------------------------------- pass 2: pseudo-lists


def _pseudo_lists(blocks: list[_Block]) -> list[_Block]:
    out: list[_Block] = []
    for block in blocks:
        out.extend(_split_pseudo_list(block.text) if isinstance(block, _Para) else [block])
    return out


def _split_pseudo_list(text: str) -> list[_Para | ListItems]:
    lines = [line.strip() for line in text.split("\n") if line.strip()] if "\n" in text else [text.strip()]
    marked = [i for i, line in enumerate(lines) if _LINE_ITEM.match(line)] if len(lines) > 1 else []
    if len(marked) >= 2 or (marked and marked[0] and _announces_list(lines[marked[0] - 1])):
        first = marked[0]
        preamble = " ".join(lines[:first])
        items = _line_items(lines[first:])
        ordered = all(_NUMBERED_LINE.match(line) for line in lines[first:] if _LINE_ITEM.match(line))
        return _with_preamble(preamble, ListItems(tuple(items), ordered=ordered))
    if len(lines) >= 2 and any(_FIELD_LINE.match(line) for line in lines):
        return [_Para(line) for line in lines]  # "ICD-10: X<br>Other names: Y": one field a line
    flat = " ".join(lines)
    if len(_GLYPH.findall(flat)) >= 2:
        head, *items = _INLINE_GLYPH.split(flat)
        items = [i for i in items if i]
        if len(items) >= 2:
            items, tail = _inline_list_tail(items)
            return [*_with_preamble(head, ListItems(tuple(items))), *([_Para(tail)] if tail else [])]
    numbered = list(_INLINE_NUMBER.finditer(flat)) if ")" in flat else []
    if len(numbered) >= 3 and [int(m.group(1)) for m in numbered] == list(range(1, len(numbered) + 1)):
        cuts = [m.start() for m in numbered] + [len(flat)]
        items = [flat[m.end() : cuts[i + 1]].strip() for i, m in enumerate(numbered)]
        return _with_preamble(flat[: numbered[0].start()], ListItems(tuple(items), ordered=True))
    return [_Para(flat)]


def _inline_list_tail(items: list[str]) -> tuple[list[str], str]:
    """Split the paragraph's own text off the last inline item ("• chest pain • weight loss. Many people...").

    Only when every other item is a fragment (no sentence punctuation): then
    the sentence after the last item's first full stop is the paragraph
    going on, not part of the item.
    """
    *rest, last = items
    if any(i.rstrip().endswith((".", "!", "?", ";")) for i in rest):
        return items, ""
    parts = sentences(last)
    if len(parts) < 2:
        return items, ""
    return [*rest, parts[0]], " ".join(parts[1:])


def _announces_list(line: str) -> bool:
    """A line ending in a colon, or with a first item glued after one ("include:Joint pain")."""
    glued = _GLUED_FIRST_ITEM.match(line)
    return line.endswith(":") or bool(glued and glued.end(1) in glue_points(line))


def _line_items(lines: list[str]) -> list[str]:
    """One item per marked line; an unmarked line continues the item above it."""
    items: list[str] = []
    for line in lines:
        marker = _LINE_ITEM.match(line)
        if marker:
            items.append(line[marker.end() :].strip())
        elif items:
            items[-1] = f"{items[-1]} {line}"
    return [i for i in items if i]


def _with_preamble(preamble: str, items: ListItems) -> list[_Para | ListItems]:
    preamble = preamble.strip()
    return [_Para(preamble), items] if preamble else [items]


# ------------------------------------------------ pass 3: vocabulary heads


def _vocabulary_headings(blocks: list[_Block], title: str | None, language: str) -> list[_Block]:
    out: list[_Block] = []
    for block in blocks:
        if not isinstance(block, _Para):
            out.append(block)
            continue
        text = block.text
        if is_section_name(text, title, language) and (text.endswith((":", "?")) or len(text) < 60):
            out.append(_Heading(text))
            continue
        head, sep, rest = text.partition(":")
        if sep and rest.strip() and is_section_name(head, title, language):
            out.extend([_Heading(head), _Para(rest.strip())])
        elif (
            sep
            and title
            and head.strip().lower() == title.lower()
            and is_section_name(rest.split(":")[0], None, language)
        ):
            name, _, body = rest.partition(":")
            out.extend([_Heading(name.strip()), *([_Para(body.strip())] if body.strip() else [])])
        else:
            out.append(block)
    return out


# ---------------------------------------------------------- pass 4: intros


def _attach_intros(blocks: list[_Block], title: str | None, language: str) -> list[_Block]:
    out: list[_Block] = []
    for block in blocks:
        if isinstance(block, ListItems) and block.intro is None and out:
            last = out[-1]
            if isinstance(last, _Heading) and _is_bold_intro(last, title, language):
                out.pop()
                block = ListItems(block.items, block.ordered, last.text)
            elif isinstance(last, _Para):
                block = _take_intro(out, last, block)
        out.append(block)
    return out


def _is_bold_intro(block: _Heading, title: str | None, language: str) -> bool:
    """A bold "Ask for an appointment if:" right before a list introduces it; it heads nothing."""
    return not block.level and block.text.endswith(":") and not is_section_name(block.text, title, language)


def _take_intro(out: list[_Block], para: _Para, items: ListItems) -> ListItems:
    """Move the colon sentence (and a first item glued to it) from `para`, the last block of `out`."""
    text = para.text
    glued = _GLUED_FIRST_ITEM.match(text)
    if glued and glued.end(1) in glue_points(text):
        text = glued.group(1)
        items = ListItems((glued.group(2).strip(), *items.items), items.ordered)
    if not text.endswith(":"):
        para.text = text
        return items
    parts = sentences(text)
    intro = parts.pop()
    if parts:
        para.text = " ".join(parts)
    else:
        out.pop()
    return ListItems(items.items, items.ordered, intro)


# -------------------------------------------------------- pass 5: sections


def _clean(text: str, removed: Removed) -> str:
    text, n = strip_shortcodes(text)
    removed.add("shortcodes", n)
    text = text.replace("\n", " ").strip()
    return unglue(text).strip(_EDGE)


def _notice(text: str) -> str | None:
    """The removal kind of a short paragraph about the site's business (an affiliate note, a paywall prompt)."""
    if len(text) > NOTICE_MAX_CHARS:
        return None
    lower = text.lower()
    for kind, (words, pattern) in NOTICES.items():
        for word in words:  # substring tests in C; most paragraphs hold no notice word
            if word in lower:
                if pattern.search(text):
                    return kind
                break
    return None


def _record_block(block: _Block, removed: Removed) -> Paragraph | ListBlock | Table | None:
    if isinstance(block, _Para):
        if PAGE_META_LINE.match(block.text):
            removed.add("meta")
            return None
        if (kind := _notice(block.text)) is not None:
            removed.add(kind)
            return None
        text = _clean(block.text, removed)
        return Paragraph(text=text) if text else None
    if isinstance(block, ListItems):
        items = _record_items(block.items, removed)
        intro = _clean(block.intro, removed) if block.intro else None
        return ListBlock(intro=intro or None, items=items, ordered=block.ordered) if items else None
    if isinstance(block, TableBlock):
        rows = [[_clean(c, removed) for c in row] for row in block.rows]
        header = [_clean(c, removed) for c in block.header] if block.header else None
        return Table(caption=block.caption, header=header, rows=rows)
    return None


def _record_items(items: tuple[str | NestedItem, ...], removed: Removed) -> list[str | ListItem]:
    """Cleaned items; flat ones stay strings, an item holding a sub-list becomes a ListItem.

    An item with no text of its own (only a sub-list) gives its place to
    the sub-list's items: there is nothing for them to hang from.
    """
    out: list[str | ListItem] = []
    for item in items:
        if isinstance(item, str):
            if text := _clean(item, removed):
                out.append(text)
            continue
        text, sub = _clean(item.text, removed), _record_items(item.items, removed)
        if text and sub:
            out.append(ListItem(text=text, items=sub, ordered=item.sub.ordered))
        else:
            out.extend([text] if text else sub)
    return out


@dataclass
class _Draft:
    """A section being built: its heading's facts and the blocks found so far."""

    heading: str | None
    level: int
    kind: Kind
    blocks: list[Paragraph | ListBlock | Table] = field(default_factory=list)

    def section(self) -> Section:
        return Section(heading=self.heading, level=self.level, kind=self.kind, blocks=self.blocks)


def _heading_words(text: str, title: str | None, removed: Removed) -> str:
    """A heading's text without permalink marks, a trailing colon or a '<title>:' lead."""
    return heading_text(PERMALINK_MARKS.sub("", _clean(text, removed)), title)


def _is_question(text: str) -> bool:
    """One short sentence asking something: an FAQ's question written as a paragraph."""
    text = text.strip()
    return text.endswith("?") and len(text) <= 200 and "\n" not in text and len(sentences(text)) == 1


def _faq_parent(stack: list[_Draft]) -> _Draft | None:
    """The open FAQ section a question would belong to (the outermost one of kind faq)."""
    return next((d for d in stack if d.kind == "faq"), None)


def _sections(blocks: list[_Block], title: str | None, language: str, removed: Removed) -> list[Section]:
    drafts: list[_Draft] = [_Draft(None, 1, "description")]
    stack: list[_Draft] = []  # open headed sections, outermost first
    last_level = 2
    for block in blocks:
        faq = _faq_parent(stack)
        if faq is not None and isinstance(block, _Para) and _is_question(block.text):
            block = _Heading(block.text)  # a question and its answer make one entry of the FAQ
        if isinstance(block, _Heading):
            text = _heading_words(block.text, title, removed)
            if not text or (title and text.lower() == title.lower()):
                continue
            level = block.level or (faq.level + 1 if faq is not None and _is_question(text) else last_level)
            if block.level:
                last_level = block.level
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            kind: Kind
            if parent is not None and parent.kind == "faq":
                kind = "faq"  # the questions of an FAQ are its entries, whatever they ask about
            else:
                kind = kind_of(text, language) or _inherited(parent, text)
            stack.append(_Draft(text, level, kind))
            drafts.append(stack[-1])
        elif (made := _record_block(block, removed)) is not None:
            drafts[-1].blocks.append(made)
    return drop_empty([d.section() for d in _drop_end_matter(drafts, removed)])


def _inherited(parent: _Draft | None, heading: str) -> Kind:
    """The kind of a sub-section its heading names none for: its parent's, unless it lists the page's sources."""
    if parent is None or SOURCES_HEADING.fullmatch(heading):
        return "other"
    return parent.kind


def _drop_end_matter(drafts: list[_Draft], removed: Removed) -> list[_Draft]:
    """'External links', 'See also' and their sub-sections point elsewhere: drop them."""
    kept: list[_Draft] = []
    cut_level: int | None = None
    for draft in drafts:
        if cut_level is not None and draft.level > cut_level:
            continue
        cut_level = None
        if draft.heading is not None and draft.heading.lower().rstrip("?") in END_MATTER:
            removed.add("link_sections")
            cut_level = draft.level
            continue
        kept.append(draft)
    return kept


def structure(blocks: list[RawBlock], title: str | None, language: str = DEFAULT) -> Structured:
    """Turn a block stream (from either front end) into record sections.

    `language` picks the section vocabulary (see language.page_language).
    """
    removed = Removed()
    stream = _bold_headings(blocks, title, language)
    stream = _pseudo_lists(stream)
    stream = _vocabulary_headings(stream, title, language)
    stream = _attach_intros(stream, title, language)
    return Structured(_sections(stream, title, language, removed), removed)


__all__ = ["Run", "Structured", "kind_of", "structure"]
