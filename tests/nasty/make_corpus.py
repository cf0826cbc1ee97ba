"""Build the nasty-input corpus: files meant to break a page-to-record pipeline.

Small inputs are written to ``tests/nasty/corpus/`` so a reviewer can open
them and the batch runner can be pointed at them; each stays far below 1 MB.
Big inputs (a 50 MB page, gzip bombs, 100,000 nested tags, pages that drive
a slow path) are built at test time by the functions below, because a
repository should not carry megabytes of zeros and because their size is
what the test is about.

Run ``python tests/nasty/make_corpus.py`` after changing a builder;
test_hostile checks that the files on disk are exactly what the builders make,
so the script stays the source of truth.
"""

from __future__ import annotations

import codecs
import gzip
import random
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
MAX_COMMITTED_BYTES = 1_000_000

# ----------------------------------------------------------- article text

TITLE = "Psoriasis"
# Phrases the tests look for in records: one per part of the article, so a
# lost section or a lost list shows up as a missing phrase.
KEY_PHRASES = (
    "speeds up the growth cycle of skin cells",
    "Thickened or ridged nails.",
    "stop skin cells from growing so quickly",
)
# Non-ASCII words for the encoding cases: each is spelled differently in
# UTF-8, windows-1252 and UTF-16, so a wrong decode cannot keep them.
NON_ASCII_PHRASES = ("naïve", "café", "doesn’t", "“flare”")
ARTICLE = (
    "<p>Psoriasis is a long-lasting skin disease that speeds up the growth cycle of skin cells. "
    "It causes thick, scaly patches that often itch and sometimes hurt.</p>"
    "<p>Many people say the rash doesn’t stop them from living well, and a naïve question from "
    "a stranger in a café about a “flare” is often the hardest part.</p>"
    "<h2>Symptoms</h2>"
    "<p>Signs and symptoms differ from person to person. Common symptoms may include:</p>"
    "<ul><li>Red patches of skin covered with silvery scales.</li>"
    "<li>Dry, cracked skin that may bleed.</li><li>Thickened or ridged nails.</li></ul>"
    "<h2>Treatment</h2>"
    "<p>Treatments aim to stop skin cells from growing so quickly and to remove scales. "
    "Options include creams, light therapy and medication taken by mouth or by injection.</p>"
)


def article_page(charset: str | None = "utf-8", extra_head: str = "", extra_body: str = "") -> str:
    """A small but complete page holding ARTICLE in a `.entry-content` element."""
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{meta}<title>{TITLE} | Example Health</title>'
        f"{extra_head}</head>\n<body><header><nav><ul><li><a href=\"/\">Home</a></li>"
        '<li><a href="/a-z">Conditions A-Z</a></li></ul></nav></header>\n'
        f'<main><article><h1>{TITLE}</h1><div class="entry-content">{ARTICLE}</div></article></main>\n'
        f"{extra_body}<footer><p>© Example Health</p></footer></body></html>\n"
    )


# ------------------------------------------------------- small: bytes level


def binary_bytes() -> bytes:
    """Random bytes from a fixed seed: what an image or archive saved as .html looks like."""
    return random.Random(20240101).randbytes(8192)


def nul_in_text() -> bytes:
    """A real page with a few stray NUL bytes inside words (broken CMS exports do this)."""
    return article_page().replace("long-lasting", "long\x00-lasting").replace("scaly", "sc\x00aly").encode()


def whitespace_unicode() -> bytes:
    """A UTF-8 BOM then only Unicode spaces: empty to a reader, not to bytes.strip()."""
    return codecs.BOM_UTF8 + ("\u00a0 \u3000\u200b\t\r\n" * 64).encode()


def utf16(with_bom: bool, byteorder: str = "le") -> bytes:
    """The article page in UTF-16, the way Windows tools save it."""
    page = article_page(charset="utf-16" if with_bom else None)
    encoded = page.encode(f"utf-16-{byteorder}")
    bom = codecs.BOM_UTF16_LE if byteorder == "le" else codecs.BOM_UTF16_BE
    return bom + encoded if with_bom else encoded


def charset_mismatch(declared: str, actual: str) -> bytes:
    """A page whose <meta charset> lies about its bytes."""
    return article_page(charset=declared).encode(actual)


