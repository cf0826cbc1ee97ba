"""Front end for text dumps: a page scraped to text, turned into the same block stream as HTML.

The dump format this reads (see raw/000_340abef8c2eb5cdf.txt): the title on
the first line; the article with its blocks glued together without
separators, list items after the first on lines of their own as "  • item"
(so the first item is glued to the text before it); then, after blank
lines, whatever else the page showed (comments, teasers, widgets).

Recovering blocks therefore means: cut the article's text where one block
ended and the next began (a sentence end or colon directly followed by a
capital), and take the last piece before a bullet run as the first item.
"""

from __future__ import annotations

import re

from pipeline.language import DEFAULT
from pipeline.models import FrontEnd, ListItems, PageMeta, ParaBlock, RawBlock, Removed, Run
from pipeline.text import glue_points, is_section_name, record_safe, split_glued
from pipeline.vocabulary import BULLETS, COMMENT_COUNT

_BULLET_LINE = re.compile(rf"^\s*(?:[{BULLETS}*]|-(?=\s))\s*")
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
MAX_HEADING_CHARS = 80


def dump_blocks(text: str, language: str = DEFAULT) -> FrontEnd:
    """The title, blocks and what was dropped of a text dump, read with `language`'s section names."""
    removed = Removed()
    text = record_safe(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = None
    if lines and 0 < len(lines[0].strip()) <= 150 and (len(lines) == 1 or not lines[1].strip()):
        title = lines[0].strip()
        lines = lines[1:]
    chunks = _chunks(lines)
    article = _article_chunks(chunks, removed)
    blocks: list[RawBlock] = []
    for chunk in article:
        blocks.extend(_chunk_blocks(chunk, title, language, removed))
    return FrontEnd(PageMeta(title=title), blocks, "text-dump", "text-dump", removed)


def _chunks(lines: list[str]) -> list[list[str]]:
    """Runs of lines separated by blank lines."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _is_article_like(chunk: list[str]) -> bool:
    """Prose (a sentence-long text ending as sentences end) or a list of two or more bullet lines."""
    text = " ".join(line.strip() for line in chunk)
    if COMMENT_COUNT.match(text) or _TEASER_END.search(text):
        return False
    if sum(1 for line in chunk if _BULLET_LINE.match(line)) >= 2:
        return True
    return len(text) >= 80 and text.rstrip()[-1:] in '.!?:)"”'


def _is_heading_like(chunk: list[str]) -> bool:
    """One short line that does not end as a sentence does: a section heading of a dump."""
    text = chunk[0].strip() if len(chunk) == 1 else ""
    return 0 < len(text) <= MAX_HEADING_CHARS and text[-1] not in ".!?,;"


def _article_chunks(chunks: list[list[str]], removed: Removed) -> list[list[str]]:
    """The longest chunk and the article-like chunks touching it; the rest is page furniture.

    A heading alone between two article-like chunks joins them: a dump's
    sections are often "Symptoms", a blank line, then the text.
    """
    if not chunks:
        return []
    sizes = [sum(len(line) for line in c) for c in chunks]
    main = sizes.index(max(sizes))
    start, end = main, main + 1
    while (step := _reach(chunks, start - 1, -1)) and start - step >= 0:
        start -= step
    while (step := _reach(chunks, end, 1)) and end + step <= len(chunks):
        end += step
    removed.add("page_furniture", len(chunks) - (end - start))
    return chunks[start:end]


def _reach(chunks: list[list[str]], i: int, direction: int) -> int:
    """How many chunks from `i` on (going `direction`) belong to the article: 1, 2 (a heading
    and the text it heads), or 0."""
    if not 0 <= i < len(chunks):
        return 0
    if _is_article_like(chunks[i]):
        return 1
    j = i + direction
    if _is_heading_like(chunks[i]) and 0 <= j < len(chunks) and _is_article_like(chunks[j]):
        return 2
    return 0


def _unglue_caption(piece: str, title: str | None, language: str, removed: Removed) -> list[str]:
    """Split a section name or an image caption glued before a sentence.

    "SymptomsThe signs" gives a heading piece; "Calcinosis cutisCalcinosis
    cutis is" loses its caption, recognised as a short phrase with no
    sentence punctuation that names the title or opens like the text after it.
    """
    match = _CAMEL.search(piece[:120])
    if match is None:
        return [piece]
    head, rest = piece[: match.start()], piece[match.start() :]
    if re.search(r"[.!?:;]", head):
        return [piece]
    if is_section_name(head, title, language):
        return [head, rest]
    words = head.split()
    title_words = set((title or "").lower().split())
    if 2 <= len(words) <= 8 and (words[0].lower() in title_words or rest.split()[0] == words[0]):
        removed.add("captions")
        return [rest]
    return [piece]


def _chunk_blocks(chunk: list[str], title: str | None, language: str, removed: Removed) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            blocks.append(ListItems(tuple(items)))
            items.clear()

    def add_text(text: str) -> None:
        for piece in split_glued(text):
            for part in _unglue_caption(piece, title, language, removed):
                blocks.append(ParaBlock((Run(part),)))

    for line in chunk:
        bullet = _BULLET_LINE.match(line)
        if bullet:
            last = blocks[-1] if blocks else None
            if not items and isinstance(last, ParaBlock) and not _is_intro(last.text):
                blocks.pop()
                items.append(last.text)  # the first item, glued to the text before
            item, rest = _cut_at_heading(line[bullet.end() :].strip(), title, language)
            items.append(item)
            if rest:
                close_list()
                add_text(rest)
            continue
        close_list()
        add_text(line.strip())
    close_list()
    return blocks


def _is_intro(text: str) -> bool:
    """A line that ends in a colon leads into the list under it; it holds no glued item."""
    return text.rstrip().endswith(":")


def _cut_at_heading(item: str, title: str | None, language: str) -> tuple[str, str]:
    """(the item, what follows it) when a section heading is glued on ("(pseudoachalasia).Symptoms:Symptoms begin").

    Only a section name ends an item: an item may well hold several
    sentences, so a plain glued sentence stays in it.
    """
    points = glue_points(item)
    for i, cut in enumerate(points):
        end = points[i + 1] if i + 1 < len(points) else len(item)
        if is_section_name(item[cut:end].strip(), title, language):
            return item[:cut].strip(), item[cut:].strip()
    return item, ""
