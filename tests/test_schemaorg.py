"""schema.org data (JSON-LD as browsers read it, microdata, RDFa) and labelled fields anywhere on a page."""

from __future__ import annotations

import lxml.html

from pipeline import process
from pipeline.meta import field_rows
from pipeline.schemaorg import jsonld_facts, markup_facts, parse_jsonld
from tests.conftest import page

ARTICLE = (
    "<article><h1>Shingles</h1>" + "<p>Shingles is a painful rash caused by the chickenpox virus.</p>" * 6
)


def test_jsonld_as_browsers_accept_it():
    sloppy = """<!--
    {"@type": "MedicalCondition", "name": "Gout",
     "description": "A line
    break inside a string",
     "alternateName": ["Podagra",],
    }
    -->"""
    assert parse_jsonld(sloppy)[0]["alternateName"] == ["Podagra"]
    cdata = '/*<![CDATA[*/ {"@type": "MedicalWebPage", "name": "a, }"} /*]]>*/'
    assert parse_jsonld(cdata) == [{"@type": "MedicalWebPage", "name": "a, }"}]  # commas in strings kept
    assert len(parse_jsonld('{"a": 1} {"b": 2}')) == 2  # two documents in one script
    for broken in ('{"@type": "Hospital", "name": "RUH", ', "[" * 100_000, "", "not json at all"):
        assert parse_jsonld(broken) == []


def test_escapes_no_record_can_hold_are_read_as_what_it_can():
    """A control character or half a surrogate pair, written as a JSON escape, would fail the record's write."""
    doc = r'{"name": "Rub\ud800eola", "a": "x\u0000y\u0007z\u0009t", "b": "\ud83d\ude00 caf\u00e9", "c": "\\u0000"}'
    (got,) = parse_jsonld(doc)
    assert got["name"] == "Rub\ufffdeola"
    assert got["a"] == "xyz\tt"
    assert got["b"] == "\U0001f600 café"  # a whole pair and any other escape are read as JSON says
    assert got["c"] == "\\u0000"  # an escaped backslash before "u0000" is text
    record_text = "\n".join(got.values())
    record_text.encode("utf-8")  # writable


def test_only_the_pages_own_condition_gives_codes_and_names():
    docs = parse_jsonld(
        """{"@context": "https://schema.org", "@graph": [
             {"@type": "MedicalWebPage", "about": {"@type": "MedicalCondition", "name": "Type 2 diabetes",
               "alternateName": "Adult-onset diabetes",
               "code": [{"@type": "MedicalCode", "codeValue": "E11", "codingSystem": "ICD-10"},
                        {"@type": "MedicalCode", "codeValue": "250.00", "codingSystem": "ICD-9-CM"},
                        {"@type": "MedicalCode", "code": "5A11", "codingSystem": "ICD-11"}],
               "possibleComplication": {"@type": "MedicalCondition", "name": "Retinopathy",
                 "code": {"@type": "MedicalCode", "codeValue": "H36.0", "codingSystem": "ICD-10"}}}},
             {"@type": "https://schema.org/Hospital", "alternateName": "RUH"}]}"""
    )
    facts = jsonld_facts(docs)
    assert facts.codes == [("E11", "ICD-10"), ("5A11", "ICD-11")]
    assert facts.names == ["Adult-onset diabetes"]
    assert {"MedicalWebPage", "MedicalCondition", "Hospital"} <= facts.types


def _schema_elements(html: str) -> list:
    root = lxml.html.document_fromstring(html)
    return root.xpath("//*[@itemprop or @itemtype or @property or @typeof]")


def test_microdata_condition_with_code_and_names():
    html = """<div itemscope itemtype="https://schema.org/MedicalWebPage">
      <header itemscope itemtype="https://schema.org/Hospital"><span itemprop="alternateName">RUH</span></header>
      <article itemprop="about" itemscope itemtype="https://schema.org/MedicalCondition">
        <h1 itemprop="name">High blood pressure</h1>
        <span itemprop="alternateName">hypertension</span>
        <div itemprop="code" itemscope itemtype="https://schema.org/MedicalCode">
          <meta itemprop="codeValue" content="BA00"><meta itemprop="codingSystem" content="ICD-11"></div>
        <div itemprop="possibleComplication" itemscope itemtype="https://schema.org/MedicalCondition">
          <span itemprop="alternateName">apoplexy</span>
          <div itemprop="code" itemscope itemtype="https://schema.org/MedicalCode">
            <meta itemprop="codeValue" content="I64"><meta itemprop="codingSystem" content="ICD-10"></div>
        </div>
      </article></div>"""
    facts = markup_facts(_schema_elements(html))
    assert facts.codes == [("BA00", "ICD-11")]
    assert facts.names == ["hypertension"]
    assert {"MedicalWebPage", "MedicalCondition", "MedicalCode", "Hospital"} <= facts.types


def test_rdfa_condition_with_code_and_names():
    html = """<div vocab="https://schema.org/" typeof="MedicalWebPage">
      <article property="about" typeof="MedicalCondition">
        <h1 property="name">Metatarsalgia</h1><meta property="alternateName" content="Metatarsal pain">
        <span property="code" typeof="MedicalCode"><span property="codeValue">M77.41</span>
          <span property="codingSystem">ICD-10-CM</span></span>
      </article></div>"""
    facts = markup_facts(_schema_elements(html))
    assert facts.codes == [("M77.41", "ICD-10-CM")] and facts.names == ["Metatarsal pain"]


