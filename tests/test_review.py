"""The review of a batch (`python -m pipeline review`): marks, safety of what it shows, signals, the site.

What a browser makes of the site is tested in test_review_browser.py; here
the HTML is read with lxml.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

pytest.importorskip("jinja2", reason="the review extra is not installed (pip install -e '.[review]')")
pytest.importorskip("nh3", reason="the review extra is not installed (pip install -e '.[review]')")

from pipeline import process
from pipeline.batch import BatchConfig, run_batch
from pipeline.cli import main
from pipeline.errors import PageError
from pipeline.fingerprint import PACKAGE, code_fingerprint
from pipeline.profiles import all_profiles
from pipeline.review.build import REVIEW_DIR, build_review
from pipeline.review.dump_view import dump_segments
from pipeline.review.marks import NUMBER, Traced, block_pieces
from pipeline.review.signals import Signals, bullet_signal, dropped_signal, record_signals
from pipeline.review.source_view import ALLOWED_TAGS, marked_source

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
ATTACKS = Path(__file__).resolve().parent / "review_attacks"
CALCINOSIS = RAW / "calcinosis-cutis.html"
KNOWN_COMMENT = "Submit a Comment"  # the comment form's heading in calcinosis-cutis.html
KNOWN_AD = "Advertisement"  # the ad label there
KNOWN_KEPT = "Calcinosis cutis is the abnormal deposition of calcium in the skin."


def attack(name: str, port: int = 9) -> bytes:
    """An attack page with its server address filled in (port 9, discard: nothing listens in these tests)."""
    return (ATTACKS / name).read_bytes().replace(b"PORT", str(port).encode())


def run(out: Path, *paths: Path) -> dict:
    """A real run (in this process) into `out`; the report's entries by input."""
    summary = run_batch(BatchConfig(paths=tuple(str(p) for p in paths), out_dir=out, workers=1))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    return {entry["input"]: entry for entry in report["entries"]}


def index_rows(out: Path) -> list[etree._Element]:
    tree = html.parse(str(out / REVIEW_DIR / "index.html"))
    return tree.xpath('//table[@id="page-list"]/tbody/tr')


def view_of(out: Path, row: etree._Element) -> Path | None:
    links = row.xpath(".//td[2]/a/@href")
    return out / REVIEW_DIR / links[0] if links else None


# ------------------------------------------------------------------ marks


def test_a_trace_changes_no_record() -> None:
    """Numbering every element and copying the tree leaves each raw page's record as it was."""
    for path in sorted(RAW.iterdir()):
        data = path.read_bytes()
        try:
            plain = process(data, path.name).model_dump_json()
        except PageError as exc:
            plain = exc.reason
        traced = Traced(data, path.name)
        assert (traced.record.model_dump_json() if traced.record else traced.error.reason) == plain, path.name


def _removed_texts(traced: Traced) -> dict[str, str]:
    """Kind -> the text of the elements removed as that kind, read on the untouched copy."""
    out: dict[str, str] = {}
    for el in traced.marks.original.iter(etree.Element):
        kind = traced.marks.removed.get(int(el.get(NUMBER)))
        if kind:
            out[kind] = out.get(kind, "") + " " + " ".join(el.itertext())
    return out


def test_marks_name_the_known_comment_and_ad_and_keep_the_article() -> None:
    traced = Traced(CALCINOSIS.read_bytes(), "calcinosis-cutis.html")
    removed = _removed_texts(traced)
    assert KNOWN_COMMENT in removed["comments"]
    assert KNOWN_AD in removed["ads"]
    kept = [el for el in traced.marks.original.iter("p") if int(el.get(NUMBER)) in traced.marks.kept]
    assert any(KNOWN_KEPT in "".join(p.itertext()) for p in kept)
    assert not any(KNOWN_COMMENT in "".join(p.itertext()) for p in kept)
    # the counts are those of the record
    assert traced.record is not None
    assert traced.record.extraction.removed["comments"] == 1 and traced.record.extraction.removed["ads"] == 1


STRIPPED_TAGS = frozenset().union(*(profile.strip for profile in all_profiles()))


