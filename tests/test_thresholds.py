"""Thresholds: the one place the stages' cut-offs live; a changed field changes what the stage does.

Each test runs a stage (or process()) on the same input with the default
settings and with one field changed, and shows the stage obeys the field:
a constant left behind in a stage module would make the second run behave
like the first.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from pipeline import PageError, process
from pipeline.blocks import article_blocks
from pipeline.clean import clean_article
from pipeline.elements import text_of
from pipeline.models import Limits, ParaBlock, TableBlock
from pipeline.parse import parse
from pipeline.profiles import generic
from pipeline.thresholds import THRESHOLDS, Thresholds
from tests.conftest import page

# One paragraph of 180 characters, no heading: under both minimum sizes.
SHORT = (
    "Gout is a form of arthritis in which uric acid crystals collect in a joint, most often the big toe, "
    "and make it hot, red and so painful that even a bed sheet on it hurts during a flare."
)


def test_a_short_page_is_refused_by_default_with_the_record_minimum_named():
    with pytest.raises(PageError) as err:
        process(page(f"<div><p>{SHORT}</p></div>"), "short.html")
    assert err.value.reason == "no_article"


def test_smaller_minimum_sizes_let_a_short_page_through():
    small = replace(THRESHOLDS, located_chars=100, record_chars=100)
    record = process(page(f"<div><p>{SHORT}</p></div>"), "short.html", thresholds=small)
    assert [b.text for s in record.sections for b in s.blocks] == [SHORT]


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"located_chars": 100}, f"only {len(SHORT)} characters of article text (at least 250)"),
        ({"record_chars": 100}, "no block of article text found"),
    ],
)
def test_the_two_minimum_sizes_are_two_rules(changed, message):
    """A block worth taking (locate) and a record worth writing (process) are judged apart."""
    with pytest.raises(PageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        process(page(f"<div><p>{SHORT}</p></div>"), "short.html", thresholds=replace(THRESHOLDS, **changed))


def _article(body: str):
    return parse(f"<html><body><article>{body}</article></body></html>", Limits()).find(".//article")


def test_article_cleaning_obeys_the_link_block_size():
    link = '<p><a href="/other">Another page of this site about joint pain in winter</a></p>'
    body = f"<p>{SHORT}</p>{link}"
    default = _article(body)
    clean_article(default, generic())
    assert "Another page" not in text_of(default)
    kept = _article(body)
    clean_article(kept, generic(), replace(THRESHOLDS, link_block_chars=20))
    assert "Another page" in text_of(kept)


def test_blocks_obey_the_layout_table_size():
    table = f"<table><tr><td><p>{SHORT}</p></td><td>x</td></tr>" + "<tr><td>a</td><td>b</td></tr>" * 2 + "</table>"
    assert isinstance(article_blocks(_article(table))[0], TableBlock)
    laid_out = article_blocks(_article(table), replace(THRESHOLDS, layout_table_chars=100))
    assert isinstance(laid_out[0], ParaBlock)


def test_the_settings_cannot_be_changed_in_place():
    """Stages share the default instance: editing it would change every later page."""
    with pytest.raises(FrozenInstanceError):
        THRESHOLDS.record_chars = 10  # type: ignore[misc]
    assert Thresholds() == THRESHOLDS
