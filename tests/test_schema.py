"""The committed JSON Schema is the models' schema, and records validate against it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.models import Paragraph, Record, drop_empty, record_schema

SCHEMA = Path(__file__).resolve().parent.parent / "pipeline" / "schema" / "record.schema.json"


def test_committed_schema_equals_models():
    assert SCHEMA.read_text(encoding="utf-8") == record_schema(), "run: python -m pipeline schema > pipeline/schema/record.schema.json"


def test_models_are_strict():
    with pytest.raises(ValidationError):
        Paragraph(text="x", colour="red")
    with pytest.raises(ValidationError):
        Paragraph(text=3)
    with pytest.raises(ValidationError):
        Paragraph(text="")


ROOT = SCHEMA.parent.parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").rglob("*.json"))


def test_there_are_golden_records_of_raw_pages_and_of_shapes():
    assert len([p for p in GOLDEN if p.parent.name == "golden"]) >= 20
    assert len([p for p in GOLDEN if p.parent.name == "shapes"]) >= 3


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: str(p.relative_to(ROOT / "tests" / "golden")))
def test_golden_records_validate(path: Path):
    """Strictly, as written: no value coerced, no key dropped or defaulted, and the record's own rules hold."""
    text = path.read_text(encoding="utf-8")
    record = Record.model_validate_json(text, strict=True)
    assert record.model_dump(mode="json") == json.loads(text)
    assert record.title and record.sections
    assert drop_empty(record.sections) == record.sections  # no empty section without a sub-section
    assert all(s.heading is None or s.heading.strip() for s in record.sections)
    for code in record.icd10:
        assert (code.title is not None) == (code.status == "valid"), code
    source = ROOT / record.source.path  # provenance: the page it was made from, byte for byte
    assert record.source.bytes == source.stat().st_size
    assert record.source.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()


def test_a_golden_record_with_a_coerced_or_unknown_value_is_refused():
    data = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    for broken in (
        {**data, "title": 42},
        {**data, "source": {**data["source"], "bytes": str(data["source"]["bytes"])}},
        {**data, "sections": [{**data["sections"][0], "kind": "anatomy"}]},
        {**data, "colour": "red"},
    ):
        with pytest.raises(ValidationError):
            Record.model_validate_json(json.dumps(broken), strict=True)
