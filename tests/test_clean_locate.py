"""clean and locate: boilerplate goes (counted by kind), the article is found, non-articles are refused."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipeline import PageError, process
from pipeline.clean import _drop_loose_controls, clean_page
from pipeline.elements import text_of
from pipeline.models import Limits, Removed
from pipeline.parse import parse
from pipeline.profiles import PageScan, generic
from pipeline.thresholds import THRESHOLDS
from tests.conftest import page

PARAS = "".join(
    f"<p>Gout paragraph {i} explains, in plain words, how uric acid crystals inflame a joint.</p>"
    for i in range(6)
)
WP_HEAD = '<meta name="generator" content="WordPress 6.4">'


def texts(record) -> str:
    return " ".join(b.model_dump_json() for s in record.sections for b in s.blocks)


def test_wordpress_profile_drops_comments_share_related_and_keeps_tail_text():
    body = (
        '<nav><a href="/">Home</a></nav><article><h1 class="entry-title">Gout</h1><div class="entry-content">'
        f'{PARAS}<p>Before the ad <span class="code-block">Advertisement</span>after the ad.</p>'
        '<div class="sharedaddy"><h3>Share this:</h3></div><div id="jp-relatedposts"><p>Related post teaser</p></div>'
        '</div></article><div id="comments"><p>My doctor prescribed colchicine for my gout symptoms.</p></div>'
        '<aside class="widget-area"><p>Popular posts</p></aside>'
    )
    record = process(page(body, WP_HEAD), "gout.html")
    text = texts(record)
    assert record.extraction.profile == "wordpress" and record.title == "Gout"
    assert "Before the ad after the ad." in text
    for gone in ("Advertisement", "Share this", "Related post", "colchicine", "Popular posts", "Home"):
        assert gone not in text
    assert {"comments", "share", "related", "ads"} <= set(record.extraction.removed)


def test_generic_scoring_prefers_the_article_over_link_heavy_blocks():
    links = "".join(
        f'<li><a href="/p{i}">Another article about something else {i}</a></li>' for i in range(30)
    )
    body = f'<div class="menu-col"><ul>{links}</ul></div><div class="main-col"><h2>Causes</h2>{PARAS}</div>'
    record = process(page(body), "x.html")
    assert record.extraction.profile == "generic"
    assert "Another article" not in texts(record)
    assert record.sections[0].heading == "Causes"


def test_table_of_contents_inside_content_is_dropped():
    toc = '<div><p>Contents</p><ul><li><a href="#causes">Causes</a></li><li><a href="#symptoms">Symptoms</a></li></ul></div>'
    record = process(
        page(f'<div class="entry-content">{toc}<h2 id="causes">Causes</h2>{PARAS}</div>', WP_HEAD), "x.html"
    )
    assert record.extraction.removed.get("toc") == 1
    assert [s.heading for s in record.sections] == ["Causes"]


@pytest.mark.parametrize(
    "body_class, body",
    [
        (
            "archive category",
            "".join(
                f'<article><h2><a href="/p{i}">Post {i}</a></h2><p>Excerpt about gout and uric acid levels {i}...</p></article>'
                for i in range(8)
            ),
        ),
        ("error404", "<h1>Page not found</h1><p>Sorry, nothing here. Try searching.</p>"),
        ("", "<h1>Page not found</h1><p>Sorry, nothing here.</p>"),
    ],
)
def test_pages_without_an_article_are_refused(body_class, body):
    with pytest.raises(PageError) as err:
        process(page(body, WP_HEAD, body_class), "x.html")
    assert err.value.reason == "no_article"


def test_bare_h1_must_agree_with_the_document_title():
    head = '<meta property="og:title" content="Tinnitus">'
    record = process(
        page(f'<h1>Ear Notes</h1><div class="post"><h2>Tinnitus</h2>{PARAS}</div>', head), "x.html"
    )
    assert record.title == "Tinnitus"


def test_anchors_without_href_are_text_not_links():
    body = f'<div class="entry-content">{PARAS}<div><a class="accordion-title">Is gout contagious?</a></div><p>No, gout cannot spread from person to person at all.</p></div>'
    record = process(page(body, WP_HEAD), "x.html")
    assert "Is gout contagious?" in texts(record)


@pytest.mark.parametrize("name", ["category-listing.html", "not-found.html"])
def test_themed_listing_and_404_pages_are_refused(root, name):
    with pytest.raises(PageError) as err:
        process((root / "tests" / "bad" / name).read_bytes(), name)
    assert err.value.reason == "no_article"


def test_text_written_straight_into_a_div_is_found_beside_link_cards():
    cards = "".join(
        f'<a href="/p{i}"><div><p>Another story about a different subject, told at length, number {i}.</p></div></a>'
        for i in range(8)
    )
    body_text = "<br>".join(
        f"Gout sentence {i} says, plainly, how uric acid crystals inflame a joint." for i in range(6)
    )
    body = f'<div class="row"><div class="main-col"><img src="x.jpg">{body_text}</div><div class="side">{cards}</div></div>'
    record = process(page(body), "x.html")
    text = texts(record)
    assert "Gout sentence 5" in text and "Another story" not in text


def test_container_provenance_is_kept_apart_from_the_page_dates():
    """A WARC's URL wins over the page's; its crawl date is not a publication date."""
    record = process(page(PARAS), "x.html", url="https://example.org/x", crawled="2024-01-02T03:04:05Z")
    assert record.source.url == "https://example.org/x"
    assert (record.source.crawled, record.source.published) == ("2024-01-02T03:04:05Z", None)


def test_strip_tags_go_uncounted_with_what_they_hold_and_leave_their_tail_text():
    body = (
        '<article><h1 class="entry-title">Gout</h1><div class="entry-content">'
        f"{PARAS}<p>Uric acid<svg><title>icon</title></svg> builds up<script>var x = 'code';</script>"
        ' in joints.<noscript><nav><a href="/">Home</a></nav></noscript></p></div></article>'
    )
    record = process(page(body, WP_HEAD), "gout.html")
    text = texts(record)
    assert "Uric acid builds up in joints." in text
    assert "icon" not in text and "code" not in text and "Home" not in text
    assert "navigation" not in record.extraction.removed  # held by a stripped <noscript>: not counted


def test_an_article_inside_a_strip_tag_is_spared_and_the_other_elements_of_that_tag_go():
    root = parse(
        page(
            "<noscript><p>Please turn on JavaScript to see the comments.</p></noscript>"
            f'<noscript><div class="entry-content">{PARAS}</div></noscript><script>var x;</script>'
        ).decode(),
        Limits(),
    )
    scan = PageScan(root)
    keep = root.find(".//div")
    clean_page(root, generic(), scan, keep)
    assert [a.tag for a in keep.iterancestors()] == ["noscript", "body", "html"]
    assert root.findall(".//noscript") == [keep.getparent()] and root.find(".//script") is None


def test_element_text_collapses_unicode_spaces_that_libxml2_leaves():
    root = parse(
        "<html><body><p> a\u00a0\u00a0b\u3000c\u2028 d\u202f</p><p>plain  ascii </p></body></html>", Limits()
    )
    first, second = root.findall(".//p")
    assert text_of(first) == "a b c d" and text_of(second) == "plain ascii"


# ---------------------------------------------------------- growing the region


def _root(body: str):
    return parse(page(body).decode(), Limits(), None)


def test_grow_climbs_to_the_container_of_sibling_blocks():
    from pipeline.locate import score

    blocks = "".join(
        f'<div class="blk"><div class="inner"><h2>Part {i}</h2><p>Section {i} of the article says, at length, '
        f"what the condition does, who gets it, and how it is treated by doctors.</p></div></div>"
        for i in range(5)
    )
    root = _root(f'<div id="builder">{blocks}</div><div class="foot"><a href="/x">Contact us</a></div>')
    best = score(root)
    assert best is not None and best.get("id") == "builder"


def test_grow_stops_below_a_link_heavy_ancestor():
    from pipeline.locate import score

    links = "".join(
        f'<li><a href="/p{i}">Another long related article title number {i}</a></li>' for i in range(40)
    )
    root = _root(f'<div id="wrap"><div id="post">{PARAS}</div><ul>{links}</ul></div>')
    assert score(root).get("id") == "post"


def test_teasers_need_mostly_linked_headings():
    from pipeline.locate import _teasers

    linked = "".join(f'<h2><a href="/a{i}">Teaser {i}</a></h2><p>Short excerpt.</p>' for i in range(4))
    assert _teasers(_root(linked), THRESHOLDS)
    plain = "".join(f"<h2>Section {i}</h2><p>Text.</p>" for i in range(5))
    assert not _teasers(_root(plain + linked[:120]), THRESHOLDS)


def test_lede_between_title_and_body_is_taken_but_a_byline_is_not():
    from pipeline.locate import _with_lede

    lede = "A sentence-long standfirst that tells the reader what the whole article is about, and why."
    root = _root(
        f'<div><h1>Title</h1><p class="by">By A. Writer</p><p>{lede}</p><div id="body">{PARAS}</div></div>'
    )
    body = next(el for el in root.iter("div") if el.get("id") == "body")
    texts = [text_of(p) for p in _with_lede(body, THRESHOLDS).iter("p")]
    assert texts[0] == lede and "By A. Writer" not in texts


def test_clean_page_spares_a_wrapper_holding_most_of_the_page():
    root = _root(
        f'<aside class="shell"><div class="menu"><a href="/">Home</a></div>{PARAS * 3}</aside><aside>Ad</aside>'
    )
    scan = PageScan(root)
    clean_page(root, generic(), scan)
    assert "Gout paragraph 5" in text_of(root) and "Ad" not in text_of(root).split()


def test_a_wrapper_with_a_long_script_beside_it_holds_no_page():
    # The page is measured only as far as decides it: a script's text counts as the page's too.
    script = "<script>" + "var x = 1; " * 2000 + "</script>"
    root = _root(f'<aside class="shell">{PARAS * 3}</aside>{script}')
    clean_page(root, generic(), PageScan(root))
    assert "Gout paragraph" not in text_of(root)


@pytest.mark.parametrize(
    "panel",
    [
        '<div role="tabpanel" id="dx" hidden>{}</div>',
        '<div id="dx" style="display:none">{}</div>',
        '<div class="accordion-collapse" id="dx" aria-hidden="true">{}</div>',
    ],
)
def test_a_short_hidden_panel_a_control_opens_is_kept_and_a_hidden_icon_or_menu_still_goes(panel):
    """A one-paragraph tab or FAQ answer is under the size that lets hidden furniture go: the control marks it."""
    answer = "<h2>Diagnosis</h2><p>A rapid strep test gives a result in a few minutes.</p>"
    controls = '<a role="tab" href="#dx">Diagnosis</a><button aria-controls="menu-panel">Menu</button>'
    menu = '<div id="menu-panel" hidden><a href="/a">Home</a> <a href="/b">Services</a></div>'
    root = _root(f'{controls}{PARAS}{panel.format(answer)}<span aria-hidden="true">icon</span>{menu}')
    clean_page(root, generic(), PageScan(root))
    text = text_of(root)
    assert "A rapid strep test" in text
    assert "icon" not in text and "Services" not in text


def test_a_button_that_is_its_headings_text_stays_as_the_heading_and_other_buttons_go():
    """Accordions title each panel with the button that opens it; servings buttons beside a title are controls."""
    body = (
        '<h3 class="accordion-header"><button class="accordion-button" aria-expanded="false">'
        "How do head lice spread?</button></h3>"
        '<h3>Ingredients <button>1x</button><button>2x</button></h3><button aria-expanded="false">Menu</button>'
    )
    root = _root(PARAS + body)
    removed = clean_page(root, generic(), PageScan(root))
    assert [text_of(h) for h in root.iter("h3")] == ["How do head lice spread?", "Ingredients"]
    assert "Menu" not in text_of(root) and removed.counts["forms"] == 3


def test_a_read_more_toggle_between_blocks_goes_and_a_read_more_link_in_a_sentence_stays():
    """A bare <a data-toggle> between the shown paragraph and the collapsed rest is a control, not a paragraph."""
    article = _root(
        '<div id="a"><p>BPPV causes short bursts of vertigo.</p>'
        '<a class="toggle" data-toggle="collapse" href="#more">Read more</a>'
        '<div class="collapse" id="more"><p>The eyes jerk during an attack.</p></div>'
        '<p>Our guide to dizziness: <a href="/dizzy">read more</a></p>'
        '<div>You can <a href="/epley">read more</a> about the Epley manoeuvre.</div></div>'
    ).xpath("//div[@id='a']")[0]
    removed = Removed()
    _drop_loose_controls(article, removed)
    assert text_of(article) == (
        "BPPV causes short bursts of vertigo.The eyes jerk during an attack."
        "Our guide to dizziness: read moreYou can read more about the Epley manoeuvre."
    )
    assert removed.counts == {"navigation": 1}


@pytest.mark.parametrize("share", [0.5, 0.4, 1 / 3, 0.7])
def test_page_cap_is_the_least_page_length_that_no_longer_holds_size(share):
    from pipeline.clean import page_cap

    for size in (0, 1, 999, 1000, 12345):
        cap = page_cap(size, share)
        assert not size > share * cap and (cap == 0 or size > share * (cap - 1))


def test_page_cap_of_a_share_of_nothing_reads_no_page():
    from pipeline.clean import page_cap

    assert page_cap(1000, 0.0) == 0  # any size is more than no share of any page: no length changes that


def test_a_consent_wall_is_not_spared():
    dialog = f'<div id="onetrust-consent-sdk" role="dialog">{PARAS}</div>'
    root = _root(dialog)
    clean_page(root, generic(), PageScan(root))
    assert "Gout paragraph" not in text_of(root)


def test_a_noscript_holding_most_of_the_page_is_kept_and_a_pixel_is_not():
    root = _root(f'<div id="app"></div><noscript><div>{PARAS}</div></noscript><noscript><p>Pixel text</p></noscript>')
    clean_page(root, generic(), PageScan(root))
    text = text_of(root)
    assert "Gout paragraph 5" in text and "Pixel text" not in text


def test_a_small_noscript_beside_the_article_still_goes():
    root = _root(f"<div>{PARAS}</div><noscript><div><p>Please enable JavaScript to see comments.</p></div></noscript>")
    clean_page(root, generic(), PageScan(root))
    assert "enable JavaScript" not in text_of(root)


def test_a_match_far_outweighed_by_a_scored_block_elsewhere_gives_way():
    from pipeline.locate import _grown_hint

    teaser = "<p>A short teaser card that the template writes, with enough words to pass as a body.</p>" * 3
    root = _root(f'<div id="post">{PARAS * 3}</div><div class="side"><div class="content">{teaser}</div></div>')
    hint = next(el for el in root.iter("div") if el.get("class") == "content")
    found, used = _grown_hint(hint, root, "wordpress", THRESHOLDS)
    assert (found.get("id"), used) == ("post", "generic")


def test_a_match_that_is_the_article_stands():
    from pipeline.locate import _grown_hint

    root = _root(f'<div class="content">{PARAS * 3}</div><div class="side"><p>{"Short note. " * 4}</p></div>')
    hint = next(el for el in root.iter("div") if el.get("class") == "content")
    assert _grown_hint(hint, root, "wordpress", THRESHOLDS) == (hint, "wordpress")


def test_a_bare_comma_joined_list_does_not_outvote_prose():
    from pipeline.locate import score

    domains = ",".join(f"site{i}.example.org" for i in range(25))
    root = _root(f'<div id="domains">{domains}</div><div id="post">{PARAS}</div>')
    assert score(root).get("id") == "post"


def test_a_section_a_table_of_contents_points_to_is_kept_and_the_table_goes():
    from pipeline.clean import clean_article

    toc = '<div id="toc-box"><a href="#toc_faq">FAQ</a> <a href="#toc_types">Types</a></div>'
    sections = "".join(f'<section id="toc_{n}"><h2>{n}</h2>{PARAS}</section>' for n in ("types", "faq", "care"))
    root = _root(f'<div id="body">{toc}{sections}</div>')
    clean_article(root, generic())
    text = text_of(root)
    assert text.count("Gout paragraph 5") == 3 and "FAQ" not in text


def test_a_related_posts_heading_goes_with_its_teasers_in_any_language():
    from pipeline.clean import clean_article

    teasers = "".join(f'<li><a href="/a{i}">Ein anderer Artikel über Gicht, Teil {i}</a></li>' for i in range(4))
    root = _root(f'<div id="body">{PARAS}<h2>Mehr zum Thema</h2><ul>{teasers}</ul></div>')
    removed = clean_article(root, generic())
    text = text_of(root)
    assert "Gout paragraph 5" in text and "Mehr zum Thema" not in text and "anderer Artikel" not in text
    assert removed.counts.get("related")


def test_a_cleaning_stage_returns_its_counts_and_tells_each_drop_to_the_hook():
    """Stages count into a Removed of their own; a trace hears each element while it is still in the tree."""
    from pipeline.clean import clean_article

    heard: list[tuple[str, str | None, bool, bool]] = []

    def hook(kind, el, rule, counted):
        heard.append((kind, el.tag, counted, el.getparent() is not None))

    root = _root(
        f'<div id="body">{PARAS}<div class="share-buttons"><a href="/s">Share</a></div>'
        '<p><a href="/other">Another page of this site about joint pain in winter</a></p></div>'
    )
    removed = clean_article(root, generic(), on_drop=hook)
    assert removed.counts == {"share": 1, "related": 1}
    assert sorted(heard) == [("related", "p", True, True), ("share", "div", True, True)]


def test_a_contact_line_of_mail_and_phone_links_is_no_block_of_links_elsewhere():
    from pipeline.clean import clean_article

    contact = (
        '<p><a href="mailto:gout-clinic@example.org">gout-clinic@example.org</a> '
        '<a href="tel:+441234567890">+44 1234 567890</a></p>'
    )
    elsewhere = '<p><a href="/other">Another page of this site about joint pain in winter</a></p>'
    root = _root(f'<div id="body">{PARAS}{contact}{elsewhere}</div>')
    removed = clean_article(root, generic())
    text = text_of(root)
    assert "gout-clinic@example.org" in text and "+44 1234 567890" in text
    assert "Another page" not in text and removed.counts == {"related": 1}


@pytest.mark.parametrize("name", ["promo-block", "nav-panel", "widget-area", "ad-wrap"])
def test_prose_under_a_furniture_name_stays_but_teasers_and_comments_under_it_go(name):
    """Templates give a wrapper of the article's text a furniture word; what it holds decides."""
    from pipeline.clean import clean_article

    prose = "".join(
        f"<p>Gout paragraph {i} explains, in plain words and at some length, how uric acid crystals form in a "
        f"joint, why the big toe is hit first, and what a flare feels like at night.</p>"
        for i in range(2)
    )
    teasers = "".join(f'<p><a href="/t{i}">Another article about joint pain, part {i}</a></p>' for i in range(3))
    comment = prose.replace("Gout paragraph", "My own gout story")
    root = _root(
        f'<div id="body">{PARAS}<div class="{name}">{prose}</div><div class="related-posts">{teasers}</div>'
        f'<div class="comments">{comment}</div></div>'
    )
    removed = clean_article(root, generic())
    text = text_of(root)
    assert "Gout paragraph 1 explains" in text
    assert "Another article" not in text and "My own gout story" not in text
    assert removed.counts == {"related": 1, "comments": 1}


