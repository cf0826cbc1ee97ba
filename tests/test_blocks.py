"""blocks: the article element as a flat stream of headings, paragraphs (as bold/roman runs), lists, tables."""

from __future__ import annotations

from pipeline.blocks import article_blocks, body_text_blocks, normalize_runs, plain_text, text_chars
from pipeline.models import HeadingBlock, Limits, ListItems, ParaBlock, Run, TableBlock
from pipeline.parse import parse


def blocks(body: str) -> list:
    root = parse(f"<html><body><article>{body}</article></body></html>", Limits())
    return article_blocks(root.find(".//article"))


def test_inline_markup_is_joined_without_inventing_spaces_and_br_keeps_its_line():
    (para,) = blocks(
        "<p>Carbon dioxide (CO<sub>2</sub>) builds up in the   blood.<br>  It is  breathed out.</p>"
    )
    assert para == ParaBlock((Run("Carbon dioxide (CO2) builds up in the blood.\nIt is breathed out."),))


def test_headings_keep_their_level_and_lose_inner_markup():
    assert blocks("<h2>Signs and <em>symptoms</em></h2><h4>In children</h4>") == [
        HeadingBlock("Signs and symptoms", 2),
        HeadingBlock("In children", 4),
    ]


def test_bold_runs_stay_apart_so_a_bold_lead_in_is_visible():
    (para,) = blocks("<p><strong>Symptoms:</strong> pain and <b>swelling</b>.</p>")
    assert para.runs == (Run("Symptoms:", True), Run(" pain and "), Run("swelling", True), Run("."))
    assert para.label == "Symptoms:" and not para.all_bold
    (styled,) = blocks('<p><span style="font-weight: 700">Causes</span></p>')
    assert styled.all_bold and styled.text == "Causes"


def test_a_definition_list_of_questions_becomes_question_and_answer_paragraphs():
    faq = blocks(
        "<dl><dt>Is it contagious?</dt><dd>No, it is not.</dd><dt>Can it come back?</dt><dd>Yes.</dd></dl>"
    )
    assert [b.text for b in faq] == ["Is it contagious?", "No, it is not.", "Can it come back?", "Yes."]
    assert all(isinstance(b, ParaBlock) for b in faq)


def test_a_definition_list_of_terms_becomes_term_colon_definition_items():
    assert blocks("<dl><dt>Onset</dt><dd>Sudden.</dd><dt>Course</dt><dd>Weeks.</dd></dl>") == [
        ListItems(("Onset: Sudden.", "Course: Weeks."))
    ]


def test_a_data_table_keeps_header_caption_and_rows_but_no_empty_row():
    (table,) = blocks(
        "<table><caption>Doses</caption><thead><tr><th>Age</th><th>Dose</th></tr></thead>"
        "<tbody><tr><td>Child</td><td>5 mg</td></tr><tr><td> </td><td></td></tr>"
        "<tr><td>Adult</td><td>10 mg</td></tr></tbody></table>"
    )
    assert table == TableBlock(
        rows=(("Child", "5 mg"), ("Adult", "10 mg")), header=("Age", "Dose"), caption="Doses"
    )


def test_a_layout_table_is_read_as_the_text_it_holds():
    out = blocks(
        "<table><tr><td><h2>Causes</h2><p>Gout comes from uric acid crystals in a joint.</p></td></tr></table>"
    )
    assert out == [
        HeadingBlock("Causes", 2),
        ParaBlock((Run("Gout comes from uric acid crystals in a joint."),)),
    ]


def test_media_scripts_and_form_fields_give_no_text_and_loose_div_text_is_a_paragraph():
    out = blocks(
        '<div>Loose <em>text</em> in a div<p>A paragraph.</p>tail text</div><img alt="photo">'
        "<script>track()</script><button>Share</button><hr>"
    )
    assert [b.text for b in out] == ["Loose text in a div", "A paragraph.", "tail text"]


def test_preformatted_text_keeps_its_lines():
    (pre,) = blocks("<pre>line 1\n  line 2  </pre>")
    assert pre.text == "line 1\n  line 2"


def test_normalize_runs_collapses_space_across_runs_and_merges_equal_weight():
    runs = [Run("  Pain  "), Run("\n"), Run(" in the", True), Run(" joint ", True), Run("  ")]
    assert normalize_runs(runs) == (Run("Pain\n"), Run("in the joint", True))
    assert normalize_runs([Run("   "), Run("\n")]) == ()


def test_normalize_runs_drops_trailing_runs_left_blank_by_a_line_break():
    # A bold space before a line break is trimmed to nothing and goes; so does a blank run after it.
    runs = [Run("Gout"), Run(" ", True), Run("\n"), Run(" \n ", True)]
    assert normalize_runs(runs) == (Run("Gout"),)
    assert normalize_runs([Run(" ", True), Run("\n"), Run("Long text " * 50)]) == (Run("Long text " * 49 + "Long text"),)


def test_plain_text_spaces_blocks_apart_and_can_leave_lists_out():
    root = parse(
        "<html><body><li>Nose<br>eyes <b>and</b> throat<ul><li>itching</li></ul></li></body></html>", Limits()
    )
    item = root.find(".//li")
    assert plain_text(item) == "Nose eyes and throat itching"
    assert plain_text(item, skip_lists=True) == "Nose eyes and throat"


def test_a_plain_text_article_body_gives_one_paragraph_a_line_with_entities_read():
    body = "Measles spreads  through the air.\n\n  Two doses protect 97 in 100 people &amp; last for life.\nCall first.\n"
    assert body_text_blocks(body) == [
        ParaBlock((Run("Measles spreads through the air."),)),
        ParaBlock((Run("Two doses protect 97 in 100 people & last for life."),)),
        ParaBlock((Run("Call first."),)),
    ]


def test_an_article_body_written_in_html_is_read_as_markup():
    body = "<h2>Symptoms</h2><p>A high fever, then a rash.</p><ul><li>red eyes</li><li>a cough</li></ul>"
    assert body_text_blocks(body) == [
        HeadingBlock("Symptoms", 2),
        ParaBlock((Run("A high fever, then a rash."),)),
        ListItems(("red eyes", "a cough")),
    ]


def test_text_chars_counts_paragraphs_items_and_cells_but_not_headings():
    blocks = [
        HeadingBlock("Symptoms", 2),
        ParaBlock((Run("abcde"),)),
        ListItems(("ab", "cd")),
        TableBlock((("a", "bc"),)),
    ]
    assert text_chars(blocks) == 5 + 4 + 3
