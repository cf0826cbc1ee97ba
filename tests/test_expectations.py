"""Every raw/ page against its hand-made expectation file, checked the way the scorer reads one.

The golden records (test_golden.py) say a record changed; these tests say
what is wrong with it: the section that went missing, the paragraph not
found, the list that lost an item, the boilerplate that leaked. The
matching rules are those of tests/expectations (the format is described in
../shared/tools/EXPECTATIONS.md), written here so the tests need nothing
outside the repository: text is compared after NFKC, plain quotes, collapsed
white space and case folding; list items also without bullets and trailing
punctuation; headings without a trailing colon or a leading "<title>:".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline import process

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
EXPECTATIONS = sorted((ROOT / "tests" / "expectations").glob("*.expected.json"))

Record = dict[str, Any]
Expected = dict[str, Any]

# ---------------------------------------------------------------- matching

_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_ITEM_EDGES = "•·▪●‣⁃◦*-–— \t"
# Two sentences run together: a small letter, digit or bracket, end punctuation,
# then a capitalised word; or a word, a colon and a capitalised word. Not after a
# capital or a one-letter word (U.S., vitamin D.), nor after an abbreviation.
_RUN_TOGETHER = re.compile(r"(?<![A-Z])(?<!\b[a-z])(?:[a-z0-9)][.!?]|[a-z]:)[A-Z][a-z]+")
_ABBREVIATION_BEFORE = re.compile(r"\b(?:e\.g|i\.e|vs|Dr|Mr|Mrs|Ms|St|No|etc)\.[A-Z]")


def plain(text: str | None) -> str:
    """NFKC, typographic quotes and odd spaces made plain, white space collapsed."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_PLAIN).split())


def folded(text: str | None) -> str:
    return plain(text).casefold()


def item_key(text: str | None) -> str:
    return folded(text).strip(_ITEM_EDGES).rstrip(".;,:").strip()


def heading_key(heading: str | None, title: str) -> str:
    key, lead = folded(heading).rstrip(":").strip(), folded(title) + ":"
    if lead != ":" and key.startswith(lead):
        key = key[len(lead) :].strip()
    return key.rstrip(":").strip()


