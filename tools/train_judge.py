"""Retrain the learned judge (pipeline/judge.py) from the benchmark sets' even halves.

Every page of ../shared/benchmarks goes through process() with the judge
turned off; each block of the article the hand rules leave is labelled
against the page's ground truth:

- WCXB and scrapinghub (a whole reference text): content when the block's
  text is in it, or, for a block of 8 words or more, when 90% of its words
  are; boilerplate when under half of them are (or, under 8 words, when the
  text is not in it); unlabelled in between.
- traf-eval (snippets): content when the block holds a "with" snippet,
  boilerplate when it holds a "without" one; else unlabelled.

A gradient-boosted classifier (scikit-learn, fixed seed) learns the blocks of
the even half; traf-eval blocks weigh 5, as they are few. The trees are
written to pipeline/data/judge.json in plain arrays, and a sample of the odd
half's rows with scikit-learn's own probabilities to
tests/data/judge_cases.json, so the tests check the plain-Python trees
against the library without needing it. The odd half is never trained on:
quality.py's odd-half numbers are the judge's unseen pages.

    pip install -e '.[train,bench]'
    python tools/train_judge.py [--data ../shared/benchmarks]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import replace
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import load_scrapinghub, load_traf_eval, load_wcxb  # noqa: E402
from metrics import TOKEN  # noqa: E402

from pipeline import PageError, process  # noqa: E402
from pipeline.judge import FEATURES, MODEL_PATH, Article, features  # noqa: E402
from pipeline.thresholds import THRESHOLDS  # noqa: E402
from pipeline.trace import NoTrace  # noqa: E402

CASES = REPO / "tests" / "data" / "judge_cases.json"
# Groups of class/id words a block's wrappers may hold; one feature each, named by the first word.
NAME_WORDS = (
    ("author", "byline", "bio"),
    ("meta", "date", "time", "posted", "published"),
    ("tag", "tags", "category", "categories", "topics"),
    ("share", "social", "sharing"),
    ("related", "more", "recommend", "teaser", "promo", "newsletter", "signup", "subscribe"),
    ("caption", "credit", "figure", "image", "photo"),
    ("header", "footer", "sidebar", "widget", "aside"),
    ("nav", "menu", "breadcrumb", "pagination", "pager"),
)
SET_WEIGHT = {"wcxb": 1.0, "scrapinghub": 1.0, "traf-eval": 5.0}
TREES, DEPTH, RATE, SEED = 60, 3, 0.1, 0


class _Catch(NoTrace):
    """A trace that keeps the article the blocks are read from."""

    def __init__(self) -> None:
        self.found: etree._Element | None = None

    def article(self, el: etree._Element, by: str) -> None:
        self.found = el


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def label_by_text(text: str, truth: str, truth_words: set[str]) -> int | None:
    """1 content, 0 boilerplate, None unsure, against a whole reference text (normalized)."""
    norm = _norm(text)
    if norm in truth:
        return 1
    words = TOKEN.findall(norm)
    if len(words) < 8:
        return 0 if words else None
    hit = sum(w in truth_words for w in words) / len(words)
    return 1 if hit >= 0.9 else 0 if hit < 0.5 else None


def label_by_snippets(text: str, with_: list[str], without: list[str]) -> int | None:
    """1 content, 0 boilerplate, None unsure, against with/without snippets."""
    norm = _norm(text)
    if any(_norm(s) in norm for s in with_):
        return 1
    if any(_norm(s) in norm for s in without):
        return 0
    return None


def rows_of(data: Path) -> list[tuple[str, str, list[float], int]]:
    """(set, half, features, 1 if boilerplate) for every labelled block of every page."""
    off = replace(THRESHOLDS, judge_boilerplate=2.0)
    sets = {
        "scrapinghub": load_scrapinghub(data / "scrapinghub"),
        "wcxb": load_wcxb(data / "wcxb-dev"),
        "traf-eval": load_traf_eval(data / "traf-eval-dev"),
    }
    out = []
    for name, pages in sets.items():
        for page in pages:
            trace = _Catch()
            try:
                process(page.data, page.name, thresholds=off, trace=trace)
            except PageError:
                continue
            if trace.found is None:
                continue
            article = Article.of(trace.found)
            truth = _norm(page.truth or "")
            truth_words = set(TOKEN.findall(truth))
            for i in range(len(article.blocks)):  # all blocks: the edges alone are too few to learn from
                text = article.text(i)
                if name == "traf-eval":
                    label = label_by_snippets(text, page.with_, page.without)
                else:
                    label = label_by_text(text, truth, truth_words)
                if label is not None:
                    out.append((name, page.half, features(article, i, NAME_WORDS), 1 - label))
    return out


def export(model: object, names: tuple[str, ...], trained_on: str) -> dict[str, object]:
    """The fitted classifier as judge.json's plain arrays."""
    trees = []
    for estimator in model.estimators_[:, 0]:  # type: ignore[attr-defined]
        t = estimator.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else 0 for f in t.feature],
                "threshold": [float(x) for x in t.threshold],
                "left": [int(c) for c in t.children_left],
                "right": [int(c) for c in t.children_right],
                "value": [float(v[0][0]) for v in t.value],
            }
        )
    prior = model.init_.class_prior_[1]  # type: ignore[attr-defined]
    return {
        "features": list(names),
        "name_words": [list(g) for g in NAME_WORDS],
        "base": math.log(prior / (1 - prior)),
        "rate": RATE,
        "trees": trees,
        "trained_on": trained_on,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "benchmarks")
    args = ap.parse_args(argv)
    try:
        from sklearn.ensemble import GradientBoostingClassifier
    except ImportError:
        print("scikit-learn is missing: pip install -e '.[train,bench]'", file=sys.stderr)
        return 2
    if not args.data.is_dir():
        print(f"no benchmark data at {args.data}: pass --data", file=sys.stderr)
        return 2
    rows = rows_of(args.data)
    train = [r for r in rows if r[1] == "even"]
    model = GradientBoostingClassifier(
        n_estimators=TREES, max_depth=DEPTH, learning_rate=RATE, subsample=0.8, random_state=SEED
    )
    model.fit([r[2] for r in train], [r[3] for r in train], sample_weight=[SET_WEIGHT[r[0]] for r in train])
    names = FEATURES + tuple(f"names_{g[0]}" for g in NAME_WORDS)
    counts = {s: sum(1 for r in train if r[0] == s) for s in SET_WEIGHT}
    trained_on = f"even halves: {len(train)} blocks ({', '.join(f'{s} {n}' for s, n in counts.items())})"
    MODEL_PATH.write_text(json.dumps(export(model, names, trained_on)) + "\n", encoding="utf-8")
    odd = [r for r in rows if r[1] == "odd"]
    sample = random.Random(SEED).sample(odd, min(300, len(odd)))
    probabilities = model.predict_proba([r[2] for r in sample])[:, 1]
    cases = [{"row": r[2], "boilerplate": float(p)} for r, p in zip(sample, probabilities, strict=True)]
    CASES.parent.mkdir(parents=True, exist_ok=True)
    CASES.write_text(json.dumps(cases) + "\n", encoding="utf-8")
    print(f"{trained_on}; wrote {MODEL_PATH.relative_to(REPO)} and {CASES.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
