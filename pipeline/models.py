"""Every data shape the pipeline passes between stages or writes out.

Two families live here on purpose, so there is one place to read the schema:

* the *record* (pydantic, strict, no unknown fields): what a page becomes and
  what downstream apps read; its JSON Schema is exported and committed;
* the *block stream* (frozen dataclasses): the small vocabulary both front ends
  (HTML and text dump) produce and the structure stage consumes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.vocabulary import IcdSystem, Kind

SCHEMA_VERSION: Final = "2.0"

PageKind = Literal["condition", "health_article", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------- record


class Paragraph(_Strict):
    type: Literal["paragraph"] = "paragraph"
    text: str = Field(min_length=1)


class ListItem(_Strict):
    """An item that holds a sub-list: its own text, and the sub-list beside it."""

    text: str = Field(description="The item's own text, without its sub-list's.")
    items: list[str | ListItem] = Field(min_length=1, description="The sub-list's items, shaped as a list's.")
    ordered: bool = False


class ListBlock(_Strict):
    type: Literal["list"] = "list"
    intro: str | None = Field(
        default=None, description="The sentence that announces the list, e.g. 'Causes may include:'."
    )
    items: list[str | ListItem] = Field(
        min_length=1,
        description="An item is its text, or, when it holds a sub-list, an object with its text and the sub-list.",
    )
    ordered: bool = False


class Table(_Strict):
    type: Literal["table"] = "table"
    caption: str | None = None
    header: list[str] | None = Field(default=None, description="Header cells when the table marks them.")
    rows: list[list[str]] = Field(min_length=1)


Block = Annotated[Paragraph | ListBlock | Table, Field(discriminator="type")]


class Section(_Strict):
    heading: str | None = Field(
        description="Heading as written (trailing colon and a leading '<title>:' dropped); null for the lead."
    )
    level: int = Field(
        ge=1, le=6, description="1-6; markup-less headings take the level of the last marked-up one."
    )
    kind: Kind
    blocks: list[Block]


def drop_empty(sections: list[Section]) -> list[Section]:
    """Sections with blocks, and headings that open a deeper sub-section; nothing else.

    Structure builds sections and fields takes blocks out of them: both end
    by this rule, so it sits with the model it reads.
    """
    return [
        s
        for i, s in enumerate(sections)
        if s.blocks or (s.heading is not None and i + 1 < len(sections) and sections[i + 1].level > s.level)
    ]


CodeSource = Literal["field", "metadata"]


class IcdCode(_Strict):
    code: str = Field(
        description="As given on the page, normalised to upper case with its dot, e.g. 'L94.2', '1E91.0'."
    )
    system: IcdSystem = Field(
        description="ICD-10 (WHO 2019), ICD-10-CM (US) or ICD-11 (MMS): the table that holds the code, "
        "else the one its label named."
    )
    title: str | None = Field(description="Title of the code in its system's table, when it is there.")
    status: Literal["valid", "invalid", "unchecked"] = Field(
        description="valid: in its system's table; invalid: in neither ICD-10 table; "
        "unchecked: ICD-11, which has no offline table."
    )
    source: CodeSource = Field(
        description="field: a labelled field on the page; metadata: schema.org data (JSON-LD, microdata, RDFa)."
    )


Format = Literal["html", "text"]


class Source(_Strict):
    path: str = Field(description="Input path as given to the run (or the name passed to process()).")
    sha256: str
    bytes: int = Field(ge=0)
    format: Format
    encoding: str
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    published: str | None = None
    modified: str | None = None
    crawled: str | None = Field(default=None, description="When a crawler fetched the page (WARC-Date).")


Parser = Literal["lxml.html", "text-dump"]


class Extraction(_Strict):
    pipeline_version: str
    code_fingerprint: str | None = Field(
        default=None,
        description="Hash of the code that shapes records (stage modules, profiles, vocabulary, schema), "
        "set by the batch runner: a rerun redoes a record that other code made. Null from process() "
        "called directly.",
    )
    parser: Parser
    profile: str = Field(
        description="Which site profile located the article ('generic' when none matched; "
        "'articleBody' when the page's HTML held too little and its schema.org articleBody gave the text)."
    )
    removed: dict[str, int] = Field(
        description="What was dropped, counted by kind (comments, ads, navigation, ...)."
    )
    warnings: list[str]
    kind_signals: list[str] = Field(
        description="What page_kind was read from, e.g. 'icd_codes', 'schema:MedicalCondition', "
        "'sections:symptoms,treatment', 'medical_words:12'."
    )


class Record(_Strict):
    schema_version: Literal["2.0"] = SCHEMA_VERSION
    title: str | None
    page_kind: PageKind = Field(
        description="condition (a page about one condition), health_article (medical, not one condition), "
        "or other; from ICD codes, schema.org types, section kinds and medical words."
    )
    icd10: list[IcdCode] = Field(
        description="The condition's ICD codes, of any revision (the name is kept for readers of 1.0)."
    )
    alternative_names: list[str]
    sections: list[Section]
    disclaimer: str | None
    source: Source
    extraction: Extraction


# --------------------------------------------------------------- block stream


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of inline text, and whether it was set in bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class HeadingBlock:
    text: str
    level: int


@dataclass(frozen=True, slots=True)
class ParaBlock:
    """A paragraph as runs, so a bold lead-in ("Symptoms:") stays visible.

    Line breaks (<br>, or newlines in a dump) are kept as "\\n" because
    pseudo-lists are written one item a line.
    """

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def label(self) -> str:
        """The bold text the paragraph opens with ('' when it opens in roman)."""
        out: list[str] = []
        for run in self.runs:
            if run.bold:
                out.append(run.text)
            elif run.text.strip() or out:
                break
        return "".join(out)

    @property
    def all_bold(self) -> bool:
        return any(r.bold and r.text.strip() for r in self.runs) and all(
            r.bold or not r.text.strip() for r in self.runs
        )


@dataclass(frozen=True, slots=True)
class ListItems:
    items: tuple[str | NestedItem, ...]
    ordered: bool = False
    intro: str | None = None


@dataclass(frozen=True, slots=True)
class NestedItem:
    """A list item with a sub-list of its own (the record's ListItem, in the block stream)."""

    text: str
    sub: ListItems

    @property
    def items(self) -> tuple[str | NestedItem, ...]:
        return self.sub.items


def item_texts(items: Iterable[str | NestedItem | ListItem | dict[str, Any]]) -> Iterator[str]:
    """Every item's text, sub-lists' items after their item's, in reading order.

    Reads the block stream's items, the record's and the record's JSON
    alike: strings, or objects (or dicts) with a `text` and `items`.
    """
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield item["text"]
            yield from item_texts(item["items"])
        else:
            yield item.text
            yield from item_texts(item.items)


@dataclass(frozen=True, slots=True)
class TableBlock:
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] | None = None
    caption: str | None = None