def truncated_gzip() -> bytes:
    """A gzip download cut off half way."""
    whole = gzip.compress(article_page().encode(), mtime=0)
    return whole[: len(whole) // 2]


def corrupt_gzip() -> bytes:
    """A gzip header followed by bytes that are not deflate data."""
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"this is not deflate data at all" * 8


def gzip_page() -> bytes:
    """A well-formed gzip-compressed page: the control case for the gzip path."""
    return gzip.compress(article_page().encode(), mtime=0)


def multi_member_gzip() -> bytes:
    """A page compressed as two gzip members (what `cat a.gz b.gz` or a chunked writer makes)."""
    page = article_page().encode()
    cut = page.index(b"<h2>Symptoms")
    return gzip.compress(page[:cut], mtime=0) + gzip.compress(page[cut:], mtime=0)


# ------------------------------------------------------ small: page level

SCRIPT_TEXT = "Psoriasis treatment guide loading please wait while we prepare the article for you"


def scripts_only() -> bytes:
    """A client-rendered shell: text lives only in scripts, styles and noscript."""
    script = f'<script>window.__DATA__ = {{"title": "{SCRIPT_TEXT}", "body": "{SCRIPT_TEXT} " }};</script>'
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title>{script * 3}"
        "<style>body { font-family: sans-serif; } .app { min-height: 100vh; }</style></head>"
        f'<body><div id="app"></div>{script * 20}<noscript>You need to enable JavaScript to run this app.'
        "</noscript></body></html>"
    ).encode()


def frameset() -> bytes:
    """An old frameset page: the content lives in other documents."""
    return (
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\">\n<html><head>"
        f"<title>{TITLE}</title></head>\n<frameset cols=\"25%,75%\">"
        '<frame src="menu.html" name="menu"><frame src="psoriasis-body.html" name="main">'
        "<noframes><body><p>Your browser does not support frames.</p></body></noframes>"
        "</frameset></html>\n"
    ).encode()


def external_entity_page(url: str) -> bytes:
    """XHTML declaring an external entity that points at `url` and using it in the article."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE html [\n  <!ENTITY secret SYSTEM "{url}">\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Psoriasis</title></head>\n'
        f'<body><article><h1>{TITLE}</h1><div class="entry-content"><p>&secret;</p>{ARTICLE}'
        "</div></article></body></html>\n"
    ).encode()


def external_dtd_page(url: str) -> bytes:
    """XHTML whose DOCTYPE names an external DTD (and a parameter entity) at `url`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE html SYSTEM "{url}" [\n  <!ENTITY % remote SYSTEM "{url}">\n  %remote;\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Psoriasis</title></head>\n'
        f'<body><article><h1>{TITLE}</h1><div class="entry-content">{ARTICLE}</div></article></body></html>\n'
    ).encode()


def xinclude_page(url: str) -> bytes:
    """XHTML with an XInclude of `url` as text inside the article."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude">'
        "<head><title>Psoriasis</title></head>\n"
        f'<body><article><h1>{TITLE}</h1><div class="entry-content"><p><xi:include href="{url}" '
        f'parse="text"/></p>{ARTICLE}</div></article></body></html>\n'
    ).encode()


def billion_laughs() -> bytes:
    """The classic entity-expansion bomb: ten levels of ten references (10^9 'lol')."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(levels) + "\n]>\n"
        f'<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>'
        f'<div class="entry-content"><p>&lol9;</p>{ARTICLE}</div></article></body></html>\n'
    ).encode()


def svg_image() -> bytes:
    """An SVG diagram (with text labels) saved where a page was expected."""
    labels = "".join(
        f'<text x="20" y="{40 + 30 * i}" font-size="14">{label}</text>'
        for i, label in enumerate(["Epidermis", "Dermis", "Plaque", "Silvery scale", "Inflamed skin"])
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240">'
        "<title>Cross-section of a psoriasis plaque</title>"
        "<desc>Diagram showing thickened epidermis and inflamed dermis in plaque psoriasis.</desc>"
        '<rect x="0" y="0" width="400" height="80" fill="#f4c7a1"/>'
        '<rect x="0" y="80" width="400" height="160" fill="#e89a7a"/>'
        f'<path d="M10 70 Q 100 20 200 70 T 390 70" stroke="#999" fill="none"/>{labels}</svg>\n'
    ).encode()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file with a correct cross-reference table around `objects`."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_text_stream(compress: bool) -> bytes:
    lines = [b"BT /F1 11 Tf 72 720 Td 14 TL"] + [
        b"(" + sentence.encode("ascii") + b") '" for sentence in _pdf_sentences()
    ] + [b"ET"]
    content = b"\n".join(lines)
    if compress:
        data = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _pdf_sentences() -> list[str]:
    return [
        "Psoriasis is a long-lasting skin disease that speeds up the growth cycle of skin cells.",
        "It causes thick, scaly patches that often itch and sometimes hurt.",
        "Treatments aim to stop skin cells from growing so quickly and to remove scales.",
        "Options include creams, light therapy and medication taken by mouth or by injection.",
    ] * 3


