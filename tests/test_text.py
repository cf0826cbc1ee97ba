"""text: glued sentences, sentence splitting, shortcodes."""

from __future__ import annotations

from pipeline.text import sentences, split_glued, strip_shortcodes, unglue


def test_unglue_puts_back_missing_spaces():
    assert unglue("underlying cause.In many cases") == "underlying cause. In many cases"
    assert unglue("CO2 laser.Cyclosporine is") == "CO2 laser. Cyclosporine is"


def test_unglue_leaves_abbreviations_and_codes():
    for text in ("e.g.Paget disease", "the U.S.A", "code L94.2 here", "vitamin D.The", "at 10:30 today"):
        assert unglue(text) == text


def test_split_glued_cuts_blocks():
    assert split_glued("Factors:ICD-10: L94.2.Alternative Name: Dystrophic calcinosis.Calcinosis is") == [
        "Factors:",
        "ICD-10: L94.2.",
        "Alternative Name: Dystrophic calcinosis.",
        "Calcinosis is",
    ]


def test_sentences_respect_abbreviations():
    text = "Causes include e.g. Paget disease. Dr. Smith agrees. Causes may include:"
    assert sentences(text) == ["Causes include e.g. Paget disease.", "Dr. Smith agrees.", "Causes may include:"]


def test_shortcodes_go_but_bracketed_words_stay():
    assert strip_shortcodes("[WpProQuiz 1] Text [caption id=\"a\"]x[/caption]") == ("Text x", 3)
    assert strip_shortcodes("He said [sic] and [citation needed] [1]") == ("He said [sic] and [citation needed] [1]", 0)


def test_glue_points_in_french_and_german_text():
    assert split_glued("Autres noms: Otite aiguë.L'otite est fréquente.") == [
        "Autres noms: Otite aiguë.",
        "L'otite est fréquente.",
    ]
    assert split_glued("Le tympan est percé.Écoulement possible.") == ["Le tympan est percé.", "Écoulement possible."]
    assert split_glued("Siehe z.B. Seite 2.") == ["Siehe z.B. Seite 2."]


def test_a_capitalised_label_in_brackets_is_text_not_a_shortcode():
    """A dictionary's senses carry their field as a bracketed label; a capital does not make it a shortcode."""
    text = "a) [Wirtschaft] Ausstieg aus einer Beteiligung b) [Medizin] Lockerung von Maßnahmen"
    assert strip_shortcodes(text) == (text, 0)
    assert strip_shortcodes('[Gallery ids="4,5"] [TOC] [Update] Neu') == ("[Update] Neu", 2)