def _rows(body: str) -> list[str]:
    return field_rows(lxml.html.document_fromstring(page(body)))


def test_labelled_fields_anywhere_on_the_page():
    assert _rows("<dl><dt>ICD-10</dt><dd>M72.2</dd><dt>Also called</dt><dd>Policeman's heel</dd></dl>") == [
        "ICD-10: M72.2",
        "Also called: Policeman's heel",
    ]
    assert _rows("<table><tr><td><b>ICD-10</b></td><td>M72.2</td></tr></table>") == ["ICD-10: M72.2"]
    assert _rows("<ul><li><strong>ICD-10-CM codes:</strong> M77.41, M77.42</li></ul>") == [
        "ICD-10-CM codes: M77.41, M77.42"
    ]
    assert _rows("<div><b>ICD-10:</b> E03.9<br><b>Other names:</b> Underactive thyroid</div>") == [
        "ICD-10: E03.9",
        "Other names: Underactive thyroid",
    ]
    assert _rows("<p>ICD-10: <a href='#'>K21.0</a>, <a href='#'>K21.9</a></p>") == ["ICD-10: K21.0, K21.9"]
    assert _rows(
        '<div class="field__label">Other names</div>'
        '<div class="field__items"><div class="field__item">A</div><div class="field__item">B</div></div>'
    ) == ["Other names: A; B"]
    assert _rows("<h3>Other names</h3><ul><li>GORD</li><li>GERD</li></ul>") == ["Other names: GORD; GERD"]
    assert _rows("<dt>Other names</dt><dd><ul><li>A</li><li>B</li></ul></dd>") == ["Other names: A; B"]
    # after a heading or a paragraph that is all label, prose and whole articles are no value
    assert _rows("<h2>Other names</h2><p>Gout is also called podagra.</p>") == ["Other names:"]
    assert _rows("<p><b>Other names</b></p><div><p>Text.</p><ul><li>Trauma.</li></ul></div>") == ["Other names:"]
    # a sentence that opens with label words is no label
    assert _rows("<p>Also called flexural psoriasis, this type affects skin folds.</p>") == []
    assert _rows("<script>var x = 'ICD-10: A00';</script>") == []


def test_a_page_whose_codes_are_in_a_header_fact_box_and_sloppy_jsonld():
    head = """<script type="application/ld+json"><!--
      {"@type": "MedicalWebPage", "about": {"@type": "MedicalCondition", "name": "Shingles",
       "alternateName": ["Herpes zoster",], "code": {"@type": "MedicalCode", "codeValue": "B02.9",
       "codingSystem": "ICD-10",},},} --></script>"""
    fact_box = "<header><dl class='facts'><dt>ICD-11</dt><dd>1E91</dd></dl></header>"
    record = process(page(fact_box + ARTICLE, head), "shingles.html")
    assert [(c.code, c.system, c.status, c.source) for c in record.icd10] == [
        ("1E91", "ICD-11", "unchecked", "field")
    ]
    assert record.alternative_names == ["Herpes zoster"]
    metadata_only = process(page(ARTICLE, head), "shingles.html")
    assert [(c.code, c.source) for c in metadata_only.icd10] == [("B02.9", "metadata")]
    assert "schema:MedicalCondition" in metadata_only.extraction.kind_signals


LABELS = ["ICD-10", "icd 11", "CIE-10", "CIM-10", "Other names", "other name", "Alternative names"]
LABELS += ["Alternate name", "ALSO KNOWN AS", "Also called", "Synonyms"]
LABELS += ["Andere Namen", "Weitere Namen", "Auch bekannt als", "Synonyme"]  # de
LABELS += ["Autres noms", "Autres appellations", "Aussi appelée", "Synonymes"]  # fr
LABELS += ["Otros nombres", "También conocido como", "También llamada como", "Sinónimos"]  # es


def test_every_field_label_opens_with_a_letter_the_quick_test_lets_through():
    from pipeline.vocabulary import FIELD_LABEL_INITIALS, FIELD_LABEL_START

    for label in LABELS:
        assert FIELD_LABEL_START.match(label) and label[0] in FIELD_LABEL_INITIALS
        assert _rows(f"<dl><dt>{label}</dt><dd>K21.0</dd></dl>")  # and the page pass finds it


def test_codes_in_a_differential_table_or_under_another_conditions_term_are_not_the_page_fields():
    differential = (
        "<table><tr><th>Condition</th><th>ICD-10</th></tr>"
        "<tr><td>Morton neuroma</td><td>ICD-10: G57.6</td></tr></table>"
        "<dl><dt>Stress fracture</dt><dd>ICD-10: M84.3</dd></dl>"
    )
    assert _rows(differential) == []
    own = (
        "<table><tr><th>Classification</th><td>ICD-10: I10</td><td>ICD-11: BA00</td></tr></table>"
        "<dl><dt>Codes</dt><dd>ICD-10-CM: M77.41</dd></dl>"
    )
    assert _rows(own) == ["ICD-10: I10", "ICD-11: BA00", "ICD-10-CM: M77.41"]