def test_a_link_the_article_s_own_sentence_leads_into_stays_but_a_related_lead_in_goes():
    from pipeline.clean import clean_article

    led = (
        "<p>If the clinic's new hours matter to you, please sign the petition for weekend opening here:</p>"
        '<p><a href="https://petitions.example.org/weekend-clinic">petitions.example.org/weekend-clinic</a></p>'
    )
    related = '<p>Read more:</p><p><a href="/other">Another page of this site about joint pain in winter</a></p>'
    root = _root(f'<div id="body">{PARAS}{led}{related}</div>')
    clean_article(root, generic())
    text = text_of(root)
    assert "petitions.example.org/weekend-clinic" in text and "Another page" not in text


@pytest.mark.parametrize(
    "label",
    [
        "Read more",
        "weiterlesen 5 Minuten",
        "Quellen ausblenden",
        "Afficher plus",
        "Show all »",
        "Was this helpful?",
        "Is this page useful?",
        "War dieser Artikel hilfreich?",
        "¿Te resultó útil?",
    ],
)
def test_the_label_of_a_page_control_goes_but_a_sentence_that_says_the_same_stays(label):
    from pipeline.clean import clean_article

    sentence = "<p>Read more about gout in the leaflet your pharmacist hands out.</p>"
    root = _root(f'<div id="body">{PARAS}<div class="toggle">{label}</div>{sentence}</div>')
    removed = clean_article(root, generic())
    text = text_of(root)
    assert not root.xpath("//div[@class='toggle']") and "Read more about gout in the leaflet" in text
    assert removed.counts == {"navigation": 1}


