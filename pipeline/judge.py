"""The learned judge: boilerplate blocks the hand rules left in the located article.

Hand rules (clean.py) drop what names or words give away. What is left is
subtler: a feedback prompt, a row of tag links, a copyright line, a
signature, a teaser row, none with a telling class. A small
gradient-boosted model over block features (length, links, position
against the article's body paragraphs, class/id words of its wrappers)
weighs those. It was trained on the benchmark sets' even halves by
tools/train_judge.py and kept because it lifted the odd halves it never saw
(README, Benchmarks).

Judged are the edge blocks, those before the article's first body
paragraph or after its last one, and between them only blocks that are
half links or more: in the middle of an article a short block is a
subheading or a list, and taking it would cost recall, which comes first.
The judge never takes the body itself, nor turns a record into a refusal:
when what it would drop is most of the article, or would leave less than a
record needs, it drops nothing.

One hand rule runs beside it, as it reads what the model does not, the
links' addresses: an edge block whose every link calls the reader away (to
subscribe, donate, get the app, write in or follow the site) goes.

The model is data (pipeline/data/judge.json, validated on load) and runs in
plain Python: 60 shallow trees over the few judged blocks of a page, no
numerical library at run time. The sizes below define the features the
model was trained on, so they live here and not in `Thresholds`: changing
one means retraining; the probability it takes to drop a block,
`judge_boilerplate`, is a threshold like any other.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from pipeline.blocks import BLOCK_TAGS, HEADING_LEVELS
from pipeline.elements import drop, holds_tag, link_text, text_length, text_of
from pipeline.language import names_section
from pipeline.models import DropHook, Removed
from pipeline.thresholds import THRESHOLDS, Thresholds
from pipeline.vocabulary import (
    CALL_URL_STEMS,
    DISCLAIMER_LABEL,
    DISCLAIMER_WORDING,
    FIELD_LABEL_START,
    FOLLOW_HOSTS,
    FOLLOW_PATH_STEPS,
    INNER_FIELD_LABEL,
    NOT_AN_ACCOUNT,
)

MODEL_PATH = Path(__file__).parent / "data" / "judge.json"

# What a unit (one judged block) can be: a text block of its own, or a whole
# list or table. A wrapper holding such blocks is walked into instead.
_UNIT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "blockquote"})
_HEADINGS = frozenset(HEADING_LEVELS)
_LISTS = frozenset({"ul", "ol", "dl"})
_HEADING_LIKE = _HEADINGS | {"summary", "dt"}
_TABULAR = _LISTS | {"table"}
_LOWEST_RANK = 7
_HEADING_CHARS = 150  # a question or a lead-in longer than this is a paragraph
_NAME_CHARS = 60  # a line this short naming a section ("Risk factors") is its heading, whatever its markup
_BOLD = frozenset({"b", "strong"})
# Tags that make an element a wrapper of blocks, to be walked into, rather than a block.
_BLOCKY = frozenset({
    "p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "figure", "header", "footer", "aside", "nav", "form",
})  # fmt: skip
_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d\d\b")
_NAME_WORDS = re.compile(r"[a-z]+")
_END_PUNCTUATION = frozenset('.!?…:"”»)')
# A body paragraph: long, few links. The edges are what lies outside the first and last.
BODY_CHARS = 150
BODY_LINKS = 0.3
# Positions and depths are capped: past these, further is no different.
_INDEX_CAP = 20
_DEPTH_CAP = 10
# Between the body paragraphs, only blocks at least this much links are judged.
LINKED_INNER = 0.5
# Share of the article's text the judge may take; past it the "edges" are the article.
MAX_TAKEN = 0.5

FEATURES = (
    "log_chars", "log_words", "link_share", "log_links",
    "is_heading", "is_paragraph", "is_list", "is_table", "is_other",
    "chars_before", "chars_after", "index", "index_from_end",
    "ends_sentence", "commas_per_word", "sentence_ends_per_word", "upper_share", "digit_share",
    "depth", "after_heading", "before_heading",
    "previous_link_share", "next_link_share", "previous_log_chars", "next_log_chars",
    "article_log_chars", "article_log_units", "article_share",
    "has_date", "has_copyright", "letter_share", "body_before", "body_after",
)  # fmt: skip


class Tree(BaseModel):
    """One regression tree as sklearn stores it: parallel arrays, -1 for a leaf's children."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Tree:
        n = len(self.feature)
        if not n or any(len(a) != n for a in (self.threshold, self.left, self.right, self.value)):
            raise ValueError("a tree's arrays must be non-empty and of one length")
        if any(not (-1 <= c < n) for c in (*self.left, *self.right)):
            raise ValueError("a child index points outside its tree")
        return self