def unreported_removals(traced: Traced) -> list[str]:
    """Elements of the kept article's region that left it without a stage reporting them (nor a parent).

    Every stage that removes an element from the article reports it with
    its kind (`removed.took(kind, el, ...)`), or the review cannot mark it; only
    the tags profiles strip wholesale go unreported.
    """
    marks, out = traced.marks, []
    for el in marks.original.iter(etree.Element):
        parent = el.getparent()
        if int(el.get(NUMBER)) in marks.kept or parent is None or int(parent.get(NUMBER)) not in marks.kept:
            continue
        if el.tag in STRIPPED_TAGS or int(el.get(NUMBER)) in marks.removed:
            continue
        out.append(f"<{el.tag}> {' '.join(el.itertext())[:60]!r}")
    return out


@pytest.mark.parametrize("path", sorted(p for p in RAW.iterdir() if not p.name.endswith(".txt")), ids=str)
def test_every_element_that_leaves_the_article_is_reported(path: Path) -> None:
    assert unreported_removals(Traced(path.read_bytes(), path.name)) == []


def test_related_headings_and_their_teaser_boxes_are_reported() -> None:
    """A path raw/ does not take: a 'Related articles' box, and such a heading over a link line."""
    prose = "<p>" + "Gout is a kind of arthritis that causes sudden pain and swelling in the joints. " * 6 + "</p>"
    page = (
        f"<html><body><article><h1>Gout</h1><h2>Overview</h2>{prose}<h2>Treatment</h2>{prose}"
        '<div><h3>Related articles</h3><p><a href="/a">Gout diet</a> and <a href="/b">uric acid</a></p></div>'
        '<h3>Related articles</h3><p><a href="/c">Foods that raise uric acid in the blood</a></p>'
        "</article></body></html>"
    )
    traced = Traced(page.encode(), "gout.html")
    assert traced.record is not None and traced.record.extraction.removed == {"related": 3}
    assert unreported_removals(traced) == []
    assert list(traced.marks.removed.values()).count("related") >= 3


def test_a_contents_list_and_the_wrapper_left_with_its_title_are_reported() -> None:
    """The wrapper goes with the list it titled: counted once, yet marked, or it would show as kept-outside."""
    prose = "<p>" + "Gout is a kind of arthritis that causes sudden pain and swelling in the joints. " * 6 + "</p>"
    page = (
        f"<html><body><article><h1>Gout</h1>{prose}"
        '<div><b>Contents</b><ul><li><a href="#causes">Causes</a></li><li><a href="#care">Care</a></li></ul></div>'
        f'<h2 id="causes">Causes</h2>{prose}<h2 id="care">Care</h2>{prose}</article></body></html>'
    )
    traced = Traced(page.encode(), "gout.html")
    assert traced.record is not None and traced.record.extraction.removed == {"toc": 1}
    assert unreported_removals(traced) == []
    marked = {el.tag for el in traced.marks.original.iter(etree.Element) if int(el.get(NUMBER)) in traced.marks.removed}
    assert marked == {"div", "ul"}


def test_a_bare_look_starts_the_marks_again() -> None:
    """When cleaning took the article for furniture, the marks are those of the second parse only."""
    body = '<div class="sidebar">' + "<p>" + "Gout is a kind of arthritis that causes pain. " * 12 + "</p></div>"
    page = f"<html><body><h1>Gout</h1>{body}</body></html>".encode()
    traced = Traced(page, "gout.html")
    assert traced.record is not None and traced.record.extraction.profile == "generic"
    texts = [" ".join(el.itertext()) for el in traced.marks.original.iter("p")]
    kept = [el for el in traced.marks.original.iter("p") if int(el.get(NUMBER)) in traced.marks.kept]
    assert texts and kept and "sidebar" not in traced.marks.removed.values()


# ------------------------------------------------------------ source view


_OUR_ATTRIBUTES = {"class", "title", "data-kind", "colspan", "rowspan", "start"}


def _shown(data: bytes, name: str) -> etree._Element:
    source, _ = marked_source(Traced(data, name).marks)
    assert source is not None
    return html.fragment_fromstring(source, create_parent="div")


