"""The learned judge (pipeline/judge.py): the shipped trees, what it takes at an article's edges, what it never takes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html
from pydantic import ValidationError

from pipeline import process
from pipeline.judge import (
    MODEL_PATH,
    Article,
    JudgeModel,
    _spare_headings,
    call_kind,
    features,
    judge_article,
    load_model,
    units,
)
from pipeline.models import Record
from pipeline.thresholds import THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "judge_cases.json"
EDGES_PAGE = ROOT / "tests" / "pages" / "shapes" / "unnamed-edges.html"
BODY = (
    "<p>Tinnitus is hearing a sound that does not come from outside the body: a ringing, buzzing or hissing"
    " that may come and go. About one adult in seven has it at some point, and for most it is a nuisance.</p>"
    "<p>It usually follows damage to the tiny hair cells of the inner ear, from loud noise or from the slow"
    " hearing loss that comes with age; earwax, an infection or some medicines can cause it too.</p>"
)
TAGS_LINE = (
    '<div class="pf-row">Filed under <a href="/t/hearing">hearing</a>, <a href="/t/ears">ears</a>,'
    ' <a href="/t/tinnitus">tinnitus</a></div>'
)


def article_of(inner: str) -> html.HtmlElement:
    return html.fromstring(f"<html><body><div class='pf-col'>{inner}</div></body></html>").find(".//div")


def record_text(record: Record) -> str:
    return record.model_dump_json()


def page(inner: str) -> bytes:
    return f"<html><head><title>Tinnitus</title></head><body><div class='pf-col'><h1>Tinnitus</h1>{inner}</div></body></html>".encode()


# ------------------------------------------------------------------ the model


def test_the_plain_trees_give_scikit_learns_probabilities() -> None:
    """tools/train_judge.py saved these rows with the library's own predict_proba."""
    model = load_model()
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(cases) >= 100
    assert max(abs(model.boilerplate(c["row"]) - c["boilerplate"]) for c in cases) < 1e-9
    assert {c["boilerplate"] >= 0.5 for c in cases} == {True, False}


def test_a_model_file_for_other_features_is_refused() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    with pytest.raises(ValidationError, match=r"not the ones judge\.py computes"):
        JudgeModel.model_validate({**data, "features": data["features"][:-1]})
    tree = data["trees"][0]
    with pytest.raises(ValidationError, match="child index"):
        JudgeModel.model_validate({**data, "trees": [{**tree, "left": [len(tree["left"]), *tree["left"][1:]]}]})


def test_the_features_are_the_models() -> None:
    model = load_model()
    article = Article.of(article_of(BODY + TAGS_LINE))
    assert len(features(article, 2, model.name_words)) == len(model.features)


# ---------------------------------------------------------------- the blocks


def test_units_are_text_blocks_whole_lists_and_leaf_wrappers_in_page_order() -> None:
    root = article_of(
        "<h2>Symptoms</h2><div><p>one</p><ul><li>a</li><li>b</li></ul></div><div class='note'>leaf <b>text</b></div>"
    )
    assert [el.tag for el in units(root)] == ["h2", "p", "ul", "div"]


def test_the_edges_are_judged_and_between_them_only_blocks_of_links() -> None:
    article = Article.of(
        article_of(f"<p>Short lead.</p>{BODY}<p>A short line between.</p>{TAGS_LINE}{BODY}{TAGS_LINE}")
    )
    assert article.edges() == [0, 7]
    assert article.judged() == [0, 4, 7]  # the tags row between the paragraphs, not the short line


# ------------------------------------------------------------- what it takes


def test_furniture_after_the_last_paragraph_goes_and_the_article_stays() -> None:
    record = process(EDGES_PAGE.read_bytes(), EDGES_PAGE.name)
    text = record_text(record)
    for gone in ("Was this article useful", "Filed under", "All rights reserved"):
        assert gone not in text
    # The feedback prompt's links go to /feedback: the hand rule before the model takes it.
    assert record.extraction.removed["boilerplate"] == 2 and record.extraction.removed["feedback"] == 1
    assert [s.heading for s in record.sections] == [None, "Symptoms", "Treatment", "When to see a GP"]
    assert "Get help urgently" in text and "a sound that beats in time with the pulse" in text


def test_above_one_the_judge_is_off() -> None:
    off = process(EDGES_PAGE.read_bytes(), EDGES_PAGE.name, thresholds=replace(THRESHOLDS, judge_boilerplate=2.0))
    assert "boilerplate" not in off.extraction.removed and "Filed under" in record_text(off)


# ------------------------------------------------ calls away, by their links


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("https://example.org/en/newsletter/?refer=article33405", "newsletter"),
        ("http://eepurl.com/buWLN9", "newsletter"),
        ("https://steadyhq.com/en/verfassungsblog", "related"),
        ("https://apps.apple.com/us/app/nation-news/id887959854", "related"),
        ("https://play.google.com/store/apps/details?id=com.example", "related"),
        ("https://www.example.com/contact/letters", "feedback"),
        ("https://t.me/guatemalacom", "share"),
        ("https://www.instagram.com/bbcnewsbeat/", "share"),
        ("https://de.linkedin.com/company/iot-analytics/", "share"),
    ],
)
def test_a_link_that_calls_the_reader_away_is_known_by_its_address(href: str, kind: str) -> None:
    assert call_kind(href) == kind


