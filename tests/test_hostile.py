"""Hostile inputs: every one must end as a Record or a PageError with the right reason, quickly.

The issue's promise is tested input by input with the exact outcome, not
just "no crash": a reason code, or a record and what it must and must not
hold. Each input runs in a forked worker with a time bound (5 s, ~100x what
a real page takes, so a loaded CI box does not flake) and an address-space
cap, so a hang or a memory blow-up fails its own test instead of the run.

Where the pipeline has a known bug the test says so with xfail(strict=True):
it fails loudly (XPASS) the day the bug is fixed, so the mark gets removed.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from pipeline import Limits, PageError, process

HERE = Path(__file__).resolve().parent


def _load(relative: str, name: str) -> ModuleType:
    """Import a helper by path, so the tests work whether or not tests/ is a package."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


corpus = _load("nasty/make_corpus.py", "nasty_make_corpus")
fuzz = _load("fuzz/fuzz_process.py", "fuzz_process")

TIME_BOUND_S = fuzz.TIME_BOUND_S
MiB = 2**20


# ------------------------------------------------------------ expectations


@dataclass(frozen=True)
class Expect:
    """The one right outcome for an input."""

    reason: str | None = None  # a PageError reason code; None means a record
    contains: tuple[str, ...] = ()  # phrases the record's visible text must hold
    absent: tuple[str, ...] = ()  # strings that must not appear anywhere in the record
    headings: tuple[str | None, ...] | None = None
    bug: str = ""  # set while the pipeline gets this input wrong: xfail(strict) with this reason


ARTICLE = Expect(
    contains=corpus.KEY_PHRASES + corpus.NON_ASCII_PHRASES, headings=(None, "Symptoms", "Treatment")
)
SECRET_LINE = "root:x:0:0"  # first line of /etc/passwd: the committed XML files point their entities there

EXPECTED: dict[str, Expect] = {
    "empty.html": Expect("empty"),
    "whitespace_only.html": Expect("empty"),
    "whitespace_unicode.html": Expect(
        "empty",
    ),
    "binary.html": Expect("binary"),
    "nul_bytes.html": Expect("binary"),
    "nul_in_text.html": Expect(
        contains=(*ARTICLE.contains, "long-lasting", "scaly patches"),
        absent=("\x00",),
        headings=ARTICLE.headings,
    ),
    "utf16_bom.html": ARTICLE,
    "utf16le_no_bom.html": ARTICLE,
    "utf16be_no_bom.html": ARTICLE,
    "charset_latin1_is_utf8.html": Expect(
        contains=ARTICLE.contains, absent=("Ã", "â€"), headings=ARTICLE.headings
    ),
    "charset_utf8_is_cp1252.html": ARTICLE,
    "charset_utf16_is_ascii.html": Expect(
        contains=corpus.KEY_PHRASES,
        headings=ARTICLE.headings,
    ),
    "page.html.gz": ARTICLE,
    "truncated.html.gz": Expect("bad_gzip"),
    "corrupt.html.gz": Expect("bad_gzip"),
    "multi_member.html.gz": Expect(
        contains=ARTICLE.contains,
        headings=ARTICLE.headings,
    ),
    "scripts_only.html": Expect("no_article"),
    "frameset.html": Expect("no_article"),
    "xml_external_entity.html": Expect(
        contains=ARTICLE.contains, absent=(SECRET_LINE,), headings=ARTICLE.headings
    ),
    "xml_external_dtd.html": Expect(
        contains=ARTICLE.contains, absent=(SECRET_LINE,), headings=ARTICLE.headings
    ),
    "xml_xinclude.xhtml": Expect(contains=ARTICLE.contains, absent=(SECRET_LINE,), headings=ARTICLE.headings),
    "xml_billion_laughs.html": Expect(
        contains=ARTICLE.contains, absent=("lollollol",), headings=ARTICLE.headings
    ),
    "image.svg": Expect(
        "no_article",
    ),
    "pdf_renamed.html": Expect("binary"),
    "pdf_uncompressed_renamed.html": Expect(
        "binary",
    ),
    "redirect_stub.html": Expect("no_article"),
    "cookie_wall_onetrust.html": Expect("no_article"),
    "cookie_wall_cookiebot.html": Expect(
        "no_article",
    ),
    "cookie_banner_article.html": Expect(
        contains=ARTICLE.contains, absent=("842 partners",), headings=ARTICLE.headings
    ),
    "login_page.html": Expect("no_article"),
    "not_found_wordpress.html": Expect("no_article"),
    "not_found_plain.html": Expect("no_article"),
    "article_in_body.html": Expect(
        contains=ARTICLE.contains,
        headings=ARTICLE.headings,
    ),
}