def pdf_document(compress: bool = True) -> bytes:
    """A one-page PDF leaflet about psoriasis, saved with an .html name."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _pdf_text_stream(compress),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def redirect_stub() -> bytes:
    """What a crawler saves for a moved page: a meta refresh and a link."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="0; url=https://www.example-health.org/psoriasis/">'
        '<link rel="canonical" href="https://www.example-health.org/psoriasis/">'
        "<title>Redirecting…</title></head><body><p>Redirecting to "
        '<a href="https://www.example-health.org/psoriasis/">https://www.example-health.org/psoriasis/</a>'
        "</p><p>If you are not redirected automatically, follow this link.</p></body></html>\n"
    ).encode()


CONSENT_TEXT = (
    "We and our 842 partners store and/or access information on a device, such as cookies, and "
    "process personal data, such as unique identifiers and standard information sent by a device, "
    "for personalised advertising and content, advertising and content measurement, audience "
    "research and services development."
)
CONSENT_TEXT_2 = (
    "With your permission we and our partners may use precise geolocation data and identification "
    "through device scanning. You may click to consent to our and our partners’ processing as "
    "described above. Alternatively you may access more detailed information and change your "
    "preferences before consenting or to refuse consenting."
)


def cookie_wall(container: str) -> bytes:
    """An interstitial consent page: the only text on it is the consent notice.

    `container` is the opening tag of the notice, named the way a consent
    manager names it (OneTrust, Cookiebot, ...).
    """
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Before you continue</title>'
        '</head><body class="consent-wall">'
        f"{container}<h2>We value your privacy</h2><p>{CONSENT_TEXT}</p><p>{CONSENT_TEXT_2}</p>"
        "<p>Some partners do not ask for your consent to process your data, instead they rely on their "
        "legitimate business interest. View our list of partners to see the purposes they believe they "
        "have a legitimate interest for and how you can object to it.</p>"
        "<button>Accept all</button><button>Reject all</button><a href=\"/privacy\">Manage options</a>"
        "</div></body></html>\n"
    ).encode()


def cookie_banner_article() -> bytes:
    """A real article page with a cookie banner on top: the banner must not reach the record."""
    banner = (
        f'<div id="cookie-notice" class="cookie-banner" role="dialog"><p>{CONSENT_TEXT}</p>'
        "<button>Accept</button></div>"
    )
    return article_page(extra_body=banner).encode()


def login_page() -> bytes:
    """A paywall / sign-in page in front of the article."""
    return (
        b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in | Example Health</title>'
        b'</head><body><header><nav><a href="/">Example Health</a></nav></header><main>'
        b'<div class="login-box"><h1>Sign in to keep reading</h1>'
        b"<p>Members get unlimited access to every article, symptom checker and newsletter.</p>"
        b'<form method="post" action="/wp-login.php"><label for="user">Email address</label>'
        b'<input id="user" name="log" type="email"><label for="pass">Password</label>'
        b'<input id="pass" name="pwd" type="password"><label><input type="checkbox" name="rememberme">'
        b"Remember me</label><button type=\"submit\">Sign in</button></form>"
        b'<p><a href="/wp-login.php?action=lostpassword">Lost your password?</a> '
        b'<a href="/register">Create a free account</a></p></div></main></body></html>\n'
    )


