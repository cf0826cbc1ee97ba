"""The review as a real browser renders it: Chromium (the system's package), driven by selenium and chromedriver.

The review of raw/ and of pages built to attack it (tests/review_attacks/)
is opened from the file system. Every address those pages name points at a
local HTTP server that counts what it gets; the browser's own network log
lists every request. Nothing may leave the file system and no script of a
page may run, not even when its links and buttons are clicked.

Without Chromium, chromedriver or selenium these tests skip, saying what is
missing; `.ci/run` installs them and sets HEALTH_PIPELINE_BROWSER_TESTS=required,
which turns a missing browser into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the review extra is not installed (pip install -e '.[review]')")
pytest.importorskip("nh3", reason="the review extra is not installed (pip install -e '.[review]')")

from pipeline.review.build import REVIEW_DIR, build_review
from tests.test_review import ATTACKS, KNOWN_AD, KNOWN_COMMENT, KNOWN_KEPT, RAW, run

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("REVIEW_ARTIFACTS", ROOT / "test-artifacts"))
HOSTILE_NAME = '"><img src=x onerror=window.__pwned=1>.html'  # a file name is page content too


class _Counter(BaseHTTPRequestHandler):
    """Answers everything with 200 and counts it: the review must never get here."""

    hits: list[str] = []  # noqa: RUF012 (one server per test module)

    def _answer(self) -> None:
        type(self).hits.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    do_GET = do_POST = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    _Counter.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, server: ThreadingHTTPServer) -> Path:
    """raw/ and the attack pages (pointing at the counting server) run and reviewed; the review's folder."""
    root = tmp_path_factory.mktemp("browser")
    attacks = root / "attacks"
    attacks.mkdir()
    port = str(server.server_address[1]).encode()
    for page in ATTACKS.iterdir():
        if page.suffix in (".html", ".txt"):
            (attacks / page.name).write_bytes(page.read_bytes().replace(b"PORT", port))
    shutil.copy(RAW / "calcinosis-cutis.html", attacks / HOSTILE_NAME)
    out = root / "out"
    run(out, RAW, attacks)
    build_review(out)
    return out / REVIEW_DIR


def _browser_missing() -> str | None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        return "no Chromium (apt-get install chromium)"
    if shutil.which("chromedriver") is None:
        return "no chromedriver (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "no selenium (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("HEALTH_PIPELINE_BROWSER_TESTS") == "required":
            pytest.fail(f"the browser tests are required here, but there is {missing}")
        pytest.skip(f"browser tests need a headless Chromium: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(browser: object, path: Path) -> list[str]:
    """Load a page of the review; the URL of every request the page made (the network log, drained)."""
    browser.get(path.as_uri())
    return _requests(browser)


def _requests(browser: object) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _views(site: Path) -> list[Path]:
    return sorted((site / "p").iterdir())


def _view_of(browser: object, site: Path, ending: str) -> Path:
    browser.get((site / "index.html").as_uri())
    for row in browser.find_elements("css selector", "#page-list tbody tr"):
        if row.get_attribute("data-input").endswith(ending):
            href = row.find_element("css selector", "td.rv-input a").get_attribute("href")
            return Path(href.removeprefix("file://"))
    raise AssertionError(f"no row for {ending}")


def _assert_nothing_ran(browser: object) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    assert browser.execute_script("return window.__pwned === undefined") is True
    assert "PWNED" not in browser.title
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 (reading it is the test)


def test_every_page_is_listed(browser: object, site: Path) -> None:
    report = json.loads((site.parent / "_report.json").read_text(encoding="utf-8"))
    pages = {e["input"] for e in report["entries"] if e["status"] != "skipped"}
    _open(browser, site / "index.html")
    rows = browser.find_elements("css selector", "#page-list tbody tr")
    assert {row.get_attribute("data-input") for row in rows} == pages
    assert len(rows) == len(pages) == len(list(RAW.iterdir())) + 4
    for row in rows:
        assert row.find_element("css selector", "td.rv-input a").is_displayed()
    assert any(e["status"] == "error" for e in report["entries"])  # the refused attack page is listed too


def test_no_request_leaves_the_file_system(browser: object, site: Path, server: ThreadingHTTPServer) -> None:
    seen: list[str] = []
    for page in [site / "index.html", *_views(site)]:
        seen += _open(browser, page)
        _assert_nothing_ran(browser)
    assert [url for url in seen if not url.startswith("file://")] == []
    assert any(url.endswith("/review.css") for url in seen)  # the log does list requests
    assert _Counter.hits == []


def test_the_known_comment_and_ad_are_marked_dropped_and_the_article_kept(browser: object, site: Path) -> None:
    _open(browser, _view_of(browser, site, "raw/calcinosis-cutis.html"))
    for kind, known in (("comments", KNOWN_COMMENT), ("ads", KNOWN_AD)):
        block = browser.find_element("css selector", f'#page-source [data-kind="{kind}"]')
        assert known in block.text and block.is_displayed()
        assert "rv-k-" + kind in block.get_attribute("class")
        style = "return getComputedStyle(arguments[0]).textDecorationLine"
        assert browser.execute_script(style, block) == "line-through"
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", block)
        assert label == f'"{kind}"'
    kept = browser.find_elements("css selector", "#page-source .rv-b-kept")
    assert any(KNOWN_KEPT in span.text for span in kept)
    colour = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", kept[0])
    assert colour == "rgb(216, 243, 220)"  # the review's style sheet applies (the CSP lets it in)
    assert browser.find_element("id", "record-title").text == "Calcinosis cutis"


@pytest.mark.parametrize("ending", ["attack-article.html", "attack-refused.html", "attack-dump.txt", HOSTILE_NAME])
def test_an_attacking_page_runs_nothing_even_when_clicked(
    browser: object, site: Path, server: ThreadingHTTPServer, ending: str
) -> None:
    view = _view_of(browser, site, ending)
    _requests(browser)
    requests = _open(browser, view)
    _assert_nothing_ran(browser)
    dangerous = browser.execute_script(
        r"""return Array.from(document.querySelectorAll('*')).filter(e =>
             Array.from(e.attributes).some(a => a.name.startsWith('on') || a.name === 'style'
               || ['src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href'].includes(a.name)
               || a.name === 'href' && !/^[0-9]+[.]html$|^[.][.]\/index[.]html#page-list$|^review[.]css$|^[.][.]\/review[.]css$|^p\/[0-9]+[.]html$/.test(a.value))
             || ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'FORM', 'INPUT', 'BASE', 'META'].includes(e.tagName.toUpperCase())
                && !(e.tagName === 'META' && e.parentNode === document.head)
           ).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert dangerous == []
    page = browser.current_url
    for selector in ("#source a", "#source span", "#record a", "#dump span"):
        for element in browser.find_elements("css selector", selector)[:60]:
            if element.is_displayed():
                with contextlib.suppress(Exception):  # an element under another one cannot take a click
                    element.click()
        _assert_nothing_ran(browser)
        assert browser.current_url == page
    assert [url for url in requests + _requests(browser) if not url.startswith("file://")] == []
    assert _Counter.hits == []


def test_a_screenshot_of_a_page_view(browser: object, site: Path) -> None:
    """Kept as a test artifact (test-artifacts/, or $REVIEW_ARTIFACTS) for a person to look at."""
    _open(browser, _view_of(browser, site, "raw/calcinosis-cutis.html"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "review-page-view.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, browser.execute_script("return window.innerHeight"))
    assert len(data) > 50_000  # a page of text and colour marks, not a blank screen
