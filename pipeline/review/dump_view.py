"""A text dump as the pipeline read it: where it cut glued blocks, which lines became list items, what it dropped.

A dump glues its blocks together ("...the stomach.The exact cause...") and
writes lists as bullet lines whose first item is glued to the text before.
The front end's block stream says what came out; each piece of it is found
again in the dump, in order, so the view can show:

* a cut (✂) where two pieces meet inside one line: a block boundary the
  dump did not write;
* the items of the record's lists, wherever they were rebuilt (bullet lines,
  a first item cut from the text before them, inline "•" runs);
* what no piece covers: page furniture after the article, captions cut off.

A piece the text does not hold as written (the structure stage rewrote it)
is left unmarked rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.models import item_texts

_FILLER = re.compile(r"^[\s•·▪●◦‣⁃*\-]*$")  # what lies between pieces without being text: space, glyphs
MAX_DUMP_CHARS = 400_000  # a longer dump is shown up to here


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the dump's text and how it is shown: classes of the review's CSS."""

    text: str
    css: str


def dump_segments(text: str, pieces: list[tuple[str, str]], record: dict | None) -> list[Segment]:
    """The dump cut into marked segments (see the module's docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")[:MAX_DUMP_CHARS]
    covered: list[tuple[int, int, str]] = []
    title = (record or {}).get("title")
    first_line = text.split("\n", 1)[0]
    if title and first_line.strip() == title:  # the dump's first line, as the front end took it
        start = first_line.index(title)
        covered.append((start, start + len(title), "rv-d-title"))
    start_at = covered[0][1] if covered else 0
    spans = _find_in_order(text, [piece for _, piece in pieces], start_at)
    cuts: set[int] = set()
    previous_end = None
    for (role, _), span in zip(pieces, spans, strict=True):
        if span is None:
            continue
        start, end = span
        gap = text[previous_end:start] if previous_end is not None else ""
        if previous_end is not None and "\n" not in gap and not _glyphs(gap):
            cuts.add(start)
        glued_first = role == "first" and previous_end is not None and not _glyphs(gap)
        covered.append((start, end, "rv-d-first" if glued_first else "rv-d-piece"))
        previous_end = end
    items = [span for span in _find_in_order(text, _list_items(record), start_at) if span is not None]
    return _segments(text, covered, items, cuts)


def _glyphs(gap: str) -> bool:
    return any(ch in "•·▪●◦‣⁃*-" for ch in gap)


def _list_items(record: dict | None) -> list[str]:
    if not record:
        return []
    return [
        item
        for section in record.get("sections", [])
        for block in section.get("blocks", [])
        if block.get("type") == "list"
        for item in item_texts(block["items"])
    ]


def _find_in_order(text: str, needles: list[str], cursor: int = 0) -> list[tuple[int, int] | None]:
    """Where each needle sits, each searched after the one before (the first from `cursor`); None when
    the text lacks it."""
    spans: list[tuple[int, int] | None] = []
    for needle in needles:
        at = text.find(needle, cursor) if needle else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(needle)))
        cursor = at + len(needle)
    return spans


def _segments(
    text: str, covered: list[tuple[int, int, str]], items: list[tuple[int, int]], cuts: set[int]
) -> list[Segment]:
    """Cut the text at every boundary and give each run its classes."""
    bounds = {0, len(text), *cuts}
    for start, end, _ in covered:
        bounds.update((start, end))
    for start, end in items:
        bounds.update((start, end))
    order = sorted(b for b in bounds if 0 <= b <= len(text))
    segments: list[Segment] = []
    p = i = 0  # both lists are in text order and do not overlap: one sweep
    for start, end in pairwise(order):
        if start in cuts:
            segments.append(Segment("✂", "rv-d-cut"))
        while p < len(covered) and covered[p][1] <= start:
            p += 1
        while i < len(items) and items[i][1] <= start:
            i += 1
        chunk = text[start:end]
        if p < len(covered) and covered[p][0] <= start:
            css = f"{covered[p][2]} rv-d-b{p % 2}"
        else:
            css = "rv-d-gap" if _FILLER.match(chunk) else "rv-d-drop"
        if i < len(items) and items[i][0] <= start:
            css += f" rv-d-item rv-d-i{i % 2}"
        segments.append(Segment(chunk, css))
    return segments