def strings(node: Any) -> Iterator[str]:
    """Every string in a JSON value, in order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def item_text(item: Any) -> str | None:
    """A list item's own text: the string, or an object's "text" (its sub-list aside)."""
    if isinstance(item, str):
        return item
    return item.get("text") if isinstance(item, dict) else None


def list_keys(block: dict[str, Any]) -> list[str]:
    return [item_key(t) for t in map(item_text, block.get("items") or []) if t is not None]


def content_text(record: Record) -> str:
    """Title, sections, disclaimer and names as one folded text: where snippets are looked for."""
    content = {key: record.get(key) for key in ("title", "sections", "disclaimer", "alternative_names")}
    return folded(" \n ".join(plain(s) for s in strings(content)))


# ------------------------------------------------------------------ checks
# Each takes the record and its expectation and returns what falls short, in words.


def check_title(record: Record, expected: Expected) -> list[str]:
    if "title" not in expected or folded(record.get("title")) == folded(expected["title"]):
        return []
    return [f"title is {record.get('title')!r}, expected {expected['title']!r}"]


def check_codes(record: Record, expected: Expected) -> list[str]:
    if "icd10" not in expected:
        return []
    got = {str(c["code"] if isinstance(c, dict) else c).strip().upper().rstrip(".") for c in record["icd10"]}
    want = {code.upper() for code in expected["icd10"]}
    return [] if got == want else [f"ICD codes {sorted(got)}, expected {sorted(want)}"]


def check_names(record: Record, expected: Expected) -> list[str]:
    if "alternative_names" not in expected:
        return []
    got = {item_key(n) for n in record["alternative_names"]}
    want = {item_key(n) for n in expected["alternative_names"]}
    if got == want:
        return []
    return [f"alternative names missing {sorted(want - got)}, extra {sorted(got - want)}"]


def check_sections(record: Record, expected: Expected) -> list[str]:
    """Headings in the record and no others (unless not strict), each with its kind, paragraphs and lists."""
    title = record.get("title") or ""
    by_heading: dict[str, dict[str, Any]] = {}
    for section in record["sections"]:
        by_heading.setdefault(heading_key(section["heading"], title), section)
    wanted = [heading_key(e["heading"], title) for e in expected.get("sections", [])]
    problems = []
    if "sections" in expected and expected.get("strict_sections", True):
        extra = [
            s["heading"]
            for s in record["sections"]
            if s["heading"] and heading_key(s["heading"], title) not in wanted
        ]
        if extra:
            problems.append(f"unexpected headings {extra}")
    for want in expected.get("sections", []):
        section = by_heading.get(heading_key(want["heading"], title))
        if section is None:
            problems.append(f"missing section {want['heading']!r}")
        else:
            problems += check_section(section, want)
    return problems


def check_section(section: dict[str, Any], want: dict[str, Any]) -> list[str]:
    where = f"[{want['heading']}]"
    problems = []
    if want.get("kind") and section["kind"] != want["kind"]:
        problems.append(f"{where} kind is {section['kind']!r}, expected {want['kind']!r}")
    blocks = section["blocks"]
    paragraphs = [folded(b["text"]) for b in blocks if b["type"] == "paragraph"]
    for text in want.get("paragraphs", []):
        if not any(folded(text) in p for p in paragraphs):
            problems.append(f"{where} paragraph not found: {text[:70]!r}")
    lists = [b for b in blocks if b["type"] == "list"]
    for wanted_list in want.get("lists", []):
        problems += check_list(where, blocks, lists, wanted_list)
    return problems


def check_list(
    where: str, blocks: list[dict[str, Any]], lists: list[dict[str, Any]], want: dict[str, Any]
) -> list[str]:
    """The section's list closest to the expected one (by F1 of items) must equal it, with its intro."""
    items = [item_key(i) for i in want["items"]]

    def f1(block: dict[str, Any]) -> float:
        got = list_keys(block)
        return 2 * len(set(got) & set(items)) / (len(got) + len(items)) if got or items else 1.0

    best = max(lists, key=f1, default=None)  # max keeps the first of equals
    got = list_keys(best) if best is not None else []
    problems = []
    if got != items:
        missing = [i for i in items if i not in got]
        extra = [i for i in got if i not in items]
        problems.append(f"{where} list differs from {items[:2]}...: missing {missing}, extra {extra}")
    if best is not None and "intro_endswith" in want:
        intro, want_intro = folded(best.get("intro")), folded(want["intro_endswith"])
        if want_intro:
            at = blocks.index(best)
            before = blocks[at - 1] if at else {}
            before_text = folded(before.get("text")) if before.get("type") == "paragraph" else ""
            ok = intro.endswith(want_intro) or (not intro and before_text.endswith(want_intro))
        else:
            ok = not intro or not any(i and i in intro for i in items)
        if not ok:
            problems.append(
                f"{where} list intro is {best.get('intro')!r}, expected one ending {want['intro_endswith']!r}"
            )
    return problems


def check_disclaimer(record: Record, expected: Expected) -> list[str]:
    section_text = folded(" \n ".join(strings(record["sections"])))
    disclaimer = folded(record.get("disclaimer"))
    return [
        f"disclaimer snippet not kept apart: {d[:60]!r}"
        for d in expected.get("disclaimer") or []
        if folded(d) not in disclaimer or folded(d) in section_text
    ]


def check_without(record: Record, expected: Expected) -> list[str]:
    text = content_text(record)
    leaked = [w for w in expected.get("without", []) if folded(w) in text]
    return [f"boilerplate kept: {leaked}"] if leaked else []


def check_with(record: Record, expected: Expected) -> list[str]:
    text = content_text(record)
    missing = [w[:60] for w in expected.get("with", []) if folded(w) not in text]
    return [f"content missing: {missing}"] if missing else []