def test_the_source_view_keeps_nothing_that_runs_loads_or_forges_a_mark() -> None:
    shown = _shown(attack("attack-article.html"), "attack-article.html")
    text = etree.tostring(shown, encoding="unicode")
    for el in shown.iter(etree.Element):
        assert el.tag in ALLOWED_TAGS, el.tag
        assert set(el.attrib) <= _OUR_ATTRIBUTES, dict(el.attrib)
        assert all(word.startswith("rv-") for word in el.get("class", "").split())
    assert not re.search(r"<(script|iframe|img|svg|math|object|embed|video|link|meta|base|form|input|style)\b", text)
    assert not re.search(r"\b(on\w+|href|src|srcset|style|action|formaction|poster)=", text)
    # a link's address is only hover text, and what the page wrote as markup in text stays text
    assert "window.__pwned='js-link'" in "".join(shown.xpath("//a/@title"))
    # the forged marks in the comments area do not read as kept
    forged = shown.xpath('//*[contains(text(), "FORGED KEPT MARK")]')
    assert forged
    for el in forged:
        assert not el.xpath('ancestor-or-self::*[contains(@class, "rv-b-kept")]')
        assert el.xpath('ancestor-or-self::*[contains(@class, "rv-b-out")]')
    kept = " ".join(shown.xpath('//*[contains(@class, "rv-b-kept")]//text()'))
    assert "Gastritis is inflammation" in kept and "FORGED" not in kept


def test_control_characters_in_a_link_or_alt_text_do_not_stop_the_view() -> None:
    """libxml2 keeps &#1; in attributes it parses, and lxml refuses to set such text again."""
    prose = "<p>" + "Gout is a kind of arthritis that causes pain in the joints. " * 8 + "</p>"
    page = f'<html><body><article><h2>Overview</h2>{prose}<p><a href="x&#1;y">a</a><img alt="b&#2;c"></p>'
    shown = _shown(f"{page}</article></body></html>".encode(), "gout.html")
    assert shown.xpath("//a/@title") == ["xy"] and "[image: bc]" in shown.xpath("//span/text()")


def test_the_source_view_shows_an_objects_fallback_text_as_stripped() -> None:
    """A profile strips <object> with what it holds: its fallback text is marked 'stripped', not kept."""
    prose = "<p>" + "Gout is a kind of arthritis that causes sudden pain and swelling in the joints. " * 6 + "</p>"
    fallback = '<object data="joint.swf"><p>An animation of a swollen joint.</p></object>'
    page = f"<html><body><article><h2>Overview</h2>{prose}{fallback}<h2>Treatment</h2>{prose}</article></body></html>"
    shown = _shown(page.encode(), "gout.html")
    marked = {el.get("data-kind"): " ".join(el.itertext()) for el in shown.xpath("//*[@data-kind]")}
    assert marked == {"stripped": "An animation of a swollen joint."}


def test_the_section_after_an_unclosed_embed_shows_as_kept() -> None:
    """An <embed> holds nothing (parse puts back what libxml2 nested in it): what follows it is kept."""
    shown = _shown(attack("attack-article.html"), "attack-article.html")
    treatment = shown.xpath('//h2[.//text()[contains(., "Treatment")]]')
    assert treatment and treatment[0].get("data-kind") is None
    assert "rv-b-kept" in treatment[0].xpath("ancestor::*[contains(@class, 'rv-b')][1]/@class")[0]


def test_marked_source_colours_each_removal_kind_and_counts_its_text() -> None:
    traced = Traced(CALCINOSIS.read_bytes(), "calcinosis-cutis.html")
    _, chars = marked_source(traced.marks)
    assert chars["ads"] == len(KNOWN_AD) and chars["kept"] > 10 * chars["comments"] > 0
    shown = _shown(CALCINOSIS.read_bytes(), "calcinosis-cutis.html")
    kinds = {el.get("data-kind"): " ".join(el.itertext()) for el in shown.xpath("//*[@data-kind]")}
    assert KNOWN_COMMENT in kinds["comments"] and KNOWN_AD in kinds["ads"]
    ad = shown.xpath('//*[@data-kind="ads"]')[0]
    assert "rv-k-ads" in ad.get("class") and "rv-b-drop" in ad.get("class")