def test_prose_under_a_related_heading_stays_and_the_heading_goes():
    from pipeline.clean import clean_article

    prose = "<p>Gout and kidney stones share a cause, uric acid, and often come together in one patient.</p>"
    root = _root(f'<div id="body">{PARAS}<h3>See also</h3>{prose}<h3>Treatment</h3>{PARAS}</div>')
    clean_article(root, generic())
    text = text_of(root)
    assert "share a cause" in text and "See also" not in text and "Treatment" in text


def test_a_box_opened_by_a_related_heading_goes():
    from pipeline.clean import clean_article

    cards = "".join(f'<div><h4><a href="/p{i}">Vous aimerez aussi ce sujet {i}</a></h4></div>' for i in range(3))
    box = f'<div class="box"><h3>Vous aimerez aussi</h3>{cards}</div>'
    root = _root(f'<div id="body">{PARAS}{box}</div>')
    clean_article(root, generic())
    assert "aimerez" not in text_of(root) and "Gout paragraph 5" in text_of(root)


@pytest.mark.parametrize(
    "call",
    [
        '<a href="/signup">Sign up for our newsletter</a> and get a monthly digest of health news.',
        '<a href="/nl">Jetzt zum Newsletter anmelden!</a>',
        'Abonnez-vous à <a href="/lettre">notre newsletter</a> pour recevoir nos conseils.',
    ],
)
def test_a_call_to_subscribe_in_the_body_goes(call):
    """Calls are looked for in short blocks that link somewhere, as a call to act does."""
    from pipeline.clean import clean_article

    root = _root(f'<div id="body">{PARAS}<p>{call}</p>{PARAS}</div>')
    call = lxml_html.fromstring(call).text_content()
    clean_article(root, generic())
    assert call[:12] not in text_of(root) and "Gout paragraph 5" in text_of(root)


