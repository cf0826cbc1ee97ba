"""Every page in raw/ gives exactly its golden record, deterministically.

Golden records are reviewed outputs, kept in tests/golden/<stem>.json. After
a deliberate change, regenerate them with
`python -m tests.test_golden --update` and review the diff before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pipeline import process
from pipeline.records import record_json

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLDEN = ROOT / "tests" / "golden"
SUFFIXES = (".html", ".htm", ".txt", ".html.gz")
PAGES = sorted(p for p in RAW.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))


def stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".html", ".htm", ".txt"):
        name = name.removesuffix(suffix)
    return name


def render(path: Path) -> str:
    record = process(path.read_bytes(), str(path.relative_to(ROOT)))
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def test_every_raw_page_has_a_golden_record():
    assert len(PAGES) >= 2
    missing = [p.name for p in PAGES if not (GOLDEN / f"{stem(p)}.json").exists()]
    assert not missing


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_raw_page_matches_golden(path: Path):
    assert render(path) == (GOLDEN / f"{stem(path)}.json").read_text(encoding="utf-8")


def test_output_is_deterministic():
    path = RAW / "calcinosis-cutis.html"
    assert render(path) == render(path)


if __name__ == "__main__" and "--update" in sys.argv:
    GOLDEN.mkdir(exist_ok=True)
    for page_path in PAGES:
        (GOLDEN / f"{stem(page_path)}.json").write_text(render(page_path), encoding="utf-8")
        print("wrote", stem(page_path))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_the_batch_writes_records_as_the_reference_serialisation(path: Path):
    record = process(path.read_bytes(), str(path.relative_to(ROOT)))
    assert (
        record_json(record) == json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    )


def test_the_record_serialisation_escapes_like_json_dumps():
    text = (
        'Quotes " and \\ backslashes, tabs\tand é 中文 😀, line\u2028separators and </script> in text. ' * 4
    )
    page = f"<html><head><title>Odd “text”</title></head><body><article><h1>Odd “text”</h1><p>{text}</p></article></body></html>"
    record = process(page.encode(), "odd.html")
    assert (
        record_json(record) == json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    )