# --------------------------------------------------------------- dump view


def test_the_dump_view_marks_cuts_rebuilt_lists_and_glued_first_items() -> None:
    data = (RAW / "achalasia.txt").read_bytes()
    traced = Traced(data, "achalasia.txt")
    record = traced.record.model_dump(mode="json")
    segments = dump_segments(traced.marks.text, block_pieces(traced.marks.blocks), record)
    assert "".join(s.text for s in segments if s.css != "rv-d-cut") == data.decode().replace("\r\n", "\n")
    by_text = {s.text: s.css for s in segments}
    assert "rv-d-title" in by_text["Achalasia"]
    cuts = [i for i, s in enumerate(segments) if s.css == "rv-d-cut"]
    assert segments[cuts[0] + 1].text == "ICD-10: K22.0."  # glued right after the first heading
    first = by_text["Chagas disease, a parasitic infection common in parts of South America."]
    assert "rv-d-first" in first and "rv-d-item" in first  # the glued first item, cut from the text before
    assert "rv-d-item" in by_text["difficulty swallowing"]  # an inline "•" run the structure stage rebuilt
    assert "rv-d-drop" not in "".join(s.css for s in segments if "Symptoms" in s.text)


# ----------------------------------------------------------------- signals


def _record(sections: list[dict], warnings: list[str] | None = None) -> dict:
    return {"sections": sections, "extraction": {"warnings": warnings or []}}


def test_signals_of_a_record() -> None:
    lone = _record([{"heading": None, "blocks": [{"type": "paragraph", "text": "x" * 400}]}], ["mojibake"])
    signals = Signals()
    record_signals(signals, lone)
    assert set(signals.flags) == {"few_sections", "no_heading", "warnings"}
    healthy = _record([{"heading": h, "blocks": [{"type": "list", "items": ["a", "b"]}]} for h in "AB"])
    signals = Signals()
    record_signals(signals, healthy)
    bullet_signal(signals, healthy, glyphs=5)  # it has lists: glyphs are no sign
    dropped_signal(signals, kept=500, total=1000)
    assert signals.flags == {} and signals.dropped == 0.5
    dropped_signal(signals, kept=100, total=1000)
    bullet_signal(signals, lone, glyphs=3)
    assert set(signals.flags) == {"dropped", "bullets"}
    assert signals.score > Signals().score


# ------------------------------------------------------------ the whole site