def check(outcome: fuzz.Outcome, expect: Expect, data: bytes, time_bound_s: float = TIME_BOUND_S) -> None:
    """Assert `outcome` is exactly `expect`, in time, and breaks no record invariant."""
    assert outcome.kind in ("record", "error"), outcome.describe()
    assert outcome.elapsed < time_bound_s, f"took {outcome.elapsed:.2f} s: {outcome.describe()}"
    if expect.reason is not None:
        assert (outcome.kind, outcome.reason) == ("error", expect.reason), outcome.describe()
        return
    assert outcome.kind == "record", outcome.describe()
    missing = [p for p in expect.contains if p not in outcome.article_text]
    assert not missing, f"missing {missing} from {outcome.article_text[:400]!r}"
    leaked = [s for s in expect.absent if s in outcome.json_text]
    assert not leaked, f"{leaked} leaked into the record"
    if expect.headings is not None:
        assert tuple(s["heading"] for s in outcome.record["sections"]) == expect.headings
    assert fuzz.problems(outcome, data, time_bound_s) == []


def _param(name: str, expect: Expect) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=expect.bug)] if expect.bug else []
    return pytest.param(name, expect, id=name, marks=marks)


# ------------------------------------------------------------ the corpus


def test_corpus_files_are_what_the_builders_make() -> None:
    """The committed files are reproducible from make_corpus.py and each has an expectation."""
    built = corpus.build_all()
    on_disk = {p.name: p.read_bytes() for p in corpus.CORPUS_DIR.iterdir() if p.is_file()}
    assert sorted(on_disk) == sorted(built), "run python tests/nasty/make_corpus.py"
    stale = [name for name in built if on_disk[name] != built[name]]
    assert not stale, f"out of date, run python tests/nasty/make_corpus.py: {stale}"
    assert sorted(EXPECTED) == sorted(built)
    assert all(len(data) <= corpus.MAX_COMMITTED_BYTES for data in on_disk.values())


@pytest.mark.parametrize(("name", "expect"), [_param(n, e) for n, e in EXPECTED.items()])
def test_corpus_file(name: str, expect: Expect) -> None:
    data = (corpus.CORPUS_DIR / name).read_bytes()
    check(fuzz.guarded_process(data, name), expect, data)


# ---------------------------------------------------------- local only


@pytest.mark.parametrize(
    "builder",
    [corpus.external_entity_page, corpus.external_dtd_page, corpus.xinclude_page],
    ids=["entity", "dtd", "xinclude"],
)
def test_no_local_file_is_loaded(tmp_path: Path, builder: Callable[[str], bytes]) -> None:
    """A file:// reference to a local secret leaves the secret out of the record."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a9c-do-not-read\n")
    data = builder(secret.as_uri())
    expect = Expect(contains=ARTICLE.contains, absent=("TOPSECRET-7f3a9c",), headings=ARTICLE.headings)
    check(fuzz.guarded_process(data, "xxe.html"), expect, data)


@pytest.mark.parametrize(
    "builder",
    [corpus.external_entity_page, corpus.external_dtd_page, corpus.xinclude_page],
    ids=["entity", "dtd", "xinclude"],
)
def test_no_network_is_touched(builder: Callable[[str], bytes]) -> None:
    """An http:// reference to a listening local port gets no connection at all."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/remote.dtd"
        data = builder(url)
        check(fuzz.guarded_process(data, "remote.html"), Expect(contains=ARTICLE.contains), data)
        with pytest.raises(BlockingIOError):
            server.accept()  # a connection attempt, even unanswered, would be waiting here


# ----------------------------------------------------------------- caps


@pytest.fixture(scope="module")
def page_50mb() -> bytes:
    return corpus.huge_page(50 * 2**20)


def test_50mb_page_is_too_large_and_fast(page_50mb: bytes) -> None:
    """Over the 16 MiB default the page is refused before any work is done."""
    outcome = fuzz.guarded_process(page_50mb, "huge.html")
    check(outcome, Expect("too_large"), page_50mb, time_bound_s=1.0)


def test_input_cap_follows_limits() -> None:
    """max_bytes is the size as read; a page of exactly max_bytes is still processed."""
    data = corpus.huge_page(200_000)
    check(fuzz.guarded_process(data, limits=Limits(max_bytes=199_999)), Expect("too_large"), data)
    check(
        fuzz.guarded_process(data, limits=Limits(max_bytes=200_000)),
        Expect(contains=corpus.KEY_PHRASES),
        data,
    )