def not_found_wordpress() -> bytes:
    """A WordPress theme's 404 page (the body class says so)."""
    return (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">'
        '<meta name="generator" content="WordPress 6.4.2">'
        "<title>Page not found | Example Health</title></head>"
        '<body class="error404 wp-theme-twentytwenty"><div id="page"><main id="main">'
        '<section class="error-404 not-found"><h1 class="page-title">Oops! That page can’t be found.</h1>'
        '<div class="page-content"><p>It looks like nothing was found at this location. The page you '
        "requested may have been moved, renamed or deleted, or the address may have been typed "
        "incorrectly. Maybe try one of the links below or a search?</p>"
        '<form role="search" class="search-form"><input type="search" name="s"></form>'
        '<h2>Most used categories</h2><ul><li><a href="/c/skin">Skin</a></li><li><a href="/c/heart">'
        "Heart</a></li></ul></div></section></main></div></body></html>\n"
    ).encode()


def not_found_plain() -> bytes:
    """A hand-written 404 page with no class that says what it is."""
    return (
        b"<html><head><title>404 Not Found</title></head><body><div><h1>Not Found</h1>"
        b"<p>The requested URL /psoriasis-treatment.html was not found on this server.</p>"
        b"<hr><address>Apache/2.4.41 (Ubuntu) Server at www.example-health.org Port 443</address>"
        b"</div></body></html>\n"
    )


def article_in_body() -> bytes:
    """A hand-made page whose paragraphs sit directly in <body>, without any wrapper element."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title></head>'
        f"<body><h1>{TITLE}</h1>{ARTICLE}</body></html>\n"
    ).encode()


# ------------------------------------------------- big: built at test time


def huge_page(size: int) -> bytes:
    """A valid article page padded with real paragraphs to exactly `size` bytes."""
    head = article_page().encode()
    cut = head.index(b"</div></article>")
    paragraph = (
        b"<p>Psoriasis is a long-lasting skin disease that speeds up the growth cycle of skin cells, "
        b"and it often runs in families.</p>\n"
    )
    if size < len(head):
        raise ValueError(f"a page cannot be smaller than {len(head)} bytes")
    filler_size = size - len(head)
    filler = paragraph * (filler_size // len(paragraph) + 1)
    return head[:cut] + filler[:filler_size] + head[cut:]


@cache
def _deflate_block(chunk_size: int) -> bytes:
    """Raw deflate of `chunk_size` zero bytes, closed by a full flush so copies can be chained."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(bytes(chunk_size)) + compressor.flush(zlib.Z_FULL_FLUSH)


@cache
def gzip_bomb(decompressed_size: int, chunk_size: int = 2**20) -> bytes:
    """A valid gzip file of `decompressed_size` zero bytes, built in milliseconds and little memory.

    Compressing a gigabyte of zeros takes seconds; chaining copies of one
    flushed deflate block of a 1 MiB chunk gives the same ~1000:1 stream.
    `decompressed_size` must be a multiple of `chunk_size`.
    """
    if decompressed_size % chunk_size:
        raise ValueError("decompressed_size must be a multiple of chunk_size")
    copies = decompressed_size // chunk_size
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    crc = _zeros_crc32(decompressed_size, chunk_size)
    trailer = crc.to_bytes(4, "little") + (decompressed_size % 2**32).to_bytes(4, "little")
    return header + _deflate_block(chunk_size) * copies + final + trailer


def _zeros_crc32(size: int, chunk_size: int) -> int:
    crc, chunk = 0, bytes(chunk_size)
    for _ in range(size // chunk_size):
        crc = zlib.crc32(chunk, crc)
    return crc


def deep_nesting(depth: int, tags: tuple[str, ...] = ("div",)) -> bytes:
    """The article inside `depth` nested copies of `tags` (closed, so the page is well formed)."""
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag}>" for tag in reversed(tags))
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>"
        + opening * depth
        + f'<div class="entry-content">{ARTICLE}</div>'
        + closing * depth
        + "</body></html>"
    ).encode()


def many_elements(count: int) -> bytes:
    """The article followed by `count` empty inline elements (a bloated page builder export)."""
    return article_page(extra_body="<i></i>" * count).encode()


def many_sections(count: int) -> bytes:
    """A long but ordinary page: `count` short sections (heading, paragraph, two-item list).

    The article element carries no class a profile knows, so the generic
    scorer has to find it, as on most small sites.
    """
    sections = "".join(
        f"<h2>Symptoms of stage {i}</h2><p>At stage {i} the patches grow, and itching, redness or "
        f"scaling may get worse.</p><ul><li>Itching at stage {i}.</li><li>Redness at stage {i}.</li></ul>"
        for i in range(count)
    )
    page = article_page().replace('class="entry-content"', 'class="post"')
    return page.replace("</div></article>", f"{sections}</div></article>").encode()


