"""Section kinds as real pages write them: English, German, French, Spanish; FAQ entries; permalink marks."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from pipeline import process, vocabulary
from pipeline.fields import extract_fields
from pipeline.language import _SAMPLE_CHARS, blocks_sample, page_language
from pipeline.models import HeadingBlock, Kind, ListItems, ParaBlock, Paragraph, Run, Section
from pipeline.structure import kind_of, structure
from pipeline.text import is_section_name
from pipeline.vocabulary import KIND_WORDS, SECTION_KINDS, WEAK_KIND_WORDS


def para(text: str, bold: bool = False) -> ParaBlock:
    return ParaBlock((Run(text, bold),))


def outline(blocks, title="Measles", language="en"):
    return [(s.heading, s.level, s.kind) for s in structure(blocks, title, language).sections]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Overview", "description"),
        ("Key facts", "description"),
        ("Signs and symptoms", "symptoms"),
        ("When to see a doctor", "when_to_see_doctor"),
        ("When to get emergency help", "when_to_see_doctor"),
        ("When to get emergency care", "when_to_see_doctor"),
        ("When should I see a doctor?", "when_to_see_doctor"),
        ("When to Contact a Medical Professional", "when_to_see_doctor"),
        ("When to call your health care provider", "when_to_see_doctor"),
        ("When to seek professional help", "when_to_see_doctor"),
        ("When to Seek Professional Financial Advice", None),
        ("Check if you have bursitis", "symptoms"),
        ("Things you can do to ease bursitis", "treatment"),
        ("How to ease a sore throat", "treatment"),
        ("Who is at risk", "risk_factors"),
        ("Who does it affect?", "risk_factors"),
        ("How common is it?", "epidemiology"),
        ("Transmission", "transmission"),
        ("How chickenpox spreads", "transmission"),
        ("Tests and diagnosis", "diagnosis"),
        ("Management", "treatment"),
        ("Self-care", "treatment"),
        ("Living with eczema", "living_with"),
        ("Outlook", "prognosis"),
        ("Burden", "epidemiology"),
        ("Global impact", "epidemiology"),
        ("FAQ", "faq"),
        ("Frequently asked questions", "faq"),
        ("WHO response", None),
        ("What is type 2 diabetes?", "description"),  # "type 2" names the condition, not its types
        ("Types of diabetes", "types"),
    ],
)
def test_english_headings_of_real_condition_pages(heading, kind):
    assert kind_of(heading) == kind


@pytest.mark.parametrize(
    ("language", "heading", "kind"),
    [
        ("de", "Ursachen", "causes"),
        ("de", "Symptome", "symptoms"),
        ("de", "Behandlung", "treatment"),
        ("de", "Behandlungsmöglichkeiten", "treatment"),
        ("de", "Wann zum Arzt?", "when_to_see_doctor"),
        ("de", "Kurzübersicht", "description"),
        ("de", "Was sind die Ursachen?", "causes"),
        ("de", "Was ist Grippe?", "description"),
        ("fr", "Causes", "causes"),
        ("fr", "Symptômes", "symptoms"),
        ("fr", "Symptomes", "symptoms"),  # written without its accent
        ("fr", "Traitement", "treatment"),
        ("fr", "Quand consulter ?", "when_to_see_doctor"),
        ("es", "Causas", "causes"),
        ("es", "Síntomas", "symptoms"),
        ("es", "Sintomas", "symptoms"),
        ("es", "Tratamiento", "treatment"),
        ("es", "¿Qué es la conjuntivitis?", "description"),
        ("es", "Preguntas frecuentes", "faq"),
    ],
)
def test_headings_in_other_languages_take_kinds_from_their_vocabulary(language, heading, kind):
    assert kind_of(heading, language) == kind


def test_a_page_is_read_with_its_own_language_and_english():
    assert kind_of("Ursachen") is None  # an English page does not read German words
    assert kind_of("Management", "de") == "treatment"  # a German page may borrow English ones


def test_kinds_have_one_source():
    assert get_args(Kind) == tuple(SECTION_KINDS)
    for tables in (KIND_WORDS, WEAK_KIND_WORDS):
        for language, table in tables.items():
            assert set(table) <= set(SECTION_KINDS) - {"other"}, language
    assert set(KIND_WORDS) == set(WEAK_KIND_WORDS)


@pytest.mark.parametrize(
    "table, edit, message",
    [
        (KIND_WORDS["en"], {"anatomy": r"anatomy"}, "KIND_WORDS['en'] names kinds that are no Kind: ['anatomy']"),
        (WEAK_KIND_WORDS["de"], {"uberblick": r"über"}, "WEAK_KIND_WORDS['de'] names kinds"),
        (SECTION_KINDS, {"anatomy": None}, "SECTION_KINDS must list every Kind once"),
        (KIND_WORDS, {"it": {"causes": r"cause"}}, "WEAK_KIND_WORDS must name the languages of KIND_WORDS"),
    ],
)
def test_a_kind_or_language_the_tables_disagree_on_is_refused_at_import(table, edit, message, monkeypatch):
    """Adding a kind to the words but not to Kind would fail every page with that heading: refused at once."""
    for key, value in edit.items():
        monkeypatch.setitem(table, key, value)
    with pytest.raises(ValueError, match=re.escape(message)):
        vocabulary._check_tables()


def test_section_names_alone_in_other_languages():
    assert is_section_name("Ursachen und Risikofaktoren", None, "de")
    assert is_section_name("Causes et facteurs de risque", None, "fr")
    assert is_section_name("Síntomas de la varicela", None, "es")
    assert not is_section_name("Ursachen und Risikofaktoren", None, "en")
    assert not is_section_name("Die Ursachen sind noch nicht bekannt.", None, "de")


def test_structure_reads_a_german_stream_with_the_german_vocabulary():
    blocks = [
        HeadingBlock("Ursachen", 2),
        para("Die Viren werden durch Tröpfchen übertragen."),
        HeadingBlock("Komplikationen", 2),
        para("Lungenentzündungen sind gefürchtet."),
    ]
    assert outline(blocks, "Grippe", "de") == [
        ("Ursachen", 2, "causes"),
        ("Komplikationen", 2, "complications"),
    ]
    assert outline(blocks, "Grippe", "en") == [("Ursachen", 2, "other"), ("Komplikationen", 2, "other")]


GERMAN = (
    "Die Grippe ist eine akute Infektion der Atemwege, die von Influenzaviren ausgelöst wird. Sie beginnt "
    "meist plötzlich und ist deutlich schwerer als eine Erkältung, und sie tritt vor allem im Winter auf. "
    "Die Viren werden durch Tröpfchen übertragen, die beim Husten oder Niesen entstehen, und sie können "
    "auch über die Hände weitergegeben werden."
)


def test_language_comes_from_the_text_when_it_says_so_clearly_else_from_the_page():
    assert page_language("de-DE", GERMAN) == "de"
    assert page_language("en-US", GERMAN) == "de"  # a theme's default lang, never changed by the site
    assert page_language("fr_FR", "") == "fr"
    assert page_language("it", "") == "en"  # no Italian vocabulary: English
    assert page_language(None, "Gout hurts.") == "en"


def test_german_page_end_to_end_labels_and_disclaimer():
    page = f"""<html lang="de"><head><title>Grippe</title></head><body><article><h1>Grippe</h1>
    <p><b>Andere Namen:</b> Influenza, Virusgrippe</p><p>{GERMAN}</p>
    <h2>Behandlung</h2><p>Bettruhe und viel trinken helfen den meisten Erkrankten schon nach wenigen Tagen.</p>
    <p>Hinweis: Dieser Artikel ersetzt keinen Besuch beim Arzt.</p></article></body></html>"""
    record = process(page.encode(), "grippe.html")
    assert record.alternative_names == ["Influenza", "Virusgrippe"]
    assert [(s.heading, s.kind) for s in record.sections] == [
        (None, "description"),
        ("Behandlung", "treatment"),
    ]
    assert record.disclaimer == "Dieser Artikel ersetzt keinen Besuch beim Arzt."


@pytest.mark.parametrize(
    "written",
    [
        "Symptoms¶",
        "Symptoms ¶",
        "# Symptoms",
        "Symptoms #",
        "Symptoms 🔗",
        "Symptoms🔗\ufe0f",
        "Symptoms Link to this section",
        "Link to this heading Symptoms",
    ],
)
def test_headings_lose_permalink_marks(written):
    assert outline([HeadingBlock(written, 2), para("A rash appears.")]) == [("Symptoms", 2, "symptoms")]


def test_a_hash_that_is_part_of_the_words_stays():
    for written in ("#1 cause of blindness", "# 1 cause of blindness"):
        assert outline([HeadingBlock(written, 2), para("Cataract.")])[0][0] == written


def test_faq_questions_written_as_paragraphs_each_hold_their_answer():
    blocks = [
        HeadingBlock("Treatment", 2),
        para("Rest helps. Why? Because the body heals itself."),
        HeadingBlock("Frequently asked questions", 2),
        para("Is measles contagious?"),
        para("Very: nine in ten close contacts who are not immune catch it."),
        para("What causes measles?", bold=True),
        para("A virus of the paramyxovirus family."),
        para("Adults can catch it too."),
        HeadingBlock("Sources", 2),
        para("Is this the end? Yes, it is."),
    ]
    assert outline(blocks) == [
        ("Treatment", 2, "treatment"),
        ("Frequently asked questions", 2, "faq"),
        ("Is measles contagious?", 3, "faq"),
        ("What causes measles?", 3, "faq"),  # an FAQ's entries are faq, whatever they ask about
        ("Sources", 2, "other"),
    ]
    sections = structure(blocks, "Measles").sections
    assert [b.text for b in sections[3].blocks] == [
        "A virus of the paramyxovirus family.",
        "Adults can catch it too.",
    ]


def test_questions_outside_an_faq_stay_paragraphs():
    out = structure([HeadingBlock("Symptoms", 2), para("Is it serious?"), para("Rarely.")], "Measles")
    assert [(s.heading, [b.text for b in s.blocks]) for s in out.sections] == [
        ("Symptoms", ["Is it serious?", "Rarely."])
    ]


def test_faq_with_details_elements_end_to_end():
    page = """<html><head><title>Hay fever</title></head><body><article><h1>Hay fever</h1>
    <p>Hay fever is an allergic reaction to pollen that makes the nose, eyes and throat itchy and swollen.
    It is common, it runs in families, and it is worst in spring and summer when the pollen count is high.</p>
    <h2>FAQ</h2>
    <details><summary>Does local honey help?</summary><p>There is no good evidence that it does.</p></details>
    <details><summary>Can it start in adulthood?</summary><p>Yes.</p><ul><li>often after a move</li><li>or a new job</li></ul></details>
    </article></body></html>"""
    sections = process(page.encode(), "hay-fever.html").sections
    assert [(s.heading, s.level, s.kind) for s in sections[1:]] == [
        ("FAQ", 2, "faq"),
        ("Does local honey help?", 3, "faq"),
        ("Can it start in adulthood?", 3, "faq"),
    ]
    assert sections[3].blocks[1].items == ["often after a move", "or a new job"]


def test_list_of_short_items_is_not_taken_for_a_heading_or_intro():
    out = structure(
        [HeadingBlock("Symptoms", 2), para("You may have:"), ListItems(("Fever", "Cough", "Sore eyes"))],
        "Measles",
    )
    block = out.sections[0].blocks[0]
    assert (block.intro, block.items) == ("You may have:", ["Fever", "Cough", "Sore eyes"])


def test_faq_written_as_a_definition_list():
    page = f"""<html lang="en"><head><title>Gout</title></head><body><article><h1>Gout</h1>
    <p>{"Gout is a painful kind of arthritis caused by crystals of uric acid in a joint. " * 4}</p>
    <h2>Common questions</h2><dl><dt>Is gout hereditary?</dt><dd>It can run in families.</dd>
    <dt>Can I drink beer?</dt><dd>Beer makes attacks more likely.</dd></dl>
    <h2>Facts</h2><dl><dt>Peak age</dt><dd>40-60</dd></dl></article></body></html>"""
    sections = process(page.encode(), "gout.html").sections
    assert [(s.heading, s.kind, [b.model_dump() for b in s.blocks]) for s in sections[1:]] == [
        ("Common questions", "faq", []),
        ("Is gout hereditary?", "faq", [{"type": "paragraph", "text": "It can run in families."}]),
        ("Can I drink beer?", "faq", [{"type": "paragraph", "text": "Beer makes attacks more likely."}]),
        ("Facts", "other", [{"type": "list", "intro": None, "items": ["Peak age: 40-60"], "ordered": False}]),
    ]


@pytest.mark.parametrize(
    ("names", "disclaimer"),
    [
        ("Andere Namen: Virusgrippe", "Hinweis: Dieser Text ersetzt nicht die Beratung durch eine Ärztin."),
        (
            "Autres noms : Otite aiguë",
            "Avertissement : Cette page ne remplace pas une consultation médicale.",
        ),
        ("Otros nombres: Ojo rojo", "Aviso: Este artículo no sustituye la consulta con su médico."),
    ],
)
def test_field_labels_and_disclaimers_in_other_languages_leave_the_text(names, disclaimer):
    body = Paragraph(text="Eine Erkrankung. Une maladie. Una enfermedad.")
    section = Section(
        heading=None,
        level=1,
        kind="description",
        blocks=[Paragraph(text=names), body, Paragraph(text=disclaimer)],
    )
    fields = extract_fields([section], None)
    assert fields.alternative_names == [names.split(":")[1].strip()]
    assert fields.disclaimer == disclaimer.split(":", 1)[1].strip()
    assert fields.sections[0].blocks == [body]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Dieser Artikel enthält nur allgemeine Hinweise und kann einen Arztbesuch nicht ersetzen.",
        "Les informations de cette page ne remplacent pas une consultation médicale.",
        "Esta información no puede sustituir la consulta con su médico.",
    ],
)
def test_unlabelled_disclaimers_in_other_languages_speak_of_the_page_and_leave_the_text(disclaimer):
    body = Paragraph(text="Eine Erkrankung der Haut, die in Schüben verläuft und oft jucken kann.")
    section = Section(heading=None, level=1, kind="description", blocks=[body, Paragraph(text=disclaimer)])
    fields = extract_fields([section], None)
    assert fields.disclaimer == disclaimer
    assert fields.sections[0].blocks == [body]


@pytest.mark.parametrize(
    "text",
    [
        "the cat and the dog",
        "l’homme et la femme: c’est le début, et l’été",  # a curly apostrophe cuts words, accents do not
        "der_die 2das und9und, señor y el niño o la niña",  # an underscore and digits are no letters
        "thé the\u00a0the\u2009and\u0301 and",  # a combining accent belongs to the word before it
        "",
    ],
)
def test_stop_word_counts_are_those_of_the_words_a_regex_finds(text):
    from collections import Counter

    from pipeline.language import _ALL_STOP_WORDS, _WORD, _stop_counts

    found = Counter(_WORD.findall(text))
    assert {w: _stop_counts(text)[w] for w in _ALL_STOP_WORDS} == {w: found[w] for w in _ALL_STOP_WORDS}


def test_the_language_sample_is_the_opening_of_the_stream_cut_where_detection_stops_reading():
    whole_page = "Die Symptome der Gicht sind Schmerzen und Schwellungen. " * 500  # one block, 28,000 characters
    blocks = [HeadingBlock("Symptome", 2), ListItems(("Schmerzen", "Rötung")), ParaBlock((Run(whole_page),)), ParaBlock((Run("never read"),))]
    sample = blocks_sample(blocks)
    joined = " ".join(["Symptome", "Schmerzen", "Rötung", whole_page, "never read"])
    assert sample == joined[:_SAMPLE_CHARS]
    assert blocks_sample(blocks[:2]) == "Symptome Schmerzen Rötung"


def test_a_sources_heading_under_a_section_is_no_part_of_it():
    blocks = [
        HeadingBlock(level=2, text="When to see a doctor"),
        ParaBlock(runs=[Run(text="See a doctor if the rash reaches your eye.")]),
        HeadingBlock(level=3, text="References"),
        ParaBlock(runs=[Run(text="Guideline on shingles, 2024.")]),
        HeadingBlock(level=3, text="If it gets worse"),
        ParaBlock(runs=[Run(text="Go to an urgent care centre the same day.")]),
    ]
    kinds = [(s.heading, s.kind) for s in structure(blocks, "Shingles").sections]
    assert kinds == [
        ("When to see a doctor", "when_to_see_doctor"),
        ("References", "other"),
        ("If it gets worse", "when_to_see_doctor"),
    ]
