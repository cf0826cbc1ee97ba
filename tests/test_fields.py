"""fields: ICD-10 (checked against the WHO table), alternative names, disclaimer."""

from __future__ import annotations

from pipeline.fields import extract_fields, icd10_entry
from pipeline.meta import PageMeta
from pipeline.models import Paragraph, Section, Table


def section(*blocks) -> Section:
    return Section(heading=None, level=1, kind="description", blocks=list(blocks))


def test_icd10_codes_are_checked_against_their_systems_table():
    assert icd10_entry("l94.2.", "field").model_dump() == {
        "code": "L94.2",
        "system": "ICD-10",
        "title": "Calcinosis cutis",
        "status": "valid",
        "source": "field",
    }
    assert icd10_entry("M10", "field").status == "valid"
    assert icd10_entry("M109", "field").code == "M10.9"
    # ICD-10-CM only: never reported invalid, whatever the label said
    us = icd10_entry("M79.671", "field", "ICD-10")
    assert (us.system, us.title, us.status) == ("ICD-10-CM", "Pain in right foot", "valid")
    # a US label checks the US table first
    assert icd10_entry("M10.9", "field", "ICD-10-CM").system == "ICD-10-CM"
    # in no table: invalid, under the system its label named
    bad = icd10_entry("A00.7", "field", "ICD-10-CM")
    assert (bad.system, bad.title, bad.status) == ("ICD-10-CM", None, "invalid")
    assert icd10_entry("W99.9", "field").status == "invalid"
    # ICD-11: no offline table, neither valid nor invalid
    icd11 = icd10_entry("1E91.0", "field", "ICD-11")
    assert (icd11.system, icd11.title, icd11.status) == ("ICD-11", None, "unchecked")


def test_labelled_paragraphs_leave_the_text():
    fields = extract_fields(
        [
            section(
                Paragraph(text="ICD-10: M10.9."),
                Paragraph(text="Alternative Names: Podagra, gouty arthritis."),
                Paragraph(text="Gout is a kind of arthritis."),
                Paragraph(text="DISCLAIMER: This information should not substitute for medical care."),
            )
        ],
        None,
    )
    assert [c.code for c in fields.icd10] == ["M10.9"]
    assert fields.alternative_names == ["Podagra", "gouty arthritis"]
    assert fields.disclaimer == "This information should not substitute for medical care."
    assert [b.text for b in fields.sections[0].blocks] == ["Gout is a kind of arthritis."]


def test_note_needs_disclaimer_wording_and_unlabelled_wording_needs_self_reference():
    fields = extract_fields(
        [
            section(
                Paragraph(text="Note: children should never take aspirin."),
                Paragraph(
                    text="This article is for informational purposes only and is not a substitute for professional medical advice."
                ),
            )
        ],
        None,
    )
    assert fields.disclaimer.startswith("This article is for informational purposes")
    assert [b.text for b in fields.sections[0].blocks] == ["Note: children should never take aspirin."]


def test_codes_in_a_table_of_subtypes_are_not_the_page_code():
    table = Table(
        header=["Type", "ICD-10"], rows=[["Gouty arthropathy", "M10.0"], ["Lead-induced gout", "M10.1"]]
    )
    fields = extract_fields([section(Paragraph(text="ICD-10 code: M10."), table)], None)
    assert [c.code for c in fields.icd10] == ["M10"]
    assert fields.sections[0].blocks == [table]


def test_key_value_rows_and_metadata_codes():
    table = Table(rows=[["ICD-10", "M10"], ["Other names", "Podagra"], ["Specialty", "Rheumatology"]])
    fields = extract_fields([section(Paragraph(text="Gout is a kind of arthritis."), table)], None)
    assert [c.code for c in fields.icd10] == ["M10"] and fields.alternative_names == ["Podagra"]
    assert fields.sections[0].blocks[1].rows == [["Specialty", "Rheumatology"]]
    meta_only = extract_fields([section(Paragraph(text="Text."))], PageMeta(schema_codes=[("M10.9", None)]))
    assert [(c.code, c.source) for c in meta_only.icd10] == [("M10.9", "metadata")]


def test_labelled_list_items_and_two_labels_in_one_paragraph():
    from pipeline.models import ListBlock

    facts = ListBlock(items=["ICD-10: M10.9", "Also called: Gouty arthritis; podagra", "Peak age: 40-60"])
    fields = extract_fields(
        [section(Paragraph(text="ICD-10: N20.0 Alternative names: Nephrolithiasis, Renal calculi"), facts)],
        None,
    )
    assert [c.code for c in fields.icd10] == ["N20.0", "M10.9"]
    assert fields.alternative_names == ["Nephrolithiasis", "Renal calculi", "Gouty arthritis", "podagra"]
    assert fields.sections[0].blocks[0].items == ["Peak age: 40-60"]


def test_an_article_that_is_all_fields_leaves_no_sections():
    fields = extract_fields(
        [section(Paragraph(text="ICD-10: M10.9."), Paragraph(text="Disclaimer: not medical advice."))], None
    )
    assert fields.sections == [] and fields.disclaimer == "not medical advice."