def check_text(record: Record, expected: Expected) -> list[str]:
    """No sentences run together without a space, no bullet glyph left in section text."""
    problems = []
    for text in map(plain, strings(record["sections"])):
        for m in _RUN_TOGETHER.finditer(text):
            if not _ABBREVIATION_BEFORE.search(text[max(0, m.start() - 4) : m.end()]):
                problems.append(f"run together: {text[max(0, m.start() - 30) : m.end() + 10]!r}")
        if "•" in text:
            problems.append(f"bullet glyph left: {text[:60]!r}")
    return problems


CHECKS: dict[str, Callable[[Record, Expected], list[str]]] = {
    "title": check_title,
    "icd10": check_codes,
    "alternative_names": check_names,
    "sections": check_sections,
    "disclaimer": check_disclaimer,
    "without": check_without,
    "with": check_with,
    "text": check_text,
}

# ------------------------------------------------------------------- tests

CASES = [
    (path, name) for path in EXPECTATIONS for name in json.loads(path.read_text(encoding="utf-8"))["inputs"]
]


@cache
def record_of(name: str) -> Record:
    path = RAW / name
    return process(path.read_bytes(), str(path.relative_to(ROOT))).model_dump(mode="json")


def test_every_expectation_names_raw_pages_and_every_raw_page_has_one():
    named = {name for _, name in CASES}
    raw = {p.name for p in RAW.iterdir() if p.is_file()}
    assert len(EXPECTATIONS) >= 20
    assert named <= raw, f"expectations for pages not in raw/: {sorted(named - raw)}"
    assert raw <= named, f"raw/ pages without an expectation: {sorted(raw - named)}"


@pytest.mark.parametrize("aspect", list(CHECKS))
@pytest.mark.parametrize("path, name", CASES, ids=[name for _, name in CASES])
def test_record_meets_its_expectation(path: Path, name: str, aspect: str):
    expected = json.loads(path.read_text(encoding="utf-8"))
    problems = CHECKS[aspect](record_of(name), expected)
    assert not problems, f"{name} ({path.name}):\n  " + "\n  ".join(problems)


# The checks must fail when the record is wrong, and say how.

BROKEN_BASE = "calcinosis-cutis.html"


def _broken(change: Callable[[Record], None]) -> Record:
    record = json.loads(json.dumps(record_of(BROKEN_BASE)))
    change(record)
    return record


def _expected() -> Expected:
    path = next(p for p, name in CASES if name == BROKEN_BASE)
    expected: Expected = json.loads(path.read_text(encoding="utf-8"))
    return expected


def test_the_checks_pass_the_untouched_record():
    for check in CHECKS.values():
        assert check(record_of(BROKEN_BASE), _expected()) == []


def _drop_first_paragraph(record: Record) -> None:
    for section in record["sections"]:
        for i, block in enumerate(section["blocks"]):
            if block["type"] == "paragraph":
                del section["blocks"][i]
                return


def _drop_a_list_item(record: Record) -> None:
    block = next(b for s in record["sections"] for b in s["blocks"] if b["type"] == "list")
    block["items"] = block["items"][1:]


def _leak(record: Record) -> None:
    record["sections"][-1]["blocks"].append(
        {"type": "paragraph", "text": " ".join(_expected()["without"][:1])}
    )


def _glue(record: Record) -> None:
    block = next(b for s in record["sections"] for b in s["blocks"] if b["type"] == "paragraph")
    block["text"] += " It starts early.In many cases it hurts."


@pytest.mark.parametrize(
    "change, aspect, says",
    [
        (_drop_first_paragraph, "sections", "paragraph not found"),
        (_drop_a_list_item, "sections", "list differs"),
        (_leak, "without", "boilerplate kept"),
        (_glue, "text", "run together: "),
        (lambda r: r.update(disclaimer=None), "disclaimer", "disclaimer snippet not kept apart"),
        (lambda r: r["sections"].pop(), "sections", "missing section"),
        (lambda r: r.update(icd10=[]), "icd10", "ICD codes []"),
        (lambda r: r["sections"][1].update(kind="other"), "sections", "kind is 'other'"),
    ],
)
def test_a_broken_record_fails_its_check_with_a_message_naming_the_fault(change, aspect, says):
    problems = CHECKS[aspect](_broken(change), _expected())
    assert problems and any(says in p for p in problems), problems