RawBlock = HeadingBlock | ParaBlock | ListItems | TableBlock
# What hears of each element a stage drops: (kind, element, rule or None, counted).
DropHook = Callable[[str, Any, str | None, bool], None]


@dataclass(slots=True)
class Removed:
    """Counts of what one stage dropped, by kind: each stage makes its own and returns it,
    and process() merges them into Extraction.removed.

    `on_drop`, when given (a trace's `dropped`: `pipeline.trace`), also hears
    of each element dropped, with the rule that dropped it when the caller
    knows it, and whether it was counted.
    """

    counts: dict[str, int] = field(default_factory=dict)
    on_drop: DropHook | None = None

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def took(self, kind: str, element: Any, rule: str | None = None, *, counted: bool = True) -> None:
        """Count one element dropped as `kind` (before it leaves the tree, so a trace can still place it).

        `counted=False`: it leaves with one already counted (a related heading's
        box or teasers, a link list's title wrapper); only a trace hears of it.
        """
        if counted:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.on_drop is not None:
            self.on_drop(kind, element, rule, counted)

    def merge(self, other: Removed) -> None:
        for kind, n in other.counts.items():
            self.add(kind, n)


@dataclass
class PageMeta:
    """Page-level facts: read from the whole tree before cleaning (meta.py), or a dump's title alone."""

    title: str | None = None
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    field_rows: list[str] = field(default_factory=list)  # labelled lines anywhere: "ICD-10: M72.2"
    schema_codes: list[tuple[str, IcdSystem | None]] = field(default_factory=list)  # (value, system named)
    schema_names: list[str] = field(default_factory=list)
    schema_types: set[str] = field(default_factory=set)
    declares_article: bool = False  # og:type or a schema.org type says the page is one article
    article_body: str | None = None  # the longest schema.org articleBody (JSON-LD): the text of a page built by script


@dataclass(slots=True)
class FrontEnd:
    """What a front end hands on: the page's facts, its article as a block stream, what it dropped.

    The HTML front end (parse, clean, locate, blocks) and the text-dump one
    (dump.py) both give one, so everything after them reads a page the same
    way whichever it came from.
    """

    meta: PageMeta
    blocks: list[RawBlock]
    profile: str  # the profile that located the article; "text-dump" for a dump
    parser: Parser
    removed: Removed

    @property
    def title(self) -> str | None:
        return self.meta.title


# ------------------------------------------------------------------- limits


class Limits(_Strict):
    """Per-page caps: past any of them a page becomes an error entry, never a crash.

    Nesting depth has no knob: libxml2 refuses documents deeper than 256
    elements, and parse turns that refusal into a `too_deep` error entry.
    The defaults are far above real health pages (the largest of the 181
    benchmark pages is under 1 MB) and far below what hurts a 2-core box.
    """

    max_bytes: int = Field(default=16 * 2**20, ge=1, description="Input size as read from disk.")
    max_decompressed: int = Field(default=32 * 2**20, ge=1, description="Size after gzip decompression.")
    max_elements: int = Field(default=200_000, ge=1, description="Elements in the parsed tree.")
    timeout_s: float = Field(
        default=30.0, gt=0, description="Wall time per page (enforced by the batch runner)."
    )


def record_schema() -> str:
    """The JSON Schema of Record, as committed in pipeline/schema/record.schema.json."""
    import json

    return json.dumps(Record.model_json_schema(), indent=2, sort_keys=True) + "\n"
