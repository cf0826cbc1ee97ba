"""locate: which element holds the article, on snippets shaped like the templates that trip it.

Scoring, growing, teasers and the lede before the body are also covered in
test_clean_locate.py; these tests take the profile's match, refusals, the
second article of an endless page and what counts as a lede.
"""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.clean import clean_article
from pipeline.elements import text_length, text_of
from pipeline.errors import NoArticleText, PageError
from pipeline.locate import _with_lede, find_by_profile, locate, second_look
from pipeline.models import Limits
from pipeline.parse import parse
from pipeline.profiles import PageScan, generic
from pipeline.thresholds import THRESHOLDS

PARAS = "".join(
    f"<p>Gout paragraph {i} explains, in plain words, how uric acid crystals inflame a joint.</p>"
    for i in range(4)
)
OTHER_POST = "".join(
    f"<p>Another post, paragraph {i}, long enough to weigh as text, with commas, many, of them.</p>"
    for i in range(6)
)
LEDE = "A standfirst that tells the reader, in one long sentence, what the whole article is about."


def root(body: str, body_class: str = "") -> etree._Element:
    return parse(
        f'<html><head><title>Gout</title></head><body class="{body_class}">{body}</body></html>', Limits()
    )


def by_id(tree: etree._Element, ident: str) -> etree._Element:
    return next(el for el in tree.iter() if el.get("id") == ident)


def test_chunks_of_one_body_selector_give_their_common_ancestor():
    tree = root(
        f'<div id="story"><div class="article-body">{PARAS}</div>'
        f'<figure><img src="x.jpg"><figcaption>Photo</figcaption></figure><div class="article-body">{PARAS}</div></div>'
    )
    assert find_by_profile(PageScan(tree), generic()) is by_id(tree, "story")


def test_an_inline_script_beside_the_chunks_does_not_split_the_body():
    """A short first chunk above the photo is still the body's: the ad loader's code is no text a reader sees."""
    loader = "window.adSlots = window.adSlots || []; " * 40
    first = "<p>Gout flares start at night, often in the big toe, and a first one feels like a break.</p>"
    tree = root(
        f'<article id="story"><div class="entry-content">{first}</div><script>{loader}</script>'
        f'<figure><img src="toe.jpg"></figure><div class="entry-content">{PARAS}</div></article>'
    )
    assert find_by_profile(PageScan(tree), generic()) is by_id(tree, "story")


def test_far_apart_matches_give_the_largest_one():
    tree = root(
        '<div><div><div><div class="entry-content"><p>A short teaser box, no article.</p></div></div></div></div>'
        f'<div class="entry-content" id="body">{PARAS}</div>'
    )
    assert find_by_profile(PageScan(tree), generic()) is by_id(tree, "body")


def test_a_body_field_inside_a_footer_is_not_the_article():
    tree = root(
        f'<div id="main">{PARAS}</div><footer><div class="entry-content">{PARAS}{PARAS}</div></footer>'
    )
    assert find_by_profile(PageScan(tree), generic()) is None


def test_a_profile_match_grows_over_sibling_text_but_not_over_a_second_article():
    first = f'<article><h1>First</h1><div class="entry-content" id="first">{PARAS}</div></article>'
    alone = root(f'<div id="feed">{first}<section><div>{OTHER_POST}</div></section></div>')
    scan = PageScan(alone)
    article, used = locate(scan, generic(), find_by_profile(scan, generic()))
    assert article is by_id(alone, "feed") and used == "generic"
    endless = root(f'<div id="feed">{first}<article><h1>Second</h1><div>{OTHER_POST}</div></article></div>')
    scan = PageScan(endless)
    article, _ = locate(scan, generic(), find_by_profile(scan, generic()))
    assert article is by_id(endless, "first")


