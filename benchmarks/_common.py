"""Helpers shared by the benchmark scripts: page loading, the systems compared, text views.

The scripts run as files (``python benchmarks/quality.py``), so this module puts the
repository root on ``sys.path`` before importing the pipeline.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

try:
    import trafilatura
except ImportError:  # one line that says what to do, not a traceback
    sys.exit("the benchmarks need trafilatura: pip install -e '.[bench]'")

from pipeline import PageError, Record, process  # noqa: E402
from pipeline.models import ListBlock, Paragraph, Table, item_texts  # noqa: E402

BENCHMARKS = REPO.parent / "shared" / "benchmarks"
DEFAULT_SCRAPINGHUB = BENCHMARKS / "scrapinghub"
DEFAULT_WCXB = BENCHMARKS / "wcxb-dev"
DEFAULT_TRAF_EVAL = BENCHMARKS / "traf-eval-dev"
DEFAULT_RAW = REPO / "raw"

#: The trafilatura setting we compare with: the one each benchmark's README measured.
TRAFILATURA: dict[str, bool] = {"include_comments": False}


@dataclass(frozen=True, slots=True)
class Page:
    """One page held in memory under its file name, with its ground truth when it has one.

    `truth` is a whole article body (scrapinghub, WCXB); `with_`/`without` are snippets a
    good extraction must and must not hold (trafilatura's evaluation, WCXB).
    """

    name: str
    data: bytes
    url: str | None = None
    truth: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The name without ``.gz`` and one further extension: the scrapinghub key, or the
        record file stem (``a.html.gz`` -> ``a``)."""
        return Path(self.name.removesuffix(".gz")).stem

    @property
    def half(self) -> str:
        """'even' or 'odd': a split of any set that depends on the page's key only.

        Rules are decided on one half and confirmed on the other; a checksum of the key
        (not its position) keeps a page in its half when the set grows or shrinks.
        """
        return "odd" if zlib.crc32(self.key.encode()) % 2 else "even"


def load_scrapinghub(folder: Path, limit: int | None = None) -> list[Page]:
    """The benchmark pages (gunzipped) with their true article bodies, sorted by key."""
    if not (folder / "ground-truth.json").is_file():
        sys.exit(
            f"no scrapinghub benchmark in {folder}: clone https://github.com/scrapinghub/"
            "article-extraction-benchmark there (ground-truth.json, html/), or give its folder"
        )
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    return [
        Page(
            name=f"{key}.html",
            data=gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()),
            url=truth[key].get("url"),
            truth=truth[key].get("articleBody") or "",
        )
        for key in keys
    ]


def load_wcxb(folder: Path, limit: int | None = None) -> list[Page]:
    """WCXB article pages with their reviewed main content and snippets, sorted by id."""
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    ids = sorted(i for i, m in meta.items() if m.get("page_type", "article") == "article")
    pages = []
    for page_id in ids[:limit] if limit else ids:
        truth_file = folder / "ground-truth" / f"{page_id}.json"
        html_file = folder / "html" / f"{page_id}.html.gz"
        if not (truth_file.is_file() and html_file.is_file()):
            continue
        doc = json.loads(truth_file.read_text(encoding="utf-8"))
        truth = doc.get("ground_truth", {})
        pages.append(
            Page(
                name=f"{page_id}.html",
                data=gzip.decompress(html_file.read_bytes()),
                url=doc.get("url"),
                truth=truth.get("main_content") or "",
                with_=tuple(truth.get("with") or ()),
                without=tuple(truth.get("without") or ()),
            )
        )
    return pages


def load_traf_eval(folder: Path, limit: int | None = None) -> list[Page]:
    """trafilatura's evaluation pages with their with/without snippets, sorted by file name."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    entries = sorted(data.items(), key=lambda kv: kv[1]["file"])
    pages = []
    for url, entry in entries[:limit] if limit else entries:
        html_file = folder / "html" / entry["file"]
        if not html_file.is_file():
            continue
        pages.append(
            Page(
                name=entry["file"].removesuffix(".gz"),
                data=gzip.decompress(html_file.read_bytes()),
                url=url.split("::", 1)[-1],
                with_=tuple(entry.get("with") or ()),
                without=tuple(entry.get("without") or ()),
            )
        )
    return pages


def load_raw(folder: Path, gunzip: bool = True) -> list[Page]:
    """Every file of our raw/ corpus under its own name, sorted; gzip files unpacked if asked."""
    pages = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        if gunzip and path.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append(Page(name=path.name, data=data))
    return pages


def run_ours(page: Page) -> Record | None:
    """Our pipeline on one page; None when it refuses the page (PageError)."""
    try:
        return process(page.data, page.name)
    except PageError:
        return None


def run_trafilatura(page: Page, settings: dict[str, bool]) -> str:
    """trafilatura's plain-text extraction of the same bytes ('' when it finds nothing)."""
    return trafilatura.extract(page.data, **settings) or ""


def _block_texts(block: Paragraph | ListBlock | Table) -> Iterator[str]:
    """The texts of one record block, in reading order (a table's header cells first)."""
    if isinstance(block, Paragraph):
        yield block.text
    elif isinstance(block, ListBlock):
        if block.intro:
            yield block.intro
        yield from item_texts(block.items)
    else:
        for row in ([block.header] if block.header else []) + block.rows:
            yield from row


def record_body(record: Record | None) -> str:
    """Article body of a record: headings, paragraphs, list intros and items, table cells.

    Joined with newlines, in order. The title, table captions and the disclaimer are left
    out, as they are not part of an article body in the scrapinghub ground truth.
    """
    if record is None:
        return ""
    parts: list[str] = []
    for section in record.sections:
        if section.heading:
            parts.append(section.heading)
        for block in section.blocks:
            parts.extend(_block_texts(block))
    return "\n".join(parts)


def record_lines(record: Record | None) -> str:
    """The text WCXB scores: title, then every heading and block text, then the disclaimer."""
    if record is None:
        return ""
    parts = [record.title or "", record_body(record), record.disclaimer or ""]
    return "\n".join(p for p in parts if p)


def record_content(record: Record | None) -> str:
    """Everything a reader sees in a record: title, alternative names, body, disclaimer."""
    if record is None:
        return ""
    parts = [record.title or "", *record.alternative_names, record_body(record), record.disclaimer or ""]
    return "\n".join(p for p in parts if p)


def variant(page: Page, index: int) -> bytes:
    """The page's bytes with an invisible mark, so each copy hashes differently.

    HTML gets a trailing comment; a text dump gets a trailing line of spaces and
    tabs spelling ``index`` in binary, which no reader shows.
    """
    if page.name.removesuffix(".gz").endswith(".txt"):
        mark = "".join(" " if bit == "0" else "\t" for bit in format(index, "b"))
        return page.data + b"\n" + mark.encode("ascii") + b"\n"
    return page.data + f"\n<!-- benchmark copy {index} -->\n".encode("ascii")


def variant_name(page: Page, index: int) -> str:
    """File name of one (uncompressed) copy of a page: ``<stem>-<index><suffix>``."""
    suffix = Path(page.name.removesuffix(".gz")).suffix or ".html"
    return f"{page.key}-{index:06d}{suffix}"
