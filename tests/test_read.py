"""read: bytes to text, whatever the encoding, compression or format."""

from __future__ import annotations

import gzip

import pytest

from pipeline.errors import PageError
from pipeline.models import Limits
from pipeline.read import has_mojibake, read

LIMITS = Limits()
ARTICLE = (
    "<html><head>{meta}</head><body><p>Caf\u00e9 \u2018quotes\u2019 \u2013 dash, 39\u00b0C.</p></body></html>"
)


def test_meta_charset_windows_1252_is_obeyed():
    data = ARTICLE.format(meta='<meta charset="windows-1252">').encode("cp1252")
    decoded = read(data, LIMITS)
    assert decoded.encoding == "windows-1252"
    assert "Caf\u00e9 \u2018quotes\u2019 \u2013 dash, 39\u00b0C." in decoded.text


def test_undeclared_windows_1252_is_detected():
    data = ARTICLE.format(meta="").encode("cp1252")
    decoded = read(data, LIMITS)
    assert "\u2018quotes\u2019" in decoded.text
    assert "\ufffd" not in decoded.text


def test_declared_utf8_that_is_not_utf8_falls_back():
    data = ARTICLE.format(meta='<meta charset="utf-8">').encode("cp1252")
    assert "Caf\u00e9" in read(data, LIMITS).text


def test_bom_wins_over_declaration():
    data = b"\xef\xbb\xbf" + ARTICLE.format(meta='<meta charset="iso-8859-1">').encode("utf-8")
    decoded = read(data, LIMITS)
    assert decoded.encoding == "utf-8" and "\u2013 dash" in decoded.text


def test_utf16_with_and_without_bom():
    text = ARTICLE.format(meta="")
    assert "Caf\u00e9" in read(text.encode("utf-16"), LIMITS).text
    assert "Caf\u00e9" in read(text.encode("utf-16-le"), LIMITS).text


def test_mojibake_is_repaired_and_reported():
    broken = "<p>Don\u2019t stop \u2013 caf\u00e9</p>".encode().decode("cp1252").encode()
    decoded = read(broken, LIMITS)
    assert "Don\u2019t stop \u2013 caf\u00e9" in decoded.text
    assert "mojibake repaired" in decoded.warnings


def test_gzip_is_decompressed_and_capped():
    data = gzip.compress(ARTICLE.format(meta="").encode())
    assert "Caf\u00e9" in read(data, LIMITS).text
    with pytest.raises(PageError) as err:
        read(gzip.compress(b"<p>" + b"a" * 10_000), Limits(max_decompressed=1000))
    assert err.value.reason == "too_large"
    with pytest.raises(PageError) as err:
        read(gzip.compress(b"<p>" + b"a" * 10_000)[:40], LIMITS)
    assert err.value.reason == "bad_gzip"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (bytes(range(256)) * 20, "binary"), (b"x" * 50, "too_large")],
)
def test_bad_inputs_get_a_reason(data, reason):
    with pytest.raises(PageError) as err:
        read(data, Limits(max_bytes=40) if reason == "too_large" else LIMITS)
    assert err.value.reason == reason


def test_format_is_sniffed_from_content():
    assert read(b"<!doctype html><p>x</p>", LIMITS).format == "html"
    assert read(b"Title\n\nSome text about <b>bold</b> things.", LIMITS).format == "text"
    assert read(b"  <div><p>a</p><p>b</p></div>", LIMITS).format == "html"


def test_a_page_opening_with_a_long_style_block_is_html():
    """Some pages open straight with an inline stylesheet longer than the window the tags are counted in."""
    css = "".join(f".c{i} {{ opacity: 0; transition-duration: 0.4s; }}\n" for i in range(1000))
    page = f"<style>\n{css}</style>\n<div class='post'><h1>T</h1><p>Body text.</p></div>"
    assert len(css) > 20000
    assert read(page.encode(), LIMITS).format == "html"


def test_undeclared_latin_text_prefers_windows_1252_over_other_latin_pages():
    data = "<html><body><p>M\u00e9ni\u00e8re\u2019s disease \u2013 vertigo, tinnitus and hearing loss.</p></body></html>".encode(
        "cp1252"
    )
    decoded = read(data, LIMITS)
    assert decoded.encoding == "windows-1252" and "M\u00e9ni\u00e8re\u2019s" in decoded.text


@pytest.mark.parametrize(
    "text, damaged",
    [
        ("cafÃ© au lait", True),  # é read as cp1252
        ("donâ€™t", True),  # ’ read as cp1252
        ("Â\u00a0non-breaking", True),  # U+00A0 read as Latin-1
        ("château, Ãle, â", False),  # real accented words, and leads with nothing after them
        ("Ã", False),
        ("", False),
    ],
)
def test_mojibake_is_told_from_accented_text(text, damaged):
    assert has_mojibake(text) is damaged


def test_a_utf8_page_with_a_few_stray_code_page_bytes_stays_utf8():
    """A template's alt text in windows-1252 ("f\\xfcr") must not turn every UTF-8 umlaut into mojibake."""
    body = "<p>Schöne Grüße aus der Küche: Rinderleber mit Äpfeln, Zwiebeln und Möhren.</p>" * 3
    data = (
        b'<html><head><meta charset="utf-8"></head><body><img alt="Bl\xf6g f\xfcr K\xfcche">'
        + body.encode("utf-8")
        + b"</body></html>"
    )
    decoded = read(data, LIMITS)
    assert "Schöne Grüße aus der Küche" in decoded.text
    assert 'alt="Blög für Küche"' in decoded.text
    assert decoded.encoding == "utf-8+windows-1252" and decoded.utf8 is None
    assert not decoded.warnings
