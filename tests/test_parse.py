"""parse: the tree is the one a browser builds, where libxml2 (an HTML4 parser) would differ."""

from __future__ import annotations

import pytest

from pipeline.elements import text_of
from pipeline.models import Limits
from pipeline.parse import parse


def _body(html: str):
    root = parse(f"<html><body>{html}</body></html>", Limits(), None)
    return root.find("body")


@pytest.mark.parametrize("void", ["embed", "source", "track", "wbr", "keygen"])
def test_a_void_element_holds_nothing_and_what_follows_stays_in_order(void):
    body = _body(f"<div><p>Before.</p><{void}><h2>Treatment</h2><p>Rest and ice.</p></div>")
    div = body[0]
    assert [child.tag for child in div] == ["p", void, "h2", "p"]
    assert len(div[1]) == 0 and not div[1].text
    assert text_of(div) == "Before.TreatmentRest and ice."


def test_text_after_a_wbr_is_text_of_its_paragraph():
    p = _body("<p>Hyper<wbr>thyroid<b>ism</b> after.</p>")[0]
    assert p[0].tag == "wbr" and p[0].tail == "thyroid" and text_of(p) == "Hyperthyroidism after."


def test_streamed_parts_take_their_placeholders_places():
    body = _body(
        '<h2>Symptoms</h2><template id="B:0"></template><h2>Treatment</h2>'
        '<div hidden id="S:0"><ul><li>Heel pain</li></ul></div>'
    )
    assert [el.tag for el in body] == ["h2", "div", "h2"]
    assert body[1].attrib == {} and text_of(body[1]) == "Heel pain"


@pytest.mark.parametrize("end", ["</body></html>", "</html>", "</BODY>\n</HTML >", "</body>"])
def test_markup_after_an_early_end_of_the_document_is_still_the_body(end):
    """A theme's header template that closes the page: browsers read on, and so does the tree."""
    page = f"<html><body><header><a href='/'>Home</a></header>{end}\n<article><h1>Gout</h1><p>Uric acid.</p></article>"
    body = parse(page, Limits(), None).find("body")
    assert [child.tag for child in body] == ["header", "article"]
    assert text_of(body).endswith("GoutUric acid.")


def test_a_page_that_ends_where_it_should_is_read_as_it_is():
    page = "<html><body><p>Text.</p></body>\n</html>\n"
    root = parse(page, Limits(), None)
    assert [child.tag for child in root] == ["body"] and text_of(root) == "Text."
