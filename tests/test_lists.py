"""Lists as pages write them: nested lists keep their nesting, short items stay items."""

from __future__ import annotations

import json

from lxml import html

from pipeline import process
from pipeline.blocks import list_items
from pipeline.models import ListBlock, ListItem, ListItems, NestedItem, item_texts

LEAD = (
    "<p>Hay fever is an allergic reaction to pollen that makes the nose, eyes and throat itchy and swollen. "
    "It is common, it runs in families, and it is worst in spring and summer when the pollen count is high. "
    "Most people can control it with medicines from a pharmacy and by keeping away from pollen.</p>"
)


def page(body: str) -> bytes:
    return (
        f"<html><head><title>Hay fever</title></head><body><article><h1>Hay fever</h1>{LEAD}"
        f"<h2>Symptoms</h2>{body}</article></body></html>"
    ).encode()


def first_list(body: str) -> dict:
    record = process(page(body), "hay-fever.html").model_dump(mode="json")
    return next((b for s in record["sections"] for b in s["blocks"] if b["type"] == "list"), {})


def test_a_sub_list_belongs_to_its_item():
    lst = first_list(
        "<ul><li>Nose<ul><li>sneezing</li><li>a blocked nose</li></ul></li>"
        "<li>Eyes<ol><li>itching</li><li>watering</li></ol></li><li>Tiredness</li></ul>"
    )
    assert lst["items"] == [
        {"text": "Nose", "items": ["sneezing", "a blocked nose"], "ordered": False},
        {"text": "Eyes", "items": ["itching", "watering"], "ordered": True},
        "Tiredness",
    ]


def test_flat_lists_stay_plain_strings():
    assert first_list("<ul><li>sneezing</li><li>itchy eyes</li></ul>")["items"] == ["sneezing", "itchy eyes"]


def test_nesting_goes_as_deep_as_the_page():
    lst = first_list("<ol><li>Avoid pollen<ul><li>indoors<ul><li>shut windows</li></ul></li></ul></li></ol>")
    assert lst["ordered"] is True
    assert lst["items"] == [
        {
            "text": "Avoid pollen",
            "items": [{"text": "indoors", "items": ["shut windows"], "ordered": False}],
            "ordered": False,
        }
    ]


def test_a_sub_list_written_between_items_belongs_to_the_item_before_it():
    tree = html.fromstring(
        "<ul><li>Tree pollen</li><ul><li>birch</li><li>oak</li></ul><li>Grass pollen</li></ul>"
    )
    assert list_items(tree) == [NestedItem("Tree pollen", ListItems(("birch", "oak"))), "Grass pollen"]


def test_an_item_with_only_a_sub_list_gives_its_place_to_the_sub_list():
    lst = first_list("<ul><li><ul><li>sneezing</li><li>coughing</li></ul></li><li>Tiredness</li></ul>")
    assert lst["items"] == ["sneezing", "coughing", "Tiredness"]


def test_the_record_shape_validates_and_reads_back():
    block = ListBlock(items=["a", ListItem(text="b", items=["c"], ordered=True)])
    assert ListBlock.model_validate_json(block.model_dump_json()) == block
    assert list(item_texts(block.items)) == ["a", "b", "c"]
    assert list(item_texts(json.loads(block.model_dump_json())["items"])) == ["a", "b", "c"]


def test_items_of_one_or_two_words_in_the_article_flow_are_kept():
    lst = first_list(
        "<p>You might also have:</p><ul><li>Fever</li><li>Headache</li><li>Loss of appetite</li></ul>"
    )
    assert (lst["intro"], lst["items"]) == ("You might also have:", ["Fever", "Headache", "Loss of appetite"])


def test_short_items_that_link_to_their_own_pages_are_kept():
    lst = first_list(
        "<p>You might also have:</p><ul><li><a href='/fever'>Fever</a></li>"
        "<li><a href='/headache'>Headache</a></li><li><a href='/appetite'>Loss of appetite</a></li></ul>"
        "<p>The spots may be harder to see on brown and black skin.</p>"
    )
    assert lst.get("items") == ["Fever", "Headache", "Loss of appetite"]


def test_a_linked_list_under_a_read_more_lead_is_still_dropped():
    page = (
        "<p>Read more:</p><ul><li><a href='/fever'>Fever</a></li>"
        "<li><a href='/headache'>Headache</a></li></ul>"
        "<p>The spots may be harder to see on brown and black skin.</p>"
    )
    assert first_list(page) == {}


def test_a_sub_list_deep_in_wrappers_is_found():
    lst = first_list(
        "<ul><li><div class='item'><p>Nose</p><div><ul><li>sneezing</li></ul></div></div></li></ul>"
    )
    assert lst["items"] == [{"text": "Nose", "items": ["sneezing"], "ordered": False}]