def test_a_sentence_that_mentions_a_newsletter_in_passing_stays():
    from pipeline.clean import clean_article

    prose = '<p>The <a href="/n">newsletter</a> last spring described how gout flares are treated with colchicine.</p>'
    root = _root(f'<div id="body">{PARAS}{prose}</div>')
    clean_article(root, generic())
    assert "colchicine" in text_of(root)


def test_photo_credits_and_a_plugin_author_box_go():
    body = (
        f'<article><h1 class="entry-title">Gout</h1><div class="entry-content">{PARAS}'
        '<p><span class="credits">Photo: Jane Roe / Agency</span></p>'
        '<div class="saboxplugin-wrap"><div class="saboxplugin-desc"><p>Sam writes about joints and diet for the blog.</p></div></div>'
        "</div></article>"
    )
    text = texts(process(page(body, WP_HEAD), "gout.html"))
    assert "Jane Roe" not in text and "Sam writes" not in text and "Gout paragraph 5" in text


def test_a_bold_related_lead_paragraph_goes_with_the_links_after_it_and_prose_stays():
    from pipeline.clean import clean_article

    links = "".join(f'<li><a href="/t{i}">Ein Artikel über Tweets, Teil {i}</a></li>' for i in range(3))
    after = "<p>Gout flares often start at night, in the big toe, with sudden and severe pain.</p>"
    root = _root(f'<div id="body">{PARAS}<p><strong>Auch interessant:</strong></p><ul>{links}</ul>{after}</div>')
    clean_article(root, generic())
    text = text_of(root)
    assert "Auch interessant" not in text and "Tweets" not in text and "start at night" in text


