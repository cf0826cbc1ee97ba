"""fields: ICD-10 (checked against the WHO table), alternative names, disclaimer."""

from __future__ import annotations

from pipeline.fields import extract_fields, icd10_entry
from pipeline.models import PageMeta, Paragraph, Section, Table


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


# ------------------------------------------------------- codes and names as real sites write them


def test_a_field_line_with_several_codes_labels_and_systems():
    from pipeline.fields import read_field_line

    line = read_field_line("ICD-10: B02.9 · ICD-11: 1E91 Other names: shingles, zoster")
    assert line.codes == [("B02.9", "ICD-10"), ("1E91", "ICD-11")]
    assert line.names == ["shingles", "zoster"] and line.rest == ""
    assert read_field_line("ICD-10-CM: M79.671, M79.672").codes == [
        ("M79.671", "ICD-10-CM"),
        ("M79.672", "ICD-10-CM"),
    ]
    assert read_field_line("ICD-10 codes: see the table below.") is None  # a label with no code is text


def test_a_name_is_a_name_not_a_sentence():
    from pipeline.fields import read_names

    # a dump glues the next paragraph on, with or without a full stop
    assert read_names("GORD, acid reflux. Reflux disease is a common condition.") == (
        ["GORD", "acid reflux"],
        "Reflux disease is a common condition.",
    )
    names, rest = read_names(
        "sciatic neuralgia; lumbar radiculopathy Sciatica is pain caused by irritation or compression of the nerve"
    )
    assert names == ["sciatic neuralgia", "lumbar radiculopathy"]
    assert rest.startswith("Sciatica is pain caused by irritation or compression")
    assert read_names("von Willebrand disease, VWD") == (["von Willebrand disease", "VWD"], "")
    assert read_names("“Policeman’s heel” or “jogger’s heel”")[0] == ["Policeman’s heel", "jogger’s heel"]


def test_the_prose_after_a_field_stays_in_the_text():
    fields = extract_fields(
        [
            section(
                Paragraph(text="ICD-10: M54.3, M54.4"),
                Paragraph(
                    text="Other names: sciatic neuralgia; lumbar radiculopathy Sciatica is pain caused by "
                    "irritation or compression of the sciatic nerve, the longest nerve in the body."
                ),
            )
        ],
        None,
    )
    assert [c.code for c in fields.icd10] == ["M54.3", "M54.4"]
    assert fields.alternative_names == ["sciatic neuralgia", "lumbar radiculopathy"]
    assert [b.text for b in fields.sections[0].blocks] == [
        "Sciatica is pain caused by irritation or compression of the sciatic nerve, the longest nerve in the body."
    ]


def test_a_list_under_a_field_label_is_the_field():
    from pipeline.models import ListBlock

    names = ListBlock(intro="Other names:", items=["Acid reflux", "GORD", "GERD"])
    codes = ListBlock(intro="ICD-10 codes:", items=["K21.0", "K21.9"])
    prose = ListBlock(
        intro="Also known as:", items=["A very long sentence that is clearly not a name at all."]
    )
    fields = extract_fields([section(names, codes, prose)], None)
    assert fields.alternative_names == ["Acid reflux", "GORD", "GERD"]
    assert [c.code for c in fields.icd10] == ["K21.0", "K21.9"]
    assert fields.sections[0].blocks == [prose]


def test_the_first_sentence_names_the_condition_the_standard_way():
    def names(text: str) -> list[str]:
        return extract_fields([section(Paragraph(text=text))], None, "Shingles").alternative_names

    assert names("Shingles, also called herpes zoster, is a painful rash.") == ["herpes zoster"]
    assert names("Shingles (also known as zoster or herpes zoster) is a painful rash.") == [
        "zoster",
        "herpes zoster",
    ]
    assert names("Shingles is a painful rash, also called zoster by doctors.") == []
    assert names("Shingles, also called shingles, is a rash.") == []  # the title is no other name


def test_codes_from_the_page_come_first_then_schema_org_and_other_conditions_never():
    meta = PageMeta(
        field_rows=[
            "ICD-10: K21.0, K21.9",
            "Other names: Acid reflux; GORD",
            "Also known as: a long sentence. Yes.",
        ],
        schema_codes=[("K21.0", "ICD-10")],
        schema_names=["GERD", "gord"],
    )
    fields = extract_fields([section(Paragraph(text="Reflux is common."))], meta)
    assert [(c.code, c.source) for c in fields.icd10] == [("K21.0", "field"), ("K21.9", "field")]
    assert fields.alternative_names == ["Acid reflux", "GORD", "GERD"]
    schema_only = extract_fields(
        [section(Paragraph(text="Reflux is common."))], PageMeta(schema_codes=[("BA00", "ICD-11")])
    )
    assert [(c.code, c.system, c.status, c.source) for c in schema_only.icd10] == [
        ("BA00", "ICD-11", "unchecked", "metadata")
    ]


def test_a_section_headed_by_the_names_label_and_holding_names_is_the_field():
    """Encyclopedias syndicated to hospital libraries close with "Alternative Names": no label opens its paragraph."""
    names = Section(
        heading="Alternative Names",
        level=2,
        kind="other",
        blocks=[Paragraph(text="Verruca plantaris; Warts - plantar")],
    )
    body = Section(
        heading="Causes",
        level=2,
        kind="causes",
        blocks=[Paragraph(text="Plantar warts are caused by a virus.")],
    )
    fields = extract_fields([body, names], None, "Plantar warts")
    assert fields.alternative_names == ["Verruca plantaris", "Warts - plantar"]
    assert [s.heading for s in fields.sections] == ["Causes"]


def test_a_names_section_that_holds_prose_stays_text():
    prose = Paragraph(
        text="Doctors once called it verruca. The name changed when the virus was found in 1949, and it stuck."
    )
    names = Section(heading="Other names", level=2, kind="other", blocks=[prose])
    fields = extract_fields([names], None, "Plantar warts")
    assert fields.alternative_names == []
    assert [s.heading for s in fields.sections] == ["Other names"]