@pytest.mark.parametrize("body_class", ["search-results", "error404"])
def test_search_and_error_pages_are_refused_before_any_scoring(body_class):
    tree = root(f'<div class="entry-content">{PARAS}</div>', body_class)
    with pytest.raises(PageError, match="search or error page") as err:
        locate(PageScan(tree), generic())
    assert err.value.reason == "no_article"


def test_a_page_without_a_block_of_text_has_no_article():
    with pytest.raises(NoArticleText):
        second_look(root("<div><p>Too short.</p><p>Also short.</p></div>"))


def test_second_look_scores_the_page_for_its_best_block():
    tree = root(
        f'<div class="menu"><a href="/a">Home</a> <a href="/b">About</a></div><div id="text">{PARAS}</div>'
    )
    assert second_look(tree) is by_id(tree, "text")


SPAN_PARAS = "".join(
    f'<div class="blk"><div class="line"><span>Gout paragraph {i} explains, in plain words, '
    f"how uric acid crystals inflame a joint and why it hurts at night.</span></div></div>"
    for i in range(4)
)


def test_paragraphs_written_as_divs_of_spans_vote_for_their_container():
    """A rich-text editor's body (Draft.js: no <p>, text in spans) outweighs a short <p> teaser beside it."""
    tree = root(
        f'<div id="teaser"><p>A short teaser, with a comma, of another post.</p></div><div id="text">{SPAN_PARAS}</div>'
    )
    assert second_look(tree) is by_id(tree, "text")


def test_a_layout_of_short_span_labels_does_not_vote():
    """Labels and buttons are <div>s of <span>s too: under a paragraph's length they stay silent."""
    labels = "".join(
        f'<div class="card"><span>Opening hours, Lakeside clinic {i}, Monday to Friday</span></div>' for i in range(12)
    )
    tree = root(f'<div id="cards">{labels}</div><div id="text">{PARAS}</div>')
    assert second_look(tree) is by_id(tree, "text")


def test_a_lede_written_in_a_div_is_taken_in_as_a_paragraph():
    tree = root(f'<div><h1>Gout</h1><div class="intro-x">{LEDE}</div><div id="body">{PARAS}</div></div>')
    article = _with_lede(by_id(tree, "body"), THRESHOLDS)
    assert article[0].tag == "p" and text_of(article[0]) == LEDE
    assert text_length(article) > len(LEDE) + 300


def test_a_lede_named_teaser_that_links_nowhere_is_taken_and_kept():
    """News templates call the standfirst a "teaser"; teasers of other posts link to them, this one does not."""
    tree = root(
        f'<div class="news"><h1>Gout</h1><div class="news-teaser">{LEDE}</div><div id="body">{PARAS}</div></div>'
    )
    article = _with_lede(by_id(tree, "body"), THRESHOLDS)
    clean_article(article, generic())
    assert text_of(article).startswith(LEDE)


def test_a_linked_teaser_before_the_body_is_no_lede():
    teaser = f'<div class="news-teaser"><a href="/other-post">{LEDE}</a></div>'
    tree = root(f'<div><h1>Gout</h1>{teaser}<div id="body">{PARAS}</div></div>')
    assert LEDE not in text_of(_with_lede(by_id(tree, "body"), THRESHOLDS))


def test_a_caption_beside_a_picture_is_no_lede():
    caption = "A long caption under the photo that says what the picture shows, in some detail."
    tree = root(
        f'<div><h1>Gout</h1><div><img src="toe.jpg"><p>{caption}</p></div><div id="body">{PARAS}</div></div>'
    )
    assert caption not in text_of(_with_lede(by_id(tree, "body"), THRESHOLDS))


def test_a_teaser_that_repeats_the_body_opening_is_no_lede():
    opening = (
        "Gout paragraph 0 explains, in plain words, how uric acid crystals inflame a joint, said a teaser."
    )
    tree = root(f'<div><h1>Gout</h1><p>{opening}</p><div id="body">{PARAS}</div></div>')
    assert text_of(_with_lede(by_id(tree, "body"), THRESHOLDS)).count("Gout paragraph 0") == 1
