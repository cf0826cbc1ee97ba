"""Bytes to text: gzip, encoding, mojibake repair, and which front end the page needs.

Encodings are decided in the order a browser would trust them: a byte-order
mark, then the page's own declaration (<meta charset>, http-equiv), then
strict UTF-8, then a statistical guess. Declarations are checked, not obeyed
blindly: a page that says utf-8 but is not decodes as what it really is;
one that is UTF-8 but for a few stray bytes (a snippet pasted from a code
page) reads those bytes as windows-1252, as the rest is read as UTF-8.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from pipeline.errors import PageError
from pipeline.models import Format, Limits

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Sequences that only appear when UTF-8 was decoded as a single-byte code page.
# UTF-8 read as cp1252/Latin-1: Â or Ã then a continuation byte's character, or â€ / â\x80.
# Found with str.find (C, memchr-fast) rather than a regex, which sre walks
# character by character (10 ms on a 500 KB page of wide characters).
_CONTINUATION = "".join(map(chr, range(0x80, 0xC0)))
_MOJIBAKE_NEXT = {"\u00c2": _CONTINUATION, "\u00c3": _CONTINUATION, "\u00e2": "\u20ac\u0080"}
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|svg|style|script|link|div|\?xml)\b",
    re.I | re.S,
)
_TAGS = re.compile(r"</?(?:p|div|span|a|h[1-6]|ul|li|table|br|article|section)\b[^>]*>", re.I)
_OTHER_LATIN = frozenset(
    {
        "cp1250",
        "cp1257",
        "cp1254",
        "iso8859-2",
        "iso8859-4",
        "iso8859-9",
        "iso8859-13",
        "iso8859-15",
        "latin-1",
        "mac-roman",
    }
)
# Files that are no page even when they carry few control bytes up front.
_FILE_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"),
)
# White space str.strip() does not know: zero-width characters and BOMs.
_INVISIBLE = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# The encoding a record names for a UTF-8 page with a few bytes in windows-1252:
# not "utf-8", as the input's bytes are not the text's own UTF-8 then.
STRAY_CP1252 = "utf-8+windows-1252"
GZIP_NOTE = "gzip-compressed input"  # a record's warning that says how the page came, not that it went wrong


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    format: Format
    warnings: tuple[str, ...]
    utf8: bytes | None = None  # the input itself, when `text` is exactly its UTF-8 decoding


def read(data: bytes, limits: Limits) -> Decoded:
    """Decode one page's bytes and sniff its format from content, not extension."""
    if len(data) > limits.max_bytes:
        raise PageError("too_large", f"{len(data)} bytes, over the {limits.max_bytes}-byte cap")
    warnings: list[str] = []
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, limits.max_decompressed)
        warnings.append(GZIP_NOTE)
    if not data.strip():
        raise PageError("empty", "the input holds no content")
    if kind := next((name for magic, name in _FILE_MAGIC if data.startswith(magic)), None):
        raise PageError("binary", f"the input is a {kind} file, not a page")
    text, encoding = decode(data)
    # The input bytes stand for the text only on the strict UTF-8 path (no BOM,
    # no replacement characters from a lenient decode).
    exact = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and "\ufffd" not in text
    utf8 = data if exact else None
    if not text.strip(_INVISIBLE):
        raise PageError("empty", "the input holds only white space")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise PageError(
            "binary", "the input is binary data, not a page (control characters in the first 4 KB)"
        )
    if has_mojibake(text):
        repaired = repair_mojibake(text)
        if repaired != text:
            text, utf8 = repaired, None
            warnings.append("mojibake repaired")
    return Decoded(text, encoding, sniff(text), tuple(warnings), utf8)