class JudgeModel(BaseModel):
    """A gradient-boosted classifier of blocks: P(boilerplate) = sigmoid(base + rate * sum of trees)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    features: tuple[str, ...]
    name_words: tuple[tuple[str, ...], ...]  # groups of class/id words, one feature per group
    base: float
    rate: float
    trees: tuple[Tree, ...]
    trained_on: str  # what the training script saw, for the README and a reader
    _walk: tuple[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[float, ...], tuple[float, ...]], ...] = (
        PrivateAttr(default=())
    )

    @model_validator(mode="after")
    def _matches_code(self) -> JudgeModel:
        expected = FEATURES + tuple(f"names_{group[0]}" for group in self.name_words)
        if self.features != expected:
            raise ValueError(f"the model's features {self.features} are not the ones judge.py computes {expected}")
        width = len(expected)
        if any(f >= width for tree in self.trees for f in tree.feature):
            raise ValueError("a tree splits on a feature the model does not have")
        return self

    def model_post_init(self, context: object) -> None:
        # The trees as plain tuples: the walk below runs for every judged block.
        self._walk = tuple((t.left, t.right, t.feature, t.threshold, t.value) for t in self.trees)

    def boilerplate(self, row: Sequence[float]) -> float:
        """The probability that the block with features `row` is boilerplate."""
        total = 0.0
        for left, right, feature, threshold, value in self._walk:
            node = 0
            while (child := left[node]) != -1:
                node = child if row[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return 1.0 / (1.0 + math.exp(-(self.base + self.rate * total)))


@cache
def load_model(path: Path = MODEL_PATH) -> JudgeModel:
    """The shipped model, read and checked once per process."""
    return JudgeModel.model_validate(json.loads(path.read_text(encoding="utf-8")))


def units(article: etree._Element) -> list[etree._Element]:
    """The article's blocks in page order: text blocks, whole lists and tables, leaf wrappers."""
    found: list[etree._Element] = []
    _collect(article, found)
    return found


