"""meta: page facts read from the whole tree before cleaning (title, URL, site, language, dates).

Labelled fields anywhere on the page (`field_rows`) are covered in test_schemaorg.py.
"""

from __future__ import annotations

import pytest

from pipeline.meta import page_meta, strip_site_name
from pipeline.models import Limits, PageMeta
from pipeline.parse import parse
from pipeline.profiles import PageScan

HEAD = """<title>Gout: symptoms and treatment | Health Site</title>
<link rel="canonical" href="https://example.org/gout/">
<meta property="og:url" content="https://example.org/?p=12">
<meta property="og:site_name" content="Health Site">
<meta name="description" content="What gout is and how it is treated.">
<meta property="article:published_time" content="2020-01-02T03:04:05+00:00">
<script type="application/ld+json">
{"@type": "MedicalWebPage", "datePublished": "2019-01-01", "dateModified": "2021-05-06"}
</script>"""


def meta(head: str, body: str, lang: str = "") -> PageMeta:
    html = f"<html{f' lang={lang!r}' if lang else ''}><head>{head}</head><body>{body}</body></html>"
    root = parse(html, Limits())
    scan = PageScan(root)
    return page_meta(root, scan.profile(), scan)


def test_page_facts_come_from_head_tags_first_and_json_ld_after():
    facts = meta(HEAD, "<article><h1>Gout</h1><p>Text.</p></article>", lang="en-GB")
    assert facts.url == "https://example.org/gout/"  # the canonical link wins over og:url
    assert facts.site_name == "Health Site"
    assert facts.language == "en-GB"
    assert facts.published == "2020-01-02T03:04:05+00:00"  # the meta tag wins over JSON-LD
    assert facts.modified == "2021-05-06"  # JSON-LD, where no meta tag says it
    assert facts.description == "What gout is and how it is treated."
    assert facts.schema_types == {"MedicalWebPage"}


def test_without_canonical_or_og_site_name_the_fallbacks_answer():
    head = (
        '<title>Gout</title><meta property="og:url" content="https://example.org/gout">'
        '<meta property="og:locale" content="fr_FR">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Santé Info"}]}</script>'
    )
    facts = meta(head, "<h1>Gout</h1>")
    assert (facts.url, facts.site_name, facts.language) == ("https://example.org/gout", "Santé Info", "fr_FR")
    assert facts.published is None and facts.modified is None


def test_a_title_selector_naming_a_class_is_trusted_over_the_blogs_own_h1():
    facts = meta(HEAD, '<h1>Ear Notes</h1><article><h1 class="entry-title">Gout</h1></article>')
    assert facts.title == "Gout"


def test_a_bare_h1_must_agree_with_the_document_title():
    head = '<title>Gout | Health Site</title><meta property="og:site_name" content="Health Site">'
    assert meta(head, "<h1>Gout</h1>").title == "Gout"
    # the blog's name in a bare <h1>: the document title, less the site name, is the title
    assert meta(head, "<h1>Ear Notes</h1>").title == "Gout"


def test_a_bare_h1_naming_the_same_condition_as_the_document_title_glossed_differently_agrees():
    head = "<title>Gürtelrose: Symptome, Ursachen, Behandlung</title>"
    assert meta(head, "<h1>Gürtelrose (Herpes zoster)</h1>").title == "Gürtelrose (Herpes zoster)"
    # a shared opening too short to name anything is no agreement
    head = "<title>How to sleep better - Sleep Notes</title>"
    assert meta(head, "<h1>How (not) to blog</h1>").title == "How to sleep better"


def test_og_title_speaks_for_the_page_before_its_title_tag():
    head = '<title>Home | Health Site</title><meta property="og:title" content="Gout">'
    assert meta(head, "<p>No heading.</p>").title == "Gout"


def test_the_longest_articlebody_of_the_page_structured_data_is_kept():
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "articleBody": "Short."},'
        ' {"@type": "NewsArticle", "articleBody": "The whole article, paragraph after paragraph."}]}</script>'
    )
    assert meta(head, "<p>Shell.</p>").article_body == "The whole article, paragraph after paragraph."
    assert meta(HEAD, "<p>Shell.</p>").article_body is None


def test_a_page_with_no_title_anywhere_has_none():
    assert meta("", "<p>Text.</p>").title is None


@pytest.mark.parametrize(
    "title, site, expected",
    [
        ("Calcinosis cutis | Example Health", "Example Health", "Calcinosis cutis"),
        ("Example Health – Calcinosis cutis", "example health", "Calcinosis cutis"),
        ("Gout: symptoms and treatment » NHS", None, "Gout: symptoms and treatment"),
        ("Gout", "Health Site", "Gout"),
        ("Gout - causes and treatment", None, "causes and treatment"),
    ],
)
def test_strip_site_name(title, site, expected):
    assert strip_site_name(title, site) == expected