@pytest.mark.parametrize(
    "href",
    [
        "https://twitter.com/BBCNewsbeat/status/1229380710575824896",  # a post the article cites
        "https://www.youtube.com/watch?v=nKW8Ndu7Mjw",  # a video it shows
        "https://www.linkedin.com/in/nigel-price-b4215312",  # a person it quotes
        "https://example.org/2024/03/gout-and-diet/?utm_medium=newsletter",  # an article, come by newsletter
        "https://register.awmf.org/de/leitlinien/detail/033-050",  # a source
        "/fuss/fersensporn/",
    ],
)
def test_a_link_to_a_post_a_person_or_a_page_calls_nowhere(href: str) -> None:
    assert call_kind(href) is None


FOLLOW = '<p>Follow us on <a href="https://www.instagram.com/soundwell/">Instagram</a> for daily tips.</p>'


def test_an_edge_block_whose_every_link_calls_away_goes_wherever_the_model_stands() -> None:
    app = '<p>Get our app: <a href="https://play.google.com/store/apps/details?id=x">Android</a></p>'
    root = article_of(f"{app}{BODY}{FOLLOW}")
    removed = judge_article(root, replace(THRESHOLDS, judge_boilerplate=2.0))  # the model off: the rule still runs
    assert removed.counts == {"related": 1, "share": 1}
    assert "Instagram" not in root.text_content() and "hair cells" in root.text_content()


def test_a_call_between_the_body_paragraphs_or_beside_another_link_stays() -> None:
    cited = FOLLOW.replace("</p>", ' See <a href="https://www.nidcd.nih.gov/health/tinnitus">the NIDCD</a>.</p>')
    for inner in (f"{BODY}{FOLLOW}{BODY}", f"{BODY}{cited}"):
        root = article_of(inner)
        assert judge_article(root, replace(THRESHOLDS, judge_boilerplate=2.0)).counts == {}
    root = article_of(f"{BODY}{FOLLOW}")
    assert judge_article(root, replace(THRESHOLDS, judge_boilerplate=2.0, call_block_chars=0)).counts == {}


# ------------------------------------------------------- what it never takes


def test_a_named_section_at_the_end_is_kept_whole() -> None:
    """'Symptoms' and the short lines under it sit after the last long paragraph: the vocabulary names it.

    Whatever follows in that section stays too (the tags line here): a
    leak is the price of never losing a symptom.
    """
    inner = f"{BODY}<h2>Symptoms</h2><p>Ringing.</p><p>Buzzing.</p>{TAGS_LINE}"
    record = process(page(inner), "t.html")
    symptoms = next(s for s in record.sections if s.heading == "Symptoms")
    assert [b.text for b in symptoms.blocks][:2] == ["Ringing.", "Buzzing."]  # type: ignore[union-attr]
    unnamed = process(page(inner.replace("Symptoms", "Our view")), "t.html")
    assert "Filed under" not in record_text(unnamed)  # the judge would take the tags line there
    root = article_of(inner)  # even a judge that calls every edge block boilerplate takes nothing of it
    assert judge_article(root, replace(THRESHOLDS, judge_boilerplate=0.0)).counts == {}
    assert len(units(root)) == 6


def test_a_bold_line_naming_a_section_heads_it_whatever_its_markup() -> None:
    """Found by the property tests: a last section headed by <p><strong>Risk factors</strong></p>
    lost its heading (the judge took it for a stray bold line) and ran into the section above."""
    inner = f"{BODY}<p><strong>Risk factors</strong></p><p>Loud work.</p><p><b>Share</b></p>{TAGS_LINE}"
    record = process(page(inner), "t.html")
    assert [s.heading for s in record.sections][-1] == "Risk factors"
    root = article_of(inner)
    judge_article(root, replace(THRESHOLDS, judge_boilerplate=0.0))
    assert [t.text_content() for t in root.iter("strong")] == ["Risk factors"]


def test_a_list_that_is_not_links_is_never_judged() -> None:
    root = article_of(f"{BODY}<ul><li>ringing</li><li>buzzing</li></ul>")
    removed = judge_article(root, replace(THRESHOLDS, judge_boilerplate=0.0))
    assert removed.counts == {} and root.find(".//ul") is not None


def test_a_heading_over_a_kept_answer_stays() -> None:
    """Doomed on its own score, a question stays when the answer under it stays; and so does its heading."""
    root = article_of(f"{BODY}<h2>FAQ</h2><h3>Can I fly with it?</h3><p>Yes, most people can fly.</p>")
    article = Article.of(root)
    assert [article.blocks[i].tag for i in article.edges()] == ["h2", "h3", "p"]
    doomed = {2: 0.9, 3: 0.8}
    _spare_headings(article, doomed)
    assert doomed == {}
    doomed = {2: 0.9, 3: 0.8, 4: 0.7}  # the answer goes: so may its question
    _spare_headings(article, doomed)
    assert doomed == {2: 0.9, 3: 0.8, 4: 0.7}


def test_field_labels_and_disclaimers_are_left_to_the_fields() -> None:
    root = article_of(
        "<dl><dt>ICD-10</dt><dd>M10.9</dd><dt>Also called</dt><dd>gouty arthritis</dd></dl>"
        f"{BODY}<p>This information is not a substitute for professional medical advice.</p>"
    )
    removed = judge_article(root, replace(THRESHOLDS, judge_boilerplate=0.0))
    assert removed.counts == {}


def test_it_never_takes_most_of_the_article_nor_leaves_too_little() -> None:
    root = article_of("<p>A line.</p><p>Another line.</p><p>A third line of text.</p>")
    removed = judge_article(root, replace(THRESHOLDS, judge_boilerplate=0.0))
    assert removed.counts == {} and len(units(root)) == 3