def test_a_lede_beside_the_lead_picture_and_the_body_is_taken():
    from pipeline.locate import _with_lede

    lede = "A sentence-long standfirst that tells the reader what the whole article is about, and why."
    root = _root(f'<section><figure><img src="a.jpg"></figure><p><strong>{lede}</strong></p><div id="body">{PARAS}</div></section>')
    body = next(el for el in root.iter("div") if el.get("id") == "body")
    assert text_of(_with_lede(body, THRESHOLDS)[0]) == lede


def test_a_caption_beside_its_picture_is_no_lede():
    from pipeline.locate import _with_lede

    caption = "A photograph of a swollen big toe joint during a gout flare, taken in the clinic last year."
    root = _root(f'<div><div><img src="a.jpg"><p>{caption}</p></div><div id="body">{PARAS}</div></div>')
    body = next(el for el in root.iter("div") if el.get("id") == "body")
    assert caption not in text_of(_with_lede(body, THRESHOLDS))


def test_a_code_comment_marked_by_a_syntax_highlighter_is_not_a_readers_comment():
    listing = (
        '<pre><code class="language-bash hljs"><span class="hljs-comment"># count the readings above 140</span>\n'
        "grep -c high readings.csv\n"
        '<span class="token comment"># keep a copy for the clinic</span>\ncp readings.csv clinic/</code></pre>'
    )
    body = f'<article><h1>Logging blood pressure at home</h1>{PARAS}{listing}</article><div class="comments"><p>Great post!</p></div>'
    text = texts(process(page(body), "bp.html"))
    assert "# count the readings above 140" in text and "# keep a copy for the clinic" in text
    assert "Great post" not in text