def has_mojibake(text: str) -> bool:
    """Whether `text` shows a byte pattern of UTF-8 decoded as a single-byte code page."""
    for lead, following in _MOJIBAKE_NEXT.items():
        at = text.find(lead)
        while at != -1:
            if at + 1 < len(text) and text[at + 1] in following:
                return True
            at = text.find(lead, at + 1)
    return False


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage, line by line: ftfy is slow on a whole
    page (50 ms), and damage sits in the lines that show its byte patterns."""
    import ftfy  # here, not at the top: 70 ms of start-up for every run, and most pages never need it

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if has_mojibake(line):
            lines[i] = ftfy.fix_encoding(line)
    return "\n".join(lines)


def gunzip(data: bytes, cap: int) -> bytes:
    """Decompress with a hard cap, so a gzip bomb stops at `cap` bytes."""
    out = bytearray()
    rest = data
    while rest.strip(b"\x00"):  # a gzip file may hold several members; zero padding may follow
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, cap + 1 - len(out))
        except zlib.error as exc:
            raise PageError("bad_gzip", f"gzip data is corrupt: {exc}") from None
        if len(out) > cap:
            raise PageError("too_large", f"decompresses to more than the {cap}-byte cap")
        if not inflater.eof:
            raise PageError("bad_gzip", "gzip data is truncated")
        rest = inflater.unused_data
    return bytes(out)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for page bytes."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    if utf16 := _utf16_without_bom(data):
        return data.decode(utf16, errors="replace"), utf16
    # Bytes that decode as UTF-8 are UTF-8, whatever the page declares: text in
    # a single-byte code page almost never forms valid multi-byte sequences,
    # and pages that declare Latin-1 but are UTF-8 are common.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared == "utf-8" and (mixed := _mostly_utf8(data)) is not None:
        return mixed, STRAY_CP1252
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    from bs4.dammit import UnicodeDammit  # bs4 imports its CSS engine too: 120 ms of start-up, rarely needed

    guess = UnicodeDammit(data, known_definite_encodings=[], is_html=True)
    encoding = _canonical(guess.original_encoding or "") or "windows-1252"
    if guess.unicode_markup is None or encoding in _OTHER_LATIN:
        # Detectors cannot tell the Latin code pages apart on a few accented
        # letters; like browsers in Western locales, unlabelled pages that
        # decode as windows-1252 are read as windows-1252.
        try:
            return data.decode("windows-1252"), "windows-1252"
        except UnicodeDecodeError:
            if guess.unicode_markup is None:
                return data.decode("windows-1252", errors="replace"), "windows-1252"
    return guess.unicode_markup, encoding


def _mostly_utf8(data: bytes) -> str | None:
    """A page that says UTF-8 and is, but for a few stray bytes: those read as windows-1252, the rest as UTF-8.

    A template or a pasted snippet in a single-byte code page (a "ü" written
    as the one byte 0xFC in an image's alt text) leaves bytes no UTF-8
    decoder takes; a statistical guess over the whole page then read every
    UTF-8 letter as two Latin ones. Browsers obey the declaration. Taken
    only when the page's UTF-8 characters outnumber its stray bytes: a page
    all in a code page that merely declares UTF-8 is left to the guess.
    """
    lenient = data.decode("utf-8", errors="replace")
    stray = lenient.count("\ufffd")
    wide = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - stray
    if wide <= stray:
        return None
    return data.decode("utf-8", errors=_STRAY_BYTES)


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """The bytes a UTF-8 decoder refused, read as windows-1252 (U+FFFD for its five unassigned bytes)."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("windows-1252", errors="replace"), error.end


_STRAY_BYTES = "pipeline-stray-cp1252"  # the error handler's registered name
codecs.register_error(_STRAY_BYTES, _stray_as_cp1252)


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:8192])
    if not match:
        return None
    name = _canonical((match.group(1) or match.group(2)).decode("ascii", "replace"))
    # As browsers read declarations (WHATWG encoding rules): Latin-1 means
    # windows-1252, and a <meta> claiming UTF-16/32 on bytes that could be
    # read to find it at all means UTF-8.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "windows-1252"
    return "utf-8" if name and name.startswith(("utf-16", "utf-32")) else name


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    return {"utf-8": "utf-8", "cp1252": "windows-1252", "iso8859-1": "latin-1"}.get(codec.name, codec.name)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 pages without a BOM show a NUL byte beside every ASCII one."""
    head = data[:512]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) * 0.4 and even == 0:
        return "utf-16-le"
    if even > len(head) * 0.4 and odd == 0:
        return "utf-16-be"
    return None


def sniff(text: str) -> Format:
    """'html' for markup, 'text' for a scraped text dump."""
    if _HTML_START.match(text[:2048]):
        return "html"
    return "html" if len(_TAGS.findall(text[:20000])) >= 3 else "text"


__all__ = ["Decoded", "decode", "gunzip", "read", "sniff"]