@pytest.fixture(scope="module")
def raw_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ run and reviewed once for the tests below."""
    out = tmp_path_factory.mktemp("raw-review") / "out"
    run(out, RAW)
    build_review(out)
    return out


def test_every_page_of_raw_is_listed_with_a_view(raw_review: Path) -> None:
    rows = index_rows(raw_review)
    inputs = {row.get("data-input") for row in rows}
    assert inputs == {str(path) for path in RAW.iterdir()}
    for row in rows:
        view = view_of(raw_review, row)
        assert view is not None and view.is_file()
        page = html.parse(str(view))
        assert page.xpath('//h1[@class="rv-input"]/text()') == [row.get("data-input")]
        assert page.xpath('//*[@id="record-title"]')  # every raw page has a record


def test_views_are_chained_in_trouble_order(raw_review: Path) -> None:
    rows = index_rows(raw_review)
    order = [view_of(raw_review, row).name for row in rows]
    seen, name = [], order[0]
    while name:
        seen.append(name)
        page = html.parse(str(raw_review / REVIEW_DIR / "p" / name))
        assert page.xpath('//a[@rel="prev"]/@href') == ([seen[-2]] if len(seen) > 1 else [])
        following = page.xpath('//a[@rel="next"]/@href')
        name = following[0] if following else None
    assert seen == order
    scores = [len(row.xpath(".//span[contains(@class, 'rv-flag')]")) for row in rows]
    assert scores[0] == max(scores)


def test_a_view_shows_the_kept_and_dropped_marks_and_the_record(raw_review: Path) -> None:
    row = next(r for r in index_rows(raw_review) if r.get("data-input").endswith("calcinosis-cutis.html"))
    page = html.parse(str(view_of(raw_review, row)))
    assert KNOWN_COMMENT in " ".join(page.xpath('//*[@id="page-source"]//*[@data-kind="comments"]//text()'))
    assert KNOWN_AD in " ".join(page.xpath('//*[@id="page-source"]//*[@data-kind="ads"]//text()'))
    assert KNOWN_KEPT in "".join(page.xpath('//*[@id="page-source"]//*[contains(@class, "rv-b-kept")]//text()'))
    assert page.xpath('//*[@id="codes"]//td/b/text()') == ["L94.2"]
    assert page.xpath('//*[@id="sections"]//ul/li')  # lists as lists
    assert page.xpath('//*[@id="disclaimer"]') and page.xpath('//*[@id="provenance"]')
    legend = " ".join(page.xpath('//*[@id="legend"]//text()'))
    assert "dropped as comments" in legend and "kept: the article" in legend


def test_a_text_dump_gets_a_dump_view(raw_review: Path) -> None:
    row = next(r for r in index_rows(raw_review) if r.get("data-input").endswith("achalasia.txt"))
    page = html.parse(str(view_of(raw_review, row)))
    assert page.xpath('//pre[@id="dump"]/span[@class="rv-d-cut"]')
    assert page.xpath('//pre[@id="dump"]/span[contains(@class, "rv-d-first")]')


def test_the_overview_counts_and_charts(raw_review: Path) -> None:
    tree = html.parse(str(raw_review / REVIEW_DIR / "index.html"))
    counts = dict(zip(tree.xpath("//dl/div/dt/text()"), tree.xpath("//dl/div/dd/text()"), strict=True))
    assert counts == {"inputs": "28", "ok": "28"}
    captions = tree.xpath("//figure/figcaption/text()")
    assert {"Pages by profile", "Pages by kind", "Sections by kind", "Signs of trouble"} <= set(captions)
    sections = tree.xpath('//figure[figcaption="Sections by kind"]//text[@class="rv-chart-label"]/text()')
    assert "symptoms" in sections and "treatment" in sections
    assert (raw_review / REVIEW_DIR / "review.css").is_file()


def _mixed_batch(tmp_path: Path) -> tuple[Path, Path]:
    """raw pages, an empty file (error: empty), a login page (error: no_article), a page we later delete."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("calcinosis-cutis.html", "gout.html", "achalasia.txt"):
        shutil.copy(RAW / name, inputs / name)
    (inputs / "empty.html").write_bytes(b"")
    (inputs / "login.html").write_bytes(attack("attack-refused.html"))
    out = tmp_path / "out"
    run(out, inputs)
    return inputs, out


def test_only_errors_and_only_trouble(tmp_path: Path) -> None:
    inputs, out = _mixed_batch(tmp_path)
    (inputs / "gout.html").unlink()  # its record stays: input_missing, a sign of trouble
    build_review(out, "errors")
    assert sorted(r.get("data-input").rsplit("/", 1)[1] for r in index_rows(out)) == ["empty.html", "login.html"]
    assert len(list((out / REVIEW_DIR / "p").iterdir())) == 2  # views of an earlier review went
    build_review(out, "trouble")
    listed = {r.get("data-input").rsplit("/", 1)[1]: r for r in index_rows(out)}
    assert set(listed) == {"empty.html", "login.html", "gout.html"}
    assert list(listed)[:2] != ["gout.html"]  # errors come first
    gout = html.parse(str(view_of(out, listed["gout.html"])))
    assert gout.xpath('//span[contains(@class, "rv-flag-input_missing")]')
    assert gout.xpath('//*[@id="record-title"]/text()') == ["Gout"]


def test_an_error_view_shows_the_page_the_pipeline_refused(tmp_path: Path) -> None:
    _, out = _mixed_batch(tmp_path)
    build_review(out)
    rows = {r.get("data-input").rsplit("/", 1)[1]: r for r in index_rows(out)}
    login = html.parse(str(view_of(out, rows["login.html"])))
    assert "no_article" in " ".join(login.xpath('//p[@class="rv-summary"]//text()'))
    shown = " ".join(login.xpath('//*[@id="page-source"]//*[contains(@class, "rv-b-out")]//text()'))
    assert "log in" in shown  # the page as the last look saw it, nothing kept
    assert not login.xpath('//*[@id="page-source"]//*[contains(@class, "rv-b-kept")]')
    empty = html.parse(str(view_of(out, rows["empty.html"])))
    assert "not run again" in " ".join(empty.xpath('//*[@id="source"]//text()'))


