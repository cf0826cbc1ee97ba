"""Each wording table in vocabulary.py, read by the stage that builds its patterns from it.

The tests walk the tables, so a word, mark or glyph added to one is tested
by the same rule as the ones already there.
"""

from __future__ import annotations

import pytest

from pipeline.dump import dump_blocks
from pipeline.fields import read_field_line
from pipeline.models import ListItems, ParaBlock, Run
from pipeline.structure import structure
from pipeline.text import glue_points, sentences
from pipeline.vocabulary import (
    ABBREVIATIONS,
    BULLETS,
    BULLETS_IN_HTML,
    LABEL_MARKS,
    RELATED_CAPS_LEAD,
    RELATED_LEAD,
    RELATED_LEADS,
)

MARKED = [p for p, ways in RELATED_LEADS.items() if "marked" in ways and "(" not in p]
IN_CAPITALS = [p.replace("['’]?", "'") for p, ways in RELATED_LEADS.items() if "capitals" in ways]


@pytest.mark.parametrize("lead", MARKED)
def test_a_related_lead_followed_by_a_mark_is_one_in_any_case(lead):
    for mark in (*LABEL_MARKS, "»"):
        assert RELATED_LEAD.match(f"{lead.title()}{mark} Ten foods for healthy joints")
        assert RELATED_LEAD.match(f"  {lead.upper()} {mark} Ten foods for healthy joints")
    assert not RELATED_LEAD.match(f"{lead.title()} people than ever get gout.")


@pytest.mark.parametrize("lead", IN_CAPITALS)
def test_a_related_lead_in_capitals_needs_no_mark(lead):
    assert RELATED_CAPS_LEAD.match(f"{lead.upper()} Hong Kong doctors warn of flu")
    assert not RELATED_CAPS_LEAD.match(f"{lead.capitalize()} the video below, then rest.")


def test_a_sentence_opening_with_more_is_prose():
    assert not RELATED_LEAD.match("More than half of people with gout have a second attack.")
    assert not RELATED_CAPS_LEAD.match("MOREOVER, it runs in families.")


@pytest.mark.parametrize("mark", LABEL_MARKS)
def test_every_label_mark_ends_a_field_label(mark):
    assert read_field_line(f"ICD-10{mark} L94.2").codes == [("L94.2", "ICD-10")]
    assert read_field_line(f"Other names{mark} GORD; acid reflux").names == ["GORD", "acid reflux"]


def test_a_name_label_without_a_mark_opens_a_sentence():
    assert read_field_line("Also called flexural psoriasis, this type affects skin folds.") is None


@pytest.mark.parametrize("label", ["Synonyme:", "Synonymes :"])
def test_german_and_french_synonym_labels_are_name_fields(label):
    assert read_field_line(f"{label} Gicht") is not None


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_an_abbreviation_ends_no_sentence(abbreviation):
    assert sentences(f"Ask {abbreviation}. Smith about it. Then rest.") == [
        f"Ask {abbreviation}. Smith about it.",
        "Then rest.",
    ]
    assert glue_points(f"ask {abbreviation}.Smith") == []


@pytest.mark.parametrize("glyph", BULLETS)
def test_a_dump_line_opening_with_a_round_bullet_is_an_item(glyph):
    front = dump_blocks(f"Gout\n\nSymptoms of gout include these ones:\n  {glyph} Joint pain\n  {glyph} Red skin\n")
    assert ListItems(("Joint pain", "Red skin")) in front.blocks


@pytest.mark.parametrize("glyph", sorted(set(BULLETS_IN_HTML) - set(BULLETS)))
def test_in_a_dump_a_line_opening_with_another_glyph_stays_text(glyph):
    front = dump_blocks(f"Gout\n\nSymptoms of gout include these ones:\n  {glyph} Joint pain\n  {glyph} Red skin\n")
    assert not any(isinstance(b, ListItems) for b in front.blocks)


@pytest.mark.parametrize("glyph", BULLETS_IN_HTML)
def test_in_a_paragraph_every_bullet_glyph_marks_an_item(glyph):
    para = ParaBlock((Run(f"Symptoms include:\n{glyph} joint pain\n{glyph} red, swollen skin"),))
    (section,) = structure([para], "Gout").sections
    (block,) = section.blocks
    assert block.type == "list" and block.items == ["joint pain", "red, swollen skin"]
    assert block.intro == "Symptoms include:"


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("ads", "We may earn a commission when you buy through links on our site."),
        ("ads", "This post contains affiliate links."),
        ("ads", "As an Amazon Associate we earn from qualifying purchases."),
        ("ads", "Werbung: Dieser Beitrag enthält Affiliate-Links."),
        ("ads", "Cet article contient des liens affiliés."),
        ("paywall", "Already have an account? Log in"),
        ("paywall", "Sign in to keep reading this story."),
        ("paywall", "Subscribe to unlock this article."),
        ("paywall", "Sie sind bereits Abonnent? Hier anmelden."),
        ("paywall", "Déjà abonné ? Connectez-vous"),
        ("paywall", "¿Ya tienes una cuenta? Inicia sesión"),
    ],
)
def test_each_notice_is_found_by_its_words_and_its_pattern(kind, text):
    """A notice's pattern is searched only when one of its words is there: the words must cover the pattern."""
    from pipeline.vocabulary import NOTICES

    words, pattern = NOTICES[kind]
    assert any(word in text.lower() for word in words) and pattern.search(text)


def test_every_kind_a_call_away_counts_as_is_a_drop_kind():
    from pipeline.profiles.schema import DROP_KINDS
    from pipeline.vocabulary import CALL_URL_STEMS

    assert set(CALL_URL_STEMS) <= set(DROP_KINDS)
