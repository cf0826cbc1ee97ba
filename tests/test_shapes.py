"""The whole article survives the shapes that used to cut it short.

Each page in tests/pages/shapes/ is one shape the locator met on real sites:
sections in sibling page-builder blocks, an article broken by a newsletter
box, a standfirst outside the body container, a "blog" body class on an
article, a layout wrapped in <aside> with a collapsed accordion, and a true
listing of teasers; a sidebar widget that a selector takes for the article,
a script-rendered blog whose post is only in <noscript>, and a one-sentence
photo post on a page that declares itself an article, and a React page whose
sections were streamed late into hidden parts, and an <embed> (a void element
libxml2 reads as a container) before the Treatment section, a page built by
script whose article is only in its JSON-LD articleBody, a SPIP article
above a readers' forum longer than itself, a post
written by a rich-text editor (no <p>: each paragraph a <div> of <span>s),
an intro of five paragraphs, short ones among them, in a box of its own
before the body container; tab panels
hidden but the first (one of them short), an FAQ accordion whose questions are
buttons in headings over short hidden answers, "Read more" toggles before collapsed
text, sections in <details>, sections each in a <section> beside a sticky table of
contents under an "At a glance" box, a fact sheet whose headings are bold
paragraphs, a Drupal "paragraphs" layout with a call to action between
sections, a syndicated encyclopedia page (each section a sibling card, the
alternative names a section of their own), a page whose every class name
a CSS-in-JS build generated (no class word to go by) with a feedback widget
between its sections, a clinic library page (a contents column, each section a
card of question subheadings, an ad slot and a care promo between cards,
references hidden behind a button), a German condition page (its <h1> and
<title> gloss one name differently; a short overview box; sources under the
last section; a disclaimer worded in German), and a German article closed by calls to
support the site, subscribe, follow it and get its app, worded in no
phrase list but linking where such calls link. Each article page gives exactly its golden record
(tests/golden/shapes/), and every paragraph and list item of its article
is in it. Regenerate the goldens with `python -m tests.test_shapes --update`
and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline import PageError, process

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages" / "shapes"
GOLDEN = ROOT / "tests" / "golden" / "shapes"
LISTINGS = {"teaser-listing.html"}
SHORT = {"short-post.html"}  # one sentence: the whole-article checks need three blocks
SCRIPT_BUILT = "script-built-article.html"  # its HTML is a shell: the article is in its JSON-LD
ARTICLES = sorted(p for p in PAGES.glob("*.html") if p.name not in {*LISTINGS, *SHORT, SCRIPT_BUILT})
# Blocks of the page that are not the article, by class.
FURNITURE = (
    "site-top",
    "menu",
    "bottom",
    "newsletter-signup",
    "promo-box",
    "side",
    "byline",
    "share-tools",
    "top-menu",
    "more-reading",
    "shell-menu",
    "nav",
    "forum",
    # the pages of tabs, accordions, expanders, a sticky table of contents and a fact sheet
    "cookie-bar",
    "consent-banner",
    "cookie-alert",
    "ot-banner",
    "eu-cookie-compliance-banner",
    "crumbs",
    "breadcrumb",
    "page-toc",
    "page-review",
    "dateline",
    "related-links",
    "comments-area",
    "site-header",
    "tab-list",
    "gx-end",
    # the syndicated encyclopedia page
    "page-actions",
    "related-topics",
    "site-footer",
    # the page whose class names a CSS-in-JS build generated: its menu, feedback widget, teasers, footer
    "css-n0v1",
    "css-c7a",
    "css-r3l4",
    "css-f00t",
    # the clinic library page: its menu, contents column, ad slot, care promo, hidden references, footer
    "mega-menu",
    "toc-col",
    "ad-slot",
    "promo-care",
    "references",
    "global-footer",
    # the German condition page: its menu, consent banner, contents, "read also" box, newsletter, sidebar, footer
    "site-head",
    "cmp-banner",
    "inhalt",
    "teaser-box",
    "newsletter",
    "sidebar",
    "site-foot",
    "hinweis",  # its disclaimer, checked apart: the label "Wichtiger Hinweis:" leaves with it
)


def render(path: Path) -> str:
    record = process(path.read_bytes(), str(path.relative_to(ROOT)))
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def article_texts(path: Path) -> list[str]:
    """Every paragraph and list item of the page that no furniture block holds."""
    tree = lxml_html.fromstring(path.read_bytes())
    out = []
    for el in tree.iter("p", "li"):
        classes = {c for a in (el, *el.iterancestors()) for c in (a.get("class") or "").split()}
        if classes.isdisjoint(FURNITURE):
            out.append(" ".join(el.text_content().split()))
    return out


def record_text(record) -> str:
    parts = []
    for section in record.sections:
        for block in section.blocks:
            if block.type == "paragraph":
                parts.append(block.text)
            elif block.type == "list":
                parts.extend(block.items)
    return "\n".join(parts)


def kept_text(record) -> str:
    """Every text of the record in order, with no white space: headings, paragraphs, list intros and items,
    the disclaimer, the alternative names.

    A paragraph of the page may become a heading (a bold-only line), the
    disclaimer, or a paragraph and the intro of the list after it (its last
    sentence, "They may include:"); read without spaces, it is kept all the same.
    """
    parts = [record.disclaimer or "", "; ".join(record.alternative_names)]
    for section in record.sections:
        parts.append(section.heading or "")
        for block in section.blocks:
            if block.type == "paragraph":
                parts.append(block.text)
            elif block.type == "list":
                parts.extend([block.intro or "", *block.items])
    return "".join("".join(parts).split())


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_paragraph_and_item_of_the_article_is_kept(path: Path):
    text = kept_text(process(path.read_bytes(), path.name))
    expected = article_texts(path)
    assert len(expected) >= 3
    missing = [t for t in expected if "".join(t.split()) not in text]
    assert not missing


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_shape_page_matches_golden(path: Path):
    assert render(path) == (GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_no_furniture_is_kept(path: Path):
    record = process(path.read_bytes(), path.name)
    text = record_text(record)
    for leak in ("Subscribe", "Book now", "All rights reserved", "By Dana Reyes", "Do mouthguards help"):
        assert leak not in text


def test_a_spip_article_is_its_lead_and_body_without_the_readers_forum_below():
    """SPIP's own markup places the article; scored alone, the page's longer forum pulled the region wide."""
    record = _record("spip-article.html")
    assert record.extraction.profile == "spip"
    text = record_text(record)
    assert text.startswith("Chaque hiver, la grippe touche")  # the lead (.chapo), before the body
    assert "vitamine C" not in text and "infarctus" not in text


def _record(name: str):
    """The record of one shape page."""
    path = PAGES / name
    return process(path.read_bytes(), path.name)


def _outline(name: str) -> list[tuple[str | None, str]]:
    return [(s.heading, s.kind) for s in _record(name).sections]


def test_every_tab_panel_is_a_section_in_order_the_hidden_short_one_too():
    """Tabs hide all panels but the first (hidden, aria-hidden, display:none); the one-paragraph Diagnosis tab is short."""
    assert _outline("tab-panels.html") == [
        ("What is tonsillitis?", "description"),
        ("Symptoms of tonsillitis", "symptoms"),
        ("What causes tonsillitis?", "causes"),
        ("How is tonsillitis diagnosed?", "diagnosis"),
        ("How is tonsillitis treated?", "treatment"),
    ]


def test_accordion_questions_written_as_buttons_head_their_hidden_answers():
    sections = _record("faq-accordion.html").sections
    start = next(i for i, s in enumerate(sections) if s.heading == "Frequently asked questions")
    entries = [s for s in sections[start + 1 :] if s.level > sections[start].level]
    assert all(s.kind == "faq" for s in entries)
    assert [s.heading for s in entries] == [
        "How do head lice spread?",
        "Does my child need to stay home from school?",
        "Do I need to wash all the bedding and clothes?",
        "Why does the treatment not seem to work?",
        "Can I prevent head lice?",
    ]
    assert all(s.blocks for s in entries)


def test_read_more_toggles_leave_no_paragraph_and_the_collapsed_rest_is_kept():
    record = _record("read-more-toggles.html")
    texts = [b.text for s in record.sections for b in s.blocks if b.type == "paragraph"]
    assert "Read more" not in texts
    assert any(t.startswith("The Epley manoeuvre") for t in texts)


def test_an_encyclopedia_page_gives_every_section_and_its_names_section_as_the_field():
    """A.D.A.M.-style pages, as hospital libraries syndicate them: a card per section, "Alternative Names" last."""
    assert _outline("encyclopedia-sections.html") == [
        (None, "description"),
        ("Causes", "causes"),
        ("Symptoms", "symptoms"),
        ("Exams and Tests", "diagnosis"),
        ("Treatment", "treatment"),
        ("Outlook (Prognosis)", "prognosis"),
        ("When to Contact a Medical Professional", "when_to_see_doctor"),
        ("Prevention", "prevention"),
        ("References", "other"),
    ]
    record = _record("encyclopedia-sections.html")
    assert record.alternative_names == ["Verruca plantaris", "Warts - plantar"]
    assert record.disclaimer and record.disclaimer.startswith("The information provided herein")


def test_generated_class_names_leave_structure_to_decide_and_the_feedback_question_goes():
    """No class word says article or furniture; a "Was this helpful?" left without its buttons is no paragraph."""
    assert _outline("css-module-classes.html") == [
        (None, "description"),
        ("What causes shin splints?", "causes"),
        ("Symptoms", "symptoms"),
        ("Treatment", "treatment"),
        ("When to see a doctor", "when_to_see_doctor"),
        ("The bottom line", "other"),
    ]
    assert "Was this helpful" not in record_text(_record("css-module-classes.html"))


def test_a_clinic_library_page_keeps_every_card_and_its_question_subheadings_in_order():
    assert _outline("clinic-section-cards.html") == [
        (None, "description"),
        ("Overview", "description"),
        ("What is trigger finger?", "description"),
        ("Who does it affect?", "risk_factors"),
        ("Symptoms and Causes", "symptoms"),
        ("What are the symptoms of trigger finger?", "symptoms"),
        ("What causes trigger finger?", "causes"),
        ("Diagnosis and Tests", "diagnosis"),
        ("Management and Treatment", "treatment"),
        ("Outlook / Prognosis", "prognosis"),
        ("Living With", "living_with"),
        ("When should I see my healthcare provider?", "when_to_see_doctor"),
    ]
    record = _record("clinic-section-cards.html")
    assert [(c.code, c.status) for c in record.icd10] == [("M65.3", "valid")]
    assert record.alternative_names == ["Stenosing tenosynovitis"]
    assert "Care at Health Essentials Clinic" not in record_text(record)


def test_a_german_condition_page_takes_its_h1_as_title_its_disclaimer_apart_and_its_sources_as_their_own():
    record = _record("german-condition-page.html")
    assert record.title == "Gürtelrose (Herpes zoster)"
    assert [(s.heading, s.kind) for s in record.sections][1:] == [
        ("Kurzübersicht", "description"),
        ("Was ist Gürtelrose?", "description"),
        ("Symptome", "symptoms"),
        ("Ursachen und Risikofaktoren", "causes"),
        ("Behandlung", "treatment"),
        ("Wann zum Arzt?", "when_to_see_doctor"),
        ("Quellen", "other"),
    ]
    assert record.disclaimer and record.disclaimer.endswith("Er kann einen Arztbesuch nicht ersetzen.")
    assert "Lesen Sie auch" not in record_text(record)


def test_sections_in_details_accordions_keep_their_order_and_kinds():
    assert _outline("details-accordion.html") == [
        (None, "description"),
        ("Check if you have bursitis", "symptoms"),
        ("Causes of bursitis", "causes"),
        ("Things you can do to ease bursitis", "treatment"),
        ("When to see a GP", "when_to_see_doctor"),
        ("Treatment from a GP", "treatment"),
        ("How to prevent bursitis", "prevention"),
    ]


def test_a_listing_of_teasers_is_still_refused():
    with pytest.raises(PageError) as err:
        process((PAGES / "teaser-listing.html").read_bytes(), "teaser-listing.html")
    assert err.value.reason == "no_article"


def test_a_short_post_that_declares_itself_an_article_gives_its_sentence():
    record = _record("short-post.html")
    assert record_text(record) == "The new sound-proof booth makes hearing tests quieter and shorter."
    assert render(PAGES / "short-post.html") == (GOLDEN / "short-post.json").read_text(encoding="utf-8")


OG_ARTICLE = b'<meta property="og:type" content="article">'
SINGLE_POST = b'class="post-template-default single single-post"'


def test_the_same_short_text_without_the_declaration_is_refused():
    data = (PAGES / "short-post.html").read_bytes().replace(OG_ARTICLE, b"").replace(SINGLE_POST, b'class="page"')
    with pytest.raises(PageError) as err:
        process(data, "short-post.html")
    assert err.value.reason == "no_article"


def test_a_wordpress_single_post_view_declares_its_short_text_an_article_without_og_type():
    data = (PAGES / "short-post.html").read_bytes().replace(OG_ARTICLE, b"")
    assert SINGLE_POST in data
    record = process(data, "short-post.html")
    assert record_text(record) == "The new sound-proof booth makes hearing tests quieter and shorter."


def _articlebody(path: Path) -> list[str]:
    tree = lxml_html.fromstring(path.read_bytes())
    ld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    return ld["articleBody"].split("\n\n")


def test_a_page_built_by_script_gives_the_article_of_its_structured_data():
    """A shell of a page (a loading skeleton) whose article is only its JSON-LD articleBody."""
    path = PAGES / SCRIPT_BUILT
    record = process(path.read_bytes(), path.name)
    assert record.extraction.profile == "articleBody"
    assert record_text(record).split("\n") == _articlebody(path)
    assert render(path) == (GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")


def test_escapes_in_the_structured_data_that_no_record_can_hold_do_not_cost_the_page():
    """A NUL and half a surrogate pair, written as JSON escapes in articleBody and alternateName."""
    data = (PAGES / SCRIPT_BUILT).read_bytes()
    data = data.replace(b'"articleBody": "', b'"articleBody": "\\u0000\\ud800', 1)
    about = b', "about": {"@type": "MedicalCondition", "name": "Measles", "alternateName": "Rub\\udc00eola"}'
    data = data.replace(b'"@type": "NewsArticle"', b'"@type": "NewsArticle"' + about, 1)
    record = process(data, SCRIPT_BUILT)
    written = record.model_dump_json()  # raises on a lone surrogate
    assert "\\u0000" not in written and record.alternative_names == ["Rub\ufffdeola"]
    assert record_text(record).startswith("\ufffdHealth officials in Norfield County")


def test_the_same_shell_without_its_structured_data_is_refused():
    data = (PAGES / SCRIPT_BUILT).read_bytes()
    start = data.index(b'<script type="application/ld+json">')
    data = data[:start] + data[data.index(b"</script>", start) + len(b"</script>") :]
    with pytest.raises(PageError) as err:
        process(data, SCRIPT_BUILT)
    assert err.value.reason == "no_article"


def test_an_article_in_the_html_is_read_from_the_html_even_beside_an_articlebody():
    """The structured data stands in only for a shell: a page whose HTML holds the article keeps its own blocks."""
    path = PAGES / "lede-outside.html"
    body = json.dumps({"@type": "Article", "articleBody": "A summary that differs from the page. " * 20})
    data = path.read_bytes().replace(b"</head>", f'<script type="application/ld+json">{body}</script></head>'.encode())
    record = process(data, str(path.relative_to(ROOT)))
    assert record.extraction.profile != "articleBody"
    assert "A summary that differs" not in record_text(record)
    assert record.sections == process(path.read_bytes(), str(path.relative_to(ROOT))).sections


def test_an_intro_box_before_the_body_comes_whole_and_first():
    """All five intro paragraphs, short ones too, in page order before the body; the promo between stays out."""
    record = process((PAGES / "intro-box.html").read_bytes(), "intro-box.html")
    lead = [block.text for block in record.sections[0].blocks if block.type == "paragraph"]
    assert record.sections[0].heading is None
    assert [text.split()[0] for text in lead] == ["Shingles", "Trust", "The", "Here", "Let's"]
    assert "Book now" not in record_text(record)


def test_calls_at_the_end_go_by_where_they_link_and_the_cited_source_stays():
    """Support, newsletter, follow and app lines after the last paragraph: each link goes to a donation
    platform, a /newsletter/ page, a social account or an app store; the line citing a guideline stays."""
    record = _record("calls-at-the-end.html")
    text = record_text(record)
    for call in ("unterstütze unsere Arbeit", "hier eintragen", "Folge uns", "Google Play"):
        assert call not in text
    assert "Mehr dazu in der Leitlinie der Fachgesellschaften." in text
    assert record.extraction.removed == {"newsletter": 1, "related": 2, "share": 1}


if __name__ == "__main__" and "--update" in sys.argv:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for page in [*ARTICLES, *(PAGES / name for name in sorted({*SHORT, SCRIPT_BUILT}))]:
        (GOLDEN / f"{page.stem}.json").write_text(render(page), encoding="utf-8")
        print("wrote", page.stem)