def test_an_orphaned_record_is_shown_with_its_reason(tmp_path: Path) -> None:
    inputs, out = _mixed_batch(tmp_path)
    (inputs / "gout.html").unlink()
    run(out, inputs)  # the folder's report keeps gout's record, as orphaned
    build_review(out, "trouble")
    rows = {r.get("data-input").rsplit("/", 1)[1]: r for r in index_rows(out)}
    assert rows["gout.html"].xpath(".//span[contains(@class, 'rv-flag')]/text()") == ["orphaned"]
    page = html.parse(str(view_of(out, rows["gout.html"])))
    assert page.xpath('//*[@id="record-title"]/text()') == ["Gout"]
    assert "orphaned record: its input is gone" in " ".join(page.xpath('//*[@id="source"]//text()'))


def test_a_changed_input_is_flagged(tmp_path: Path) -> None:
    inputs, out = _mixed_batch(tmp_path)
    with open(inputs / "gout.html", "ab") as stream:
        stream.write(b"<!-- edited -->")
    build_review(out, "trouble")
    rows = {r.get("data-input").rsplit("/", 1)[1]: r for r in index_rows(out)}
    flags = rows["gout.html"].xpath(".//span[contains(@class, 'rv-flag')]/text()")
    assert flags == ["input_changed"]


def test_relative_input_names_are_read_from_the_base_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pages").mkdir()
    shutil.copy(CALCINOSIS, tmp_path / "pages" / "c.html")
    monkeypatch.chdir(tmp_path)
    summary = run_batch(BatchConfig(paths=("pages",), out_dir=Path("out"), workers=1))
    assert summary.totals["ok"] == 1
    monkeypatch.chdir(tmp_path / "pages")
    build_review(tmp_path / "out", base=tmp_path)
    page = html.parse(str(view_of(tmp_path / "out", index_rows(tmp_path / "out")[0])))
    assert page.xpath('//*[@id="page-source"]//*[@data-kind="comments"]')


def test_a_warc_page_is_read_again_from_its_warc(tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/calcinosis",
                "response",
                payload=io.BytesIO(CALCINOSIS.read_bytes()),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-03-01T10:00:00Z"},
            )
        )
    assert warcio
    out = tmp_path / "out"
    run(out, warc)
    build_review(out)
    (row,) = index_rows(out)
    assert row.xpath(".//span[contains(@class, 'rv-flag')]") == []  # same record again: url and date reached it
    page = html.parse(str(view_of(out, row)))
    assert KNOWN_AD in " ".join(page.xpath('//*[@data-kind="ads"]//text()'))


def test_the_review_leaves_records_and_other_files_alone(tmp_path: Path) -> None:
    _, out = _mixed_batch(tmp_path)
    (out / REVIEW_DIR / "p").mkdir(parents=True)
    keep = out / REVIEW_DIR / "p" / "notes.json"
    keep.write_text("{}", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.glob("*.json")}
    build_review(out)
    assert {p: p.read_bytes() for p in out.glob("*.json")} == before
    assert keep.read_text(encoding="utf-8") == "{}"


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _mixed_batch(tmp_path)
    assert main(["review", str(out), "--only", "trouble"]) == 0
    assert "page views (pages with a sign of trouble)" in capsys.readouterr().out
    assert main(["review", str(tmp_path / "nothing")]) == 2
    assert "no readable _report.json" in capsys.readouterr().err
    assert main(["review", str(out), "--only", "some"]) == 2


def test_the_review_is_outside_the_code_fingerprint(tmp_path: Path) -> None:
    """Changing the review changes no record, so it must not make a run redo every page."""
    package = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    before = code_fingerprint(package)
    with open(package / "review" / "look.py", "a", encoding="utf-8") as stream:
        stream.write("\n# a review-side comment\n")
    assert code_fingerprint(package) == before
