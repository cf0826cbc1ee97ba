"""The committed JSON Schema is the models' schema, and records validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.models import Paragraph, Record, record_schema

SCHEMA = Path(__file__).resolve().parent.parent / "pipeline" / "schema" / "record.schema.json"


def test_committed_schema_equals_models():
    assert SCHEMA.read_text(encoding="utf-8") == record_schema(), (
        "run: python -m pipeline schema > pipeline/schema/record.schema.json"
    )


def test_models_are_strict():
    with pytest.raises(ValidationError):
        Paragraph(text="x", colour="red")
    with pytest.raises(ValidationError):
        Paragraph(text=3)
    with pytest.raises(ValidationError):
        Paragraph(text="")


def test_golden_records_validate():
    for path in sorted((SCHEMA.parent.parent.parent / "tests" / "golden").glob("*.json")):
        Record.model_validate_json(path.read_text(encoding="utf-8"), strict=False)
    assert json.loads(record_schema())["title"] == "Record"
