"""The three benchmark metrics, each as its set's README defines it, written anew.

* ``shingles`` (scrapinghub's evaluate.py): \\w+ tokens, case kept, compared as multisets
  of 4-token shingles; precision and recall averaged over pages (a page with an empty
  prediction has no precision, one with an empty truth no recall); F1 of the two means.
* ``tokens`` (WCXB's evaluate.py): lower-cased \\w+ tokens compared as multisets;
  per-page precision, recall and F1, each averaged over pages; no output scores 0.
* ``snippets`` (trafilatura's comparison.py): over all pages together, a ``with`` snippet
  found is a true positive, one missing a false negative, a ``without`` snippet found a
  false positive; F1 from the totals. Whitespace is collapsed on both sides first.

Every page gets a ``PageScore`` with tp/fp/fn counts in the metric's own unit, so the
per-page views (worst pages, one page shown) work the same for the three.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class PageScore:
    """Counts of one page in its metric's unit (shingles, tokens or snippets)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); None for an empty prediction."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); None for an empty truth."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        """Per-page F1, 0 when precision or recall is missing or zero."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(tokens: list[str], n: int = SHINGLE) -> list[tuple[str, ...]]:
    """Overlapping n-token shingles; fewer than n tokens make one short shingle."""
    if len(tokens) <= n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def _multiset_score(want: Counter, got: Counter) -> PageScore:
    return PageScore(
        tp=sum((want & got).values()),
        fp=sum((got - want).values()),
        fn=sum((want - got).values()),
    )


def score_shingles(truth: str, predicted: str) -> PageScore:
    """scrapinghub: the two texts as multisets of 4-token shingles."""
    return _multiset_score(
        Counter(shingles(TOKEN.findall(truth))), Counter(shingles(TOKEN.findall(predicted)))
    )


def score_tokens(truth: str, predicted: str) -> PageScore:
    """WCXB: the two texts as multisets of lower-cased word tokens."""
    return _multiset_score(Counter(TOKEN.findall(truth.lower())), Counter(TOKEN.findall(predicted.lower())))


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as both sides are before a snippet test."""
    return " ".join(text.split())


def score_snippets(with_: tuple[str, ...], without: tuple[str, ...], predicted: str) -> PageScore:
    """trafilatura's evaluation: snippets found (tp), missed (fn) and unwanted but found (fp)."""
    text = collapse(predicted)
    found = sum(collapse(s) in text for s in with_)
    leaked = sum(collapse(s) in text for s in without)
    return PageScore(tp=found, fp=leaked, fn=len(with_) - found)


def mean(values: list[float | None]) -> float:
    """Mean of the defined values; 0 when none is defined."""
    defined = [v for v in values if v is not None]
    return statistics.fmean(defined) if defined else 0.0


def summarize(metric: str, scores: list[PageScore]) -> tuple[float, float, float]:
    """(F1, precision, recall) of a set, the way its metric aggregates pages."""
    if metric == "snippets":
        tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r
    if metric == "tokens":  # no output scores 0 on all three
        p = statistics.fmean(s.precision or 0.0 for s in scores) if scores else 0.0
        r = statistics.fmean(s.recall or 0.0 for s in scores) if scores else 0.0
        return (statistics.fmean(s.f1 for s in scores) if scores else 0.0), p, r
    p = mean([s.precision for s in scores])
    r = mean([s.recall for s in scores])
    return (2 * p * r / (p + r) if p + r else 0.0), p, r