def test_gzip_bomb_over_a_small_cap_stops_early_and_small() -> None:
    """A 64 MiB bomb against a 1 MiB cap: too_large, and memory stays near the cap, not the bomb."""
    bomb = corpus.gzip_bomb(64 * MiB)
    limits = Limits(max_decompressed=1 * MiB)
    check(
        fuzz.guarded_process(bomb, "bomb.html.gz", limits, memory_bytes=256 * MiB), Expect("too_large"), bomb
    )
    tracemalloc.start()
    try:
        with pytest.raises(PageError) as caught:
            process(bomb, "bomb.html.gz", limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.reason == "too_large"
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB for a 1 MiB cap"


def test_gzip_bomb_of_one_gib_at_the_default_cap() -> None:
    """1 GiB of zeros in ~1 MB of gzip: too_large with the default cap, in a worker allowed 512 MiB."""
    bomb = corpus.gzip_bomb(2**30)
    assert len(bomb) < 2 * MiB
    outcome = fuzz.guarded_process(bomb, "bomb.html.gz", memory_bytes=512 * MiB)
    check(outcome, Expect("too_large"), bomb)


def test_gzip_under_the_cap_is_decompressed() -> None:
    """The cap is a cap, not a ban: 1 MiB of zeros under a 2 MiB cap decompresses (and is binary)."""
    bomb = corpus.gzip_bomb(1 * MiB)
    check(fuzz.guarded_process(bomb, "zeros.gz", Limits(max_decompressed=2 * MiB)), Expect("binary"), bomb)


@pytest.mark.parametrize(
    "tags", [("div",), ("span",), ("section",), ("b",), ("ul", "li"), ("table", "tr", "td")], ids=str
)
def test_100000_nested_elements_are_too_deep(tags: tuple[str, ...]) -> None:
    data = corpus.deep_nesting(100_000, tags)
    check(fuzz.guarded_process(data, "deep.html"), Expect("too_deep"), data)


def test_deep_but_legal_nesting_gives_a_record() -> None:
    """240 levels is under the parser's cap: the recursive walks must not overflow the stack."""
    data = corpus.deep_nesting(240)
    check(fuzz.guarded_process(data, "deep.html"), Expect(contains=ARTICLE.contains), data)


def test_too_many_elements_with_default_limits() -> None:
    data = corpus.many_elements(250_000)
    check(fuzz.guarded_process(data, "bloated.html"), Expect("too_many_elements"), data)


def test_element_cap_follows_limits() -> None:
    limits = Limits(max_elements=1_000)
    over, under = corpus.many_elements(1_500), corpus.many_elements(100)
    check(fuzz.guarded_process(over, limits=limits), Expect("too_many_elements"), over)
    check(fuzz.guarded_process(under, limits=limits), Expect(contains=ARTICLE.contains), under)


# ------------------------------------------------ slow paths under the caps

SLOW_PATHS = {
    # name: (page builder taking a size, full size, the slow path it once hit)
    "many_sections": (
        corpus.many_sections,
        8_000,
        "an XPath union / './/*[test]' merged node-sets quadratically (8,000 sections took ~12 s)",
    ),
    "many_abbreviations": (
        corpus.many_abbreviations,
        12_000,
        "text.sentences re-searched the whole prefix after each abbreviation (48 KB took ~34 s)",
    ),
    "shortcode_spaces": (
        corpus.shortcode_spaces,
        40_000,
        "text._SHORTCODE backtracked on '[name' and a run of spaces (40,000 NBSP took ~29 s)",
    ),
    "many_icd_codes": (
        corpus.many_icd_codes,
        80_000,
        "fields deduplicated codes in a list (80,000 codes took ~11 s)",
    ),
}


@pytest.mark.parametrize("name", list(SLOW_PATHS))
def test_pages_under_the_caps_grow_linearly(name: str) -> None:
    """Pages far below every cap must not hang: the caps are only a promise if the stages are linear.

    The page is run at a quarter and at full size: linear work takes about 4x
    as long, quadratic 16x. A ratio, not a time, so a loaded machine does not
    fail it; the full page must still end within the per-page timeout.
    """
    build, size, _ = SLOW_PATHS[name]
    bound = Limits().timeout_s
    small, full = build(size // 4), build(size)
    quarter = fuzz.guarded_process(small, f"{name}-small.html", timeout_s=bound)
    whole = fuzz.guarded_process(full, f"{name}.html", timeout_s=bound)
    check(whole, Expect(contains=corpus.KEY_PHRASES[1:2]), full, time_bound_s=bound)
    assert whole.elapsed < 8 * max(quarter.elapsed, 0.05), (quarter.elapsed, whole.elapsed)


# ------------------------------------------------------ fuzz regressions

# Crashers the fuzz harness saved whose bug is not fixed yet: file name -> reason.
KNOWN_CRASHERS: dict[str, str] = {}


def _crashers() -> list[object]:
    if not fuzz.CRASHERS_DIR.is_dir():
        return []
    files = sorted(
        p for p in fuzz.CRASHERS_DIR.iterdir() if p.is_file() and p.suffix not in fuzz.SIDECAR_SUFFIXES
    )
    return [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CRASHERS[p.name])]
            if p.name in KNOWN_CRASHERS
            else [],
        )
        for p in files
    ]


@pytest.mark.parametrize("path", _crashers())
def test_fuzz_crasher_now_ends_well(path: Path) -> None:
    """Every input the fuzzer ever broke the pipeline with ends as a Record or a known PageError."""
    data = path.read_bytes()
    outcome = fuzz.guarded_process(data, path.name)
    assert fuzz.problems(outcome, data) == [], outcome.describe()