def _collect(el: etree._Element, found: list[etree._Element]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _UNIT_TAGS:
            found.append(child)
        elif child.tag in BLOCK_TAGS and holds_tag(child, _BLOCKY):
            _collect(child, found)
        elif child.tag not in ("script", "style"):
            found.append(child)


@dataclass(slots=True)
class Article:
    """What the features of one article's blocks are measured against, each measured once.

    Sizes come from libxml2 (no string reaches Python); a block's text is
    read only for the few blocks judged and their neighbours. Running totals
    make every block's "how much came before" one lookup: a page of
    thousands of blocks stays linear.
    """

    root: etree._Element
    blocks: list[etree._Element]
    lengths: list[int]  # whitespace-collapsed characters of each block
    texts: list[str | None]  # each block's text, read when first asked
    links: list[tuple[int, int] | None]  # (characters in links, links) of each block, measured when first asked
    body: list[int]  # characters of each block that is a body paragraph, else 0
    before: list[int]  # characters of the blocks before each one
    body_before: list[int]  # characters of body paragraphs before each one

    @classmethod
    def of(cls, root: etree._Element) -> Article:
        blocks, lengths = [], []
        for el in units(root):
            if size := text_length(el):
                blocks.append(el)
                lengths.append(size)
        n = len(blocks)
        article = cls(root, blocks, lengths, [None] * n, [None] * n, [0] * n, [], [])
        for i, size in enumerate(lengths):
            if size >= BODY_CHARS and article.link_share(i) < BODY_LINKS:
                article.body[i] = size
        article.before = list(accumulate(lengths, initial=0))
        article.body_before = list(accumulate(article.body, initial=0))
        return article

    @property
    def total(self) -> int:
        return self.before[-1]

    def text(self, i: int) -> str:
        text = self.texts[i]
        if text is None:
            text = self.texts[i] = text_of(self.blocks[i]) or " "
        return text

    def link_share(self, i: int) -> float:
        return min(1.0, self._links(i)[0] / self.lengths[i])

    def link_count(self, i: int) -> int:
        return self._links(i)[1]

    def _links(self, i: int) -> tuple[int, int]:
        found = self.links[i]
        if found is None:
            found = self.links[i] = link_text(self.blocks[i])
        return found

    def edges(self) -> list[int]:
        """Indexes of the blocks before the first body paragraph and after the last."""
        bodies = [i for i, n in enumerate(self.body) if n]
        if not bodies:
            return list(range(len(self.blocks)))
        return [i for i in range(len(self.blocks)) if i < bodies[0] or i > bodies[-1]]

    def judged(self) -> list[int]:
        """The edges, and the blocks between that are half links or more (a teaser, a "read more" row)."""
        edges = self.edges()
        if len(edges) == len(self.blocks):
            return edges
        inner = (i for i in range(edges[0] if edges else 0, len(self.blocks)) if not self.body[i])
        return sorted({*edges, *(i for i in inner if self.link_share(i) >= LINKED_INNER)})


def features(article: Article, i: int, name_words: Sequence[Sequence[str]]) -> list[float]:
    """The feature row of block `i`, in the order of FEATURES, then one per group of name words."""
    el, text, lengths = article.blocks[i], article.text(i), article.lengths
    n, last = lengths[i], len(lengths) - 1
    total = article.total
    body_total = article.body_before[-1] or 1
    words = text.split()
    count = len(words) or 1
    letters = sum(map(str.isalpha, text)) or 1
    before, body_before = article.before[i], article.body_before[i]
    tag = el.tag
    wrappers = _up_to(el, article.root)
    row = [
        math.log1p(n), math.log1p(len(words)), article.link_share(i), math.log1p(article.link_count(i)),
        tag in _HEADINGS, tag == "p", tag in _LISTS, tag == "table", tag not in _UNIT_TAGS,
        before / total, (total - before - n) / total, min(i, _INDEX_CAP), min(last - i, _INDEX_CAP),
        text[-1] in _END_PUNCTUATION, text.count(", ") / count,
        (text.count(". ") + text.count("! ") + text.count("? ")) / count,
        sum(map(str.isupper, text)) / letters, sum(map(str.isdigit, text)) / n,
        min(len(wrappers) + 1, _DEPTH_CAP),
        i > 0 and article.blocks[i - 1].tag in _HEADINGS, i < last and article.blocks[i + 1].tag in _HEADINGS,
        article.link_share(i - 1) if i > 0 else -1.0, article.link_share(i + 1) if i < last else -1.0,
        math.log1p(lengths[i - 1]) if i > 0 else -1.0, math.log1p(lengths[i + 1]) if i < last else -1.0,
        math.log1p(total), math.log1p(len(lengths)), n / total,
        _DATE.search(text) is not None, "©" in text or "(c)" in text.lower(),
        letters / n, body_before / body_total, (body_total - body_before - article.body[i]) / body_total,
    ]  # fmt: skip
    return [float(v) for v in row] + _name_features(el, wrappers, name_words)


def _name_features(
    el: etree._Element, wrappers: list[etree._Element], groups: Sequence[Sequence[str]]
) -> list[float]:
    """1.0 for each group of words some class or id of `el` or its wrappers (up to the article) holds."""
    names: set[str] = set()
    for node in (el, *wrappers):
        names.update(_NAME_WORDS.findall(f"{node.get('class') or ''} {node.get('id') or ''}".lower()))
    return [float(not names.isdisjoint(group)) for group in groups]


def _up_to(el: etree._Element, root: etree._Element) -> list[etree._Element]:
    """`el`'s ancestors below `root`, nearest first: a block's depth in the article is their count + 1."""
    chain = []
    for ancestor in el.iterancestors():
        if ancestor is root:
            break
        chain.append(ancestor)
    return chain


def _for_the_record(text: str) -> bool:
    """A field label (ICD codes, other names) or a disclaimer: the record's fields read these, whatever their looks."""
    return bool(
        FIELD_LABEL_START.match(text)
        or INNER_FIELD_LABEL.search(text)
        or DISCLAIMER_LABEL.match(text)
        or DISCLAIMER_WORDING.search(text)
    )


def _not_links(article: Article, i: int) -> bool:
    """A list or table that is not links: symptoms, doses, steps. Ten times likelier content than not at an edge."""
    return article.blocks[i].tag in _TABULAR and article.link_share(i) < BODY_LINKS


def _named_sections(article: Article) -> set[int]:
    """The blocks of sections the vocabulary names ("Symptoms", "Behandlung") that the judge leaves alone.

    A lost Symptoms section is the worst a record can do; no model trained
    on news pages may take one. Spared: the heading and every block up to
    the section's first body paragraph (short answers, lines of symptoms),
    and its lists and tables anywhere (symptoms linked to their own pages).
    After a body paragraph, a short line may be the page's furniture again.
    The section runs to the next heading of its rank or above that names
    nothing; an FAQ's questions (<summary>, a line asking something) rank
    below every <hN>.
    """
    spared: set[int] = set()
    level = 0  # the rank of the named section's heading; 0 outside one
    opening = False  # no body paragraph yet since the heading
    for i, el in enumerate(article.blocks):
        named = _names_a_section(article, i)
        if named or _heads(article, i):
            rank = HEADING_LEVELS.get(str(el.tag), _LOWEST_RANK)
            if named:
                level, opening = (min(level, rank) if level else rank), True
            elif rank <= level:
                level = 0  # a heading of its rank or above that names nothing: the section ended
        if level and (opening or el.tag in _TABULAR):
            spared.add(i)
        if article.body[i]:
            opening = False
    return spared


def _spare_headings(article: Article, doomed: dict[int, float], going: Collection[int] = ()) -> None:
    """Keep a heading whose next block stays: it heads content (an FAQ's question over its answer).

    Walked from the end, so a heading over a kept subheading stays too.
    What is `going` by another rule does not stay.
    """
    last = len(article.blocks) - 1
    for i in sorted(doomed, reverse=True):
        if i < last and i + 1 not in doomed and i + 1 not in going and _heads(article, i):
            del doomed[i]


def _heads(article: Article, i: int) -> bool:
    """Markup or wording of a heading: h1-h6, an FAQ's <summary> or <dt>, a short question or lead-in,
    or a short paragraph all in bold (how many health pages write their section headings)."""
    el = article.blocks[i]
    if el.tag in _HEADING_LIKE:
        return True
    if article.lengths[i] > _HEADING_CHARS:
        return False
    return article.text(i)[-1] in "?:" or _all_bold(el)


def _all_bold(el: etree._Element) -> bool:
    """Whether every word of `el` is inside its <b>/<strong> children."""
    if (el.text or "").strip() or not len(el):
        return False
    return all(child.tag in _BOLD and not (child.tail or "").strip() for child in el)


def _names_a_section(article: Article, i: int) -> bool:
    """A heading, or a line short enough to be one, that holds a section name of the vocabulary."""
    short = article.lengths[i] <= _NAME_CHARS
    return (short or _heads(article, i)) and names_section(article.text(i))


_LOCAL_SCHEMES = ("#", "mailto:", "tel:", "javascript:")  # links that lead nowhere else


def call_kind(href: str) -> str | None:
    """The removal kind of a link that calls the reader away (subscribe, give, get the app, write in,
    follow the site), else None.

    Read from the link's host and path only (CALL_URL_STEMS, FOLLOW_HOSTS):
    URLs say it alike in every language a page may be written in.
    """
    parts = urlsplit(href.strip().lower())
    host = parts.netloc.rpartition("@")[2].partition(":")[0].removeprefix("www.")
    where = f"{host}{parts.path.rstrip('/')}/"  # "/letters/" is the last step of a path too
    for kind, stems in CALL_URL_STEMS.items():
        if any(stem in where for stem in stems):
            return kind
    social = host in FOLLOW_HOSTS or host.partition(".")[2] in FOLLOW_HOSTS  # m.facebook.com, de.linkedin.com
    return "share" if social and _an_account(parts.path) else None


def _an_account(path: str) -> bool:
    """Whether a social network's `path` names an account (/bbcnews, /company/acme), not a post or a video."""
    steps = [step for step in path.split("/") if step]
    if not steps or steps[0] in NOT_AN_ACCOUNT:
        return False
    return len(steps) == 1 or (len(steps) == 2 and steps[0] in FOLLOW_PATH_STEPS)


def _calls_away(article: Article, i: int, t: Thresholds) -> str | None:
    """The removal kind of block `i` when it is short and its every link calls the reader away, else None.

    "Follow us on Instagram", "Sign up here", "Apóyanos": the wording changes
    with the language, where the links send the reader does not. One link
    elsewhere (a source, a post, a page of the site) may be what a closing
    sentence of the article cites, and keeps the block.
    """
    if article.lengths[i] >= t.call_block_chars:
        return None
    hrefs = (href for a in article.blocks[i].iter("a") if (href := (a.get("href") or "").strip()))
    kinds = [call_kind(href) for href in hrefs if not href.lower().startswith(_LOCAL_SCHEMES)]
    if not kinds or None in kinds:
        return None
    return kinds[0]


def _calls(article: Article, t: Thresholds) -> dict[int, str]:
    """The edge blocks (before the first body paragraph, after the last) that call the reader away, with their kinds.

    A hand rule beside the model, which reads no URL: on the benchmark
    sets' even halves these were the calls to subscribe, donate, get the app
    or follow that it left, and short blocks whose every link goes there
    were almost never article text.
    """
    bodies = [i for i, n in enumerate(article.body) if n]
    if not bodies:  # no body paragraph: no edges to tell from the article
        return {}
    edges = (*range(bodies[0]), *range(bodies[-1] + 1, len(article.blocks)))
    return {
        i: kind
        for i in edges
        if (kind := _calls_away(article, i, t)) and not _for_the_record(article.text(i))
    }


def _doomed(article: Article, t: Thresholds, model: JudgeModel, calls: dict[int, str]) -> dict[int, float]:
    """The judged blocks the model calls boilerplate, with their probabilities; none when they are too much.

    `calls` go anyway: they are not judged, and a heading over one is not spared for it.
    """
    doomed = {}
    for i in article.judged():
        if i in calls or _not_links(article, i):
            continue
        p = model.boilerplate(features(article, i, model.name_words))
        if p >= t.judge_boilerplate and not _for_the_record(article.text(i)):
            doomed[i] = p
    if doomed:  # most pages have nothing doomed: the sections are read only when something is
        for i in _named_sections(article).intersection(doomed):
            del doomed[i]
        _spare_headings(article, doomed, calls.keys())
    taken = sum(article.lengths[i] for i in doomed)
    total = article.total
    if taken > MAX_TAKEN * total or total - taken < t.record_chars:
        return {}
    return doomed


def judge_article(
    root: etree._Element,
    thresholds: Thresholds = THRESHOLDS,
    model: JudgeModel | None = None,
    *,
    on_drop: DropHook | None = None,
) -> Removed:
    """Drop the judged blocks of the located article `root` the model calls boilerplate; return what went.

    Beside the model, by hand, the edge blocks whose every link calls the
    reader away go (`_calls`; `call_block_chars` 0 turns that off); the
    model weighs every block as the page had it, so its choices are the
    same with or without the rule. A `judge_boilerplate` threshold above 1
    turns the model off (the training script sees the articles as the hand
    rules leave them).
    """
    removed = Removed(on_drop=on_drop)
    article = Article.of(root)
    calls = _calls(article, thresholds) if thresholds.call_block_chars else {}
    doomed = {}
    if thresholds.judge_boilerplate <= 1.0:
        doomed = _doomed(article, thresholds, model or load_model(), calls)
    for i, kind in calls.items():
        removed.took(kind, article.blocks[i], "an edge block whose every link calls away (subscribe, give, follow)")
        drop(article.blocks[i])
    for i, p in doomed.items():
        removed.took("boilerplate", article.blocks[i], f"the learned judge: boilerplate with p={p:.2f}")
        drop(article.blocks[i])
    return removed