def many_abbreviations(count: int) -> bytes:
    """A list intro after a long run of initials ("A. B. C."), each looking like an abbreviation."""
    initials = "".join(f"{chr(65 + i % 26)}. " for i in range(count))
    body = (
        f"<p>Authors of the guideline: {initials}Its main points include:</p>"
        "<ul><li>Rest.</li><li>Moisturise.</li></ul>"
    )
    return article_page().replace("<h2>Symptoms", body + "<h2>Symptoms").encode()


def shortcode_spaces(count: int) -> bytes:
    """An unclosed shortcode-like bracket followed by many no-break spaces."""
    body = "<p>See the chart [caption" + "\u00a0" * count + "below for details.</p>"
    return article_page().replace("<h2>Symptoms", body + "<h2>Symptoms").encode()


def many_icd_codes(count: int) -> bytes:
    """A code-list page: one ICD-10 field naming `count` distinct codes."""
    codes = ", ".join(f"L{i // 100 % 100:02d}.{i % 100:02d}" for i in range(count))
    return article_page().replace("<h2>Symptoms", f"<p>ICD-10: {codes}</p><h2>Symptoms").encode()


# ------------------------------------------------------------- the corpus

SMALL: dict[str, Callable[[], bytes]] = {
    "empty.html": lambda: b"",
    "whitespace_only.html": lambda: b" \t\r\n" * 256,
    "whitespace_unicode.html": whitespace_unicode,
    "binary.html": binary_bytes,
    "nul_bytes.html": lambda: b"\x00" * 4096,
    "nul_in_text.html": nul_in_text,
    "utf16_bom.html": lambda: utf16(with_bom=True),
    "utf16le_no_bom.html": lambda: utf16(with_bom=False, byteorder="le"),
    "utf16be_no_bom.html": lambda: utf16(with_bom=False, byteorder="be"),
    "charset_latin1_is_utf8.html": lambda: charset_mismatch("iso-8859-1", "utf-8"),
    "charset_utf8_is_cp1252.html": lambda: charset_mismatch("utf-8", "windows-1252"),
    "charset_utf16_is_ascii.html": lambda: charset_mismatch("utf-16", "utf-8"),
    "page.html.gz": gzip_page,
    "truncated.html.gz": truncated_gzip,
    "corrupt.html.gz": corrupt_gzip,
    "multi_member.html.gz": multi_member_gzip,
    "scripts_only.html": scripts_only,
    "frameset.html": frameset,
    "xml_external_entity.html": lambda: external_entity_page("file:///etc/passwd"),
    "xml_external_dtd.html": lambda: external_dtd_page("file:///etc/passwd"),
    "xml_xinclude.xhtml": lambda: xinclude_page("file:///etc/passwd"),
    "xml_billion_laughs.html": billion_laughs,
    "image.svg": svg_image,
    "pdf_renamed.html": pdf_document,
    "pdf_uncompressed_renamed.html": lambda: pdf_document(compress=False),
    "redirect_stub.html": redirect_stub,
    "cookie_wall_onetrust.html": lambda: cookie_wall('<div id="onetrust-consent-sdk" role="dialog">'),
    "cookie_wall_cookiebot.html": lambda: cookie_wall('<div id="CybotCookiebotDialog" role="dialog">'),
    "cookie_banner_article.html": cookie_banner_article,
    "login_page.html": login_page,
    "not_found_wordpress.html": not_found_wordpress,
    "not_found_plain.html": not_found_plain,
    "article_in_body.html": article_in_body,
}


def build_all() -> dict[str, bytes]:
    """Every small corpus file, by name."""
    files = {name: build() for name, build in SMALL.items()}
    too_big = [name for name, data in files.items() if len(data) > MAX_COMMITTED_BYTES]
    if too_big:
        raise ValueError(f"corpus files over {MAX_COMMITTED_BYTES} bytes must be built at test time: {too_big}")
    return files


def write_corpus(directory: Path = CORPUS_DIR) -> list[Path]:
    """Rewrite the corpus directory from the builders, removing files no builder makes."""
    directory.mkdir(parents=True, exist_ok=True)
    files = build_all()
    for stale in directory.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    written = []
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_corpus():
        print(f"{path.stat().st_size:8d}  {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    sys.exit(0)
