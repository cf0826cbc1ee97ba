"""The C passes (pipeline/_walk.pyx) hand the stages the same elements as the pure-Python paths.

Each test runs a stage twice on the same tree: with the compiled pass and
with `native.walk` taken away, as on a machine without a C compiler.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree

from pipeline import native
from pipeline.blocks import BLOCK_TAGS
from pipeline.clean import _LABEL_CHARS, _leaf_blocks, _named
from pipeline.elements import holds_tag, link_text, text_length, text_of
from pipeline.meta import _label_texts
from pipeline.models import Limits
from pipeline.parse import _census, parse
from pipeline.profiles import all_profiles, generic
from pipeline.profiles.rules import RuleSet
from pipeline.read import read
from tests.test_rules import HTML_PAGES, selectors

pytestmark = pytest.mark.skipif(native.walk is None, reason="the C passes were not built (no C compiler)")

# What the walk must get right besides ordinary pages: names in namespaces,
# duplicate and empty attributes, class words cut by a no-break space, ids
# some rule names, a deep nest and what follows it, uppercase markup.
TRICKY = (
    "<html><head><meta name='generator' content='WordPress 6.4'><meta property='og:title' content='x'>"
    "<link rel='canonical' href='https://example.org/a'><script type='application/ld+json'>{}</script>"
    "<script src='/wp-includes/js/x.js'></script><title>T</title></head>"
    "<body class='single-post\u00a0entry-content'><svg xmlns:xlink='http://www.w3.org/1999/xlink'>"
    "<use xlink:href='#i' class='sidebar'/></svg><div class='' id=''>empty</div>"
    "<div class='entry-content' class='sidebar'>dup</div><DIV CLASS='Sidebar' ID='comments'>caps</DIV>"
    "<div role='menuitem'>r</div><div role='navigation' style='display: none'>n</div>"
    + "<div>" * 200
    + "<p class='wp-caption-text'>deep</p>"
    + "</div>" * 200
    + "<p id='breadcrumbs'>after</p><aside>a</aside><h1 itemprop='headline'>h</h1><p hidden>x</p></body></html>"
)


def _tree(path: Path):
    data = path.read_bytes()
    return parse(read(gzip.decompress(data) if path.suffix == ".gz" else data, Limits()).text, Limits())


def _both(monkeypatch, run):
    """`run()` with the C pass, then without it."""
    compiled = run()
    monkeypatch.setattr(native, "walk", None)
    return compiled, run()


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "tricky")
def test_selector_walk_finds_the_same_elements_and_labels_in_the_same_order(monkeypatch, path):
    root = _tree(path) if path else parse(TRICKY, Limits())
    rules = [(sel, sel) for sel in selectors()]
    compiled, python = _both(monkeypatch, lambda: list(RuleSet(rules).scan(root).items()))
    assert compiled == python and compiled


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "tricky")
def test_class_and_id_word_pass_finds_the_same_elements_and_kinds(monkeypatch, path):
    root = _tree(path) if path else parse(TRICKY, Limits())
    for profile in all_profiles():
        compiled, python = _both(monkeypatch, lambda profile=profile: _named(root, profile))
        monkeypatch.undo()
        assert compiled == python, profile.name


def test_class_and_id_word_pass_reads_class_and_id_together_and_skips_the_root():
    root = parse(TRICKY, Limits())
    found = [(el.tag, el.get("class"), el.get("id"), kind) for el, kind in _named(root, generic())]
    assert ("div", "Sidebar", "comments", "sidebar") in found  # class words first, then the id's
    assert ("p", None, "breadcrumbs", "navigation") in found
    assert ("div", "", "", None) not in found and all(tag != "html" for tag, *_ in found)


def test_the_walk_hands_back_only_candidates_not_every_element():
    root = parse(TRICKY, Limits())
    rules = RuleSet([(sel, sel) for sel in selectors()])
    candidates = rules._candidates(root, {})
    assert 0 < len(candidates) < sum(1 for _ in root.iter()) / 4


def test_class_and_id_word_pass_starts_at_the_first_child_and_ends_at_the_last():
    root = parse(
        "<html><body><div class='share'><p class='social'>s</p></div><p class='ad'>a</p></body></html>",
        Limits(),
    )
    body = root.find("body")
    assert [(el.get("class"), kind) for el, kind in _named(body, generic())] == [
        ("share", "share"),
        ("social", "share"),
        ("ad", "ads"),
    ]


# Text the measure must count as XPath does: runs of XPath's four blanks
# (one space between words, none at the ends), a no-break space and other
# wide characters (one each, never blank), text split over nested elements
# and tails, and an element with no text at all.
MEASURED = (
    "<html><body><div id='a'>  \t<p>One\r\n  two</p>\n<span>\u00a0three\u00a0</span>"
    "caf\u00e9 \U0001f600<b></b>  </div><p id='empty'>  \n </p><p id='none'></p>"
    "<p><a href='#x'> to <b>x</b> </a><a>no href</a><a href=''></a><A HREF='/y'>y</A></p></body></html>"
)


# Each text measure of elements.py, and what shows it saw some text (a length, a text, links).
MEASURES = {
    "text_length": (text_length, bool),
    "text_of": (text_of, bool),
    "link_text": (link_text, lambda found: bool(found[1])),
}


@pytest.mark.parametrize("measure", list(MEASURES))
@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "measured")
def test_each_text_measure_reads_what_xpath_reads_on_every_element(monkeypatch, path, measure):
    fn, saw_text = MEASURES[measure]
    root = _tree(path) if path else parse(MEASURED, Limits())
    elements = list(root.iter())
    compiled, python = _both(monkeypatch, lambda: [fn(el) for el in elements])
    assert compiled == python and any(map(saw_text, compiled))


def test_text_of_collapses_wide_white_space_as_python_does(monkeypatch):
    div = parse(MEASURED, Limits()).find(".//div")
    assert _both(monkeypatch, lambda: text_of(div)) == ("One two three caf\u00e9 \U0001f600",) * 2


def test_text_length_leaves_out_comments_and_instructions_as_xpath_does(monkeypatch):
    div = etree.fromstring("<div>a <b>b</b><!-- a note --><?pi x?> c</div>")
    assert _both(monkeypatch, lambda: text_length(div)) == (len("a b c"), len("a b c"))


# Labels where the C pass must read the text as lxml gives it: after blank
# runs of several kinds, a no-break space (not ASCII: left to Python), a
# lower-case initial, a <br>'s tail, inside a script (never a label), in
# text split over several nodes, and texts whose first letter opens none.
LABELLED = (
    "<html><body><p>  \n ICD-10: L94.2</p><div>\u00a0Other names: Calcinosis</div>"
    "<p>Overview<br> also known as: dystrophic calcinosis<br>Nothing here</p>"
    "<script>ICD-10: X00</script><dl><dt>synonyms</dt><dd>A; B</dd></dl>"
    "<p>Zebra: ICD-10 later</p><embed>inside<wbr>after</embed><template id='B:0'></template></body></html>"
)


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "labelled")
def test_label_pass_finds_the_same_texts(monkeypatch, path):
    root = _tree(path) if path else parse(LABELLED, Limits())
    compiled, python = _both(monkeypatch, lambda: list(_label_texts(root)))
    assert compiled == python
    if path is None:
        assert [text.strip() for _, _, text in compiled] == [
            "ICD-10: L94.2", "Other names: Calcinosis", "also known as: dystrophic calcinosis", "synonyms"
        ]


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "labelled")
def test_census_counts_and_finds_what_xpath_and_lxml_do(monkeypatch, path):
    root = _tree(path) if path else parse(LABELLED, Limits())
    compiled, python = _both(monkeypatch, lambda: _census(root))
    assert compiled == python and compiled[0] > 0


@pytest.mark.parametrize("path", [*HTML_PAGES[:3], None], ids=lambda p: p.name if p else "measured")
def test_a_capped_measure_gives_the_length_or_the_cap(monkeypatch, path):
    root = _tree(path) if path else parse(MEASURED, Limits())
    full = text_length(root)
    caps = [0, 1, 5, full // 2, full - 1, full, full + 10]
    compiled, python = _both(monkeypatch, lambda: [text_length(root, cap) for cap in caps])
    assert compiled == python == [min(full, cap) for cap in caps]


# Leaf blocks: a <p> and a <div> of text the size of an ad label, one letter
# longer, with a link, a <div> around another block (not a leaf), a <p> inside
# a <div> (the <p> is), a link without href, and a <span> (never a leaf block).
LEAVES = (
    "<html><body><article><p>{label}</p><div>{label}x</div><div>{long} <a href='/x'>x</a></div>"
    "<div><p>{long}</p></div><div><span>{label}</span></div><p><a>{long}</a></p>"
    "<section><div><ul><li>{label}</li></ul></div></section><span>{label}</span></article></body></html>"
).format(label="A" * _LABEL_CHARS, long="Words " * 20)


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "leaves")
def test_leaf_block_pass_finds_what_the_xpath_finds(monkeypatch, path):
    root = _tree(path) if path else parse(LEAVES, Limits())
    scopes = [root, *root.iter("body", "article", "main", "div")]
    compiled, python = _both(monkeypatch, lambda: [_leaf_blocks(el) for el in scopes])
    assert compiled == python
    if path is None:
        assert [(el.tag, len(el.text or "")) for el in compiled[0]] == [("p", _LABEL_CHARS), ("div", 121), ("div", 0)]


@pytest.mark.parametrize("path", [*HTML_PAGES, None], ids=lambda p: p.name if p else "leaves")
def test_holds_tag_sees_what_a_walk_of_the_descendants_sees(monkeypatch, path):
    root = _tree(path) if path else parse(LEAVES, Limits())
    elements = list(root.iter(etree.Element))
    tags = [BLOCK_TAGS, frozenset({"ul", "table"}), frozenset()]
    compiled, python = _both(monkeypatch, lambda: [holds_tag(el, t) for el in elements for t in tags])
    assert compiled == python and any(compiled) and not all(compiled)


def test_the_control_byte_scan_knows_the_stray_controls_wherever_they_sit():
    from pipeline.text import STRAY_CONTROLS

    walk = native.walk
    assert [b for b in range(256) if walk.holds_controls(bytes([b]))] == list(STRAY_CONTROLS)
    page = b"<p>text\t\r\n" * 1000  # several of the scan's 4096-byte blocks
    assert not walk.holds_controls(page) and not walk.holds_controls(b"")
    for at in (0, 4095, 4096, 8191, len(page) - 1):
        for control in (b"\x00", b"\x0b", b"\x1f", b"\x7f"):
            assert walk.holds_controls(page[:at] + control + page[at:])


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body><p>x</p></body></html>\n",
        b"<html><body><p>x</p></body>\n</html>\n\n",
        b"<html><body><header>h</header></body></html>\n<div>after</div>",
        b"<HTML><BODY>h</BODY ></HTML>\t<p>after</p>",
        b"<html><body>h</body>\n<script>late()</script></html>",
        b"<html><body>h</body>\n</html ><!-- a comment after the end -->",
        b"</html",
        b"</htm",
        b"<p>x</p></bodyx>more",
        b"</body>\f\x0b</html>",
        b"",
    ],
)
def test_the_early_end_scan_answers_as_the_regex_does(page):
    from pipeline.parse import _EARLY_END

    assert native.walk.ends_early(page) == (_EARLY_END.search(page) is not None)


def test_the_early_end_scan_on_real_pages_answers_as_the_regex_does():
    from pipeline.parse import _EARLY_END

    for path in HTML_PAGES:
        data = path.read_bytes()
        for page in (data, data + b"<div>appended after the end</div>", data.replace(b"</html>", b"</html> x")):
            assert native.walk.ends_early(page) == (_EARLY_END.search(page) is not None)


def test_a_page_with_a_stray_control_byte_parses_as_one_without_it():
    with_control = parse("<html><body><p>Gout\x01 and\x7f diet</p></body></html>", Limits())
    assert text_of(with_control.find(".//p")) == "Gout and diet"


def test_text_of_collapses_every_white_space_python_knows_once_a_text_is_not_ascii(monkeypatch):
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    texts = []
    for space in spaces:
        el = etree.Element("p")
        try:
            el.text = f" Gout{space}{space}diet{space}"
        except ValueError:  # a control character lxml refuses in text
            continue
        etree.SubElement(el, "b").text = f"{space}caf\u00e9 and{space}"  # not ASCII: the wide rule
        texts.append(el)
    compiled, python = _both(monkeypatch, lambda: [text_of(el) for el in texts])
    assert compiled == python and len(compiled) > 20
    assert text_of(texts[0]) == "Gout diet caf\u00e9 and"
