"""Helpers shared by the benchmark scripts: page loading, the systems compared, text views.

The scripts run as files (``python benchmarks/quality.py``), so this module puts the
repository root on ``sys.path`` before importing the pipeline.
"""

from __future__ import annotations

import gzip
import json
import sys
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
from pipeline.models import ListBlock, Paragraph, Table  # noqa: E402

DEFAULT_SCRAPINGHUB = REPO.parent / "shared" / "benchmarks" / "scrapinghub"
DEFAULT_RAW = REPO / "raw"

#: The trafilatura settings compared, by the label printed in tables.
TRAFILATURA_SETTINGS: dict[str, dict[str, bool]] = {
    "trafilatura": {},
    "trafilatura no-comments": {"include_comments": False},
    "trafilatura precision": {"include_comments": False, "favor_precision": True},
}


@dataclass(frozen=True, slots=True)
class Page:
    """One page held in memory under its file name, with its ground truth when it has one."""

    name: str
    data: bytes
    url: str | None = None
    truth: str | None = None

    @property
    def key(self) -> str:
        """The name without ``.gz`` and one further extension: the scrapinghub key, or the
        record file stem (``a.html.gz`` -> ``a``)."""
        return Path(self.name.removesuffix(".gz")).stem


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
        yield from block.items
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
