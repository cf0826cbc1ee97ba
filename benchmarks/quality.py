"""Extraction quality: our pipeline beside trafilatura, on the same pages, in one run.

Part a, the scrapinghub article-extraction benchmark (181 real pages with hand-made
article bodies). The metric is the one of that benchmark's evaluate.py, written anew:
per page, the true and the predicted body are split into \\w+ tokens (case kept) and
compared as multisets of 4-token shingles (a text of 1-3 tokens is one shingle);
tp = shingles shared, fp = predicted only, fn = true only. Per page,
precision = tp / (tp + fp) and recall = tp / (tp + fn). As in evaluate.py, a page
with an empty prediction has no precision and is left out of the precision mean (its
recall, 0, still counts), and a page with an empty truth is left out of the recall
mean. Precision and recall are averaged over pages; F1 comes from those two means.
The "empty" column counts empty predictions (a PageError, a crash, or no text), since
they lift precision. A mean over no page at all is reported as 0.

Part b, our raw/ corpus: records are written to a temporary folder and scored with
../shared/tools/score.py when it exists; both systems also get a snippet score against
the expectation files: the share of expected paragraphs and list items found in the
text (recall) and the share of "without" snippets absent from it (clean).

    .venv/bin/python benchmarks/quality.py [DATA] [--limit N] [--only ours]
                                          [--worst N] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    DEFAULT_RAW,
    DEFAULT_SCRAPINGHUB,
    REPO,
    TRAFILATURA_SETTINGS,
    Page,
    PageError,
    load_raw,
    load_scrapinghub,
    process,
    record_body,
    record_content,
    run_ours,
    run_trafilatura,
)

TOKEN = re.compile(r"\w+")
SHINGLE = 4
OURS = "ours"
Extractor = Callable[[Page], str]


# ------------------------------------------------------------------ the metric


def shingles(tokens: list[str], n: int = SHINGLE) -> list[tuple[str, ...]]:
    """Overlapping n-token shingles; fewer than n tokens make one short shingle."""
    if len(tokens) <= n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


@dataclass(frozen=True, slots=True)
class PageScore:
    """Shingle counts of one page and the scores derived from them."""

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


def score_page(truth: str, predicted: str) -> PageScore:
    """Compare two texts as multisets of shingles."""
    want = Counter(shingles(TOKEN.findall(truth)))
    got = Counter(shingles(TOKEN.findall(predicted)))
    return PageScore(
        tp=sum((want & got).values()),
        fp=sum((got - want).values()),
        fn=sum((want - got).values()),
    )


def mean(values: list[float | None]) -> float:
    """Mean of the defined values; 0 when none is defined."""
    defined = [v for v in values if v is not None]
    return statistics.fmean(defined) if defined else 0.0


def summarize(scores: list[PageScore]) -> tuple[float, float, float]:
    """(F1, precision, recall): page-averaged precision and recall, F1 of the two means."""
    p = mean([s.precision for s in scores])
    r = mean([s.recall for s in scores])
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


# ----------------------------------------------------------- running systems


@dataclass(slots=True)
class SystemRun:
    """What one system predicted on every page, how long it took, and why pages came out empty."""

    name: str
    texts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    crashes: int = 0
    notes: dict[str, str] = field(default_factory=dict)


def our_text(page: Page) -> str:
    """Our article body for a page; PageError propagates, for run_system to note its reason."""
    return record_body(process(page.data, page.name))


def extractors(only_ours: bool) -> dict[str, Extractor]:
    """The systems to compare, by label."""
    systems: dict[str, Extractor] = {OURS: our_text}
    if not only_ours:
        for label, settings in TRAFILATURA_SETTINGS.items():
            systems[label] = lambda page, s=settings: run_trafilatura(page, s)
    return systems


def run_system(name: str, extract: Extractor, pages: list[Page]) -> SystemRun:
    """Run one system on every page; a crash counts as an empty prediction and is reported.

    One untimed call first, so lazy set-up (trafilatura loads its data on first use)
    is not charged to the pages/s of whichever system runs first.
    """
    run = SystemRun(name)
    with contextlib.suppress(Exception):
        extract(pages[0])
    for page in pages:
        start = time.perf_counter()
        try:
            text = extract(page)
        except PageError as exc:
            text, run.notes[page.key] = "", f"PageError {exc.reason}"
        except Exception as exc:  # a bug must not hide the other pages' scores
            text, run.notes[page.key] = "", f"crash {exc!r}"
            run.crashes += 1
            if run.crashes <= 3:
                print(f"{name} crashed on {page.name}: {exc!r}", file=sys.stderr)
        run.seconds += time.perf_counter() - start
        run.texts[page.key] = text
    return run


def page_scores(pages: list[Page], run: SystemRun) -> dict[str, PageScore]:
    """Per-page scores of one system, by page key."""
    return {p.key: score_page(p.truth or "", run.texts[p.key]) for p in pages}


# ------------------------------------------------------------------ reports


def print_benchmark_table(runs: list[SystemRun], scores: dict[str, dict[str, PageScore]]) -> None:
    """One markdown row per system: F1, precision, recall, empty predictions, speed."""
    print("| system | F1 | precision | recall | empty | crashes | pages/s |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        f1, p, r = summarize(list(scores[run.name].values()))
        empty = sum(1 for t in run.texts.values() if not TOKEN.search(t))
        speed = len(run.texts) / run.seconds if run.seconds else 0.0
        print(f"| {run.name} | {f1:.3f} | {p:.3f} | {r:.3f} | {empty} | {run.crashes} | {speed:.1f} |")


def unmatched_spans(tokens: list[str], other: Counter[tuple[str, ...]]) -> list[str]:
    """Runs of text whose shingles the other side lacks, as token strings."""
    left = Counter(other)
    spans: list[list[int]] = []
    for i, shingle in enumerate(shingles(tokens)):
        if left[shingle] > 0:
            left[shingle] -= 1
        elif spans and i <= spans[-1][1]:
            spans[-1][1] = i + len(shingle)
        else:
            spans.append([i, i + len(shingle)])
    return [" ".join(tokens[a:b]) for a, b in spans]


def hint(tokens: list[str], other: Counter[tuple[str, ...]], count: int = 3, words: int = 14) -> str:
    """The longest few unmatched runs, shortened, in text order."""
    spans = unmatched_spans(tokens, other)
    longest = sorted(sorted(spans, key=len, reverse=True)[:count], key=spans.index)
    shortened = [s if len(s.split()) <= words else " ".join(s.split()[:words]) + " …" for s in longest]
    return " | ".join(f"«{s}»" for s in shortened) or "-"


def print_worst(pages: list[Page], run: SystemRun, scores: dict[str, PageScore], n: int) -> None:
    """Our n worst pages by F1, with url, P/R and what we added and missed."""
    print(f"\nOur {n} worst pages by F1:")
    fmt = "{:.2f}".format
    for page in sorted(pages, key=lambda p: (scores[p.key].f1, p.key))[:n]:
        s = scores[page.key]
        p = "-" if s.precision is None else fmt(s.precision)
        r = "-" if s.recall is None else fmt(s.recall)
        note = f" [{run.notes[page.key]}]" if page.key in run.notes else ""
        print(f"- F1 {s.f1:.2f} (P {p}, R {r}) {page.key[:12]} {page.url}{note}")
        truth, ours = TOKEN.findall(page.truth or ""), TOKEN.findall(run.texts[page.key])
        print(f"    extra:  {hint(ours, Counter(shingles(truth)))}")
        print(f"    missed: {hint(truth, Counter(shingles(ours)))}")


def save_json(
    path: Path, pages: list[Page], runs: list[SystemRun], scores: dict[str, dict[str, PageScore]]
) -> None:
    """Per-page counts and scores of every system, plus the summary, as JSON."""

    def row(s: PageScore) -> dict:
        return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision, "recall": s.recall, "f1": s.f1}

    summary = {}
    for run in runs:
        f1, p, r = summarize(list(scores[run.name].values()))
        summary[run.name] = {"f1": f1, "precision": p, "recall": r, "seconds": run.seconds}
    per_page = {
        page.key: {"url": page.url, **{run.name: row(scores[run.name][page.key]) for run in runs}}
        for page in pages
    }
    path.write_text(json.dumps({"summary": summary, "pages": per_page}, indent=1), encoding="utf-8")


def benchmark_part(args: argparse.Namespace) -> None:
    """Part a: every system on the scrapinghub pages, scored with the shingle metric."""
    pages = load_scrapinghub(args.data, args.limit)
    print(f"## scrapinghub article-extraction benchmark: {len(pages)} pages ({args.data})\n")
    runs = [run_system(name, fn, pages) for name, fn in extractors(args.only == OURS).items()]
    scores = {run.name: page_scores(pages, run) for run in runs}
    print_benchmark_table(runs, scores)
    if args.worst:
        print_worst(pages, runs[0], scores[OURS], args.worst)
    if args.json:
        save_json(args.json, pages, runs, scores)
        print(f"\nper-page scores written to {args.json}")


# ------------------------------------------------------------- raw/ corpus


def load_expectations(folder: Path) -> dict[str, dict]:
    """Expectation of every input page named by the *.expected.json files below folder."""
    by_input: dict[str, dict] = {}
    for path in sorted(folder.rglob("*.expected.json")) if folder.is_dir() else []:
        expected = json.loads(path.read_text(encoding="utf-8"))
        for name in expected.get("inputs", []):
            by_input[name] = expected
    return by_input


def norm(text: str) -> str:
    """Text as compared: NFKC, plain quotes, whitespace collapsed, case folded."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split()).casefold()


def expected_snippets(expected: dict) -> list[str]:
    """Expected paragraphs and list items (items without their trailing punctuation)."""
    out: list[str] = []
    for section in expected.get("sections", []):
        out.extend(section.get("paragraphs", []))
        for lst in section.get("lists", []):
            out.extend(item.rstrip(" .;,:") for item in lst["items"])
    return out


def snippet_counts(text: str, expected: dict) -> tuple[int, int, int, int]:
    """(found, expected, absent, unwanted): expected snippets present, unwanted ones absent."""
    blob = norm(text)
    wanted = expected_snippets(expected)
    unwanted = expected.get("without", [])
    found = sum(norm(s) in blob for s in wanted)
    absent = sum(norm(s) not in blob for s in unwanted)
    return found, len(wanted), absent, len(unwanted)


def write_records(pages: list[Page], out: Path) -> dict[str, str]:
    """Run our pipeline, write each record as <stem>.json; return each page's content text."""
    texts: dict[str, str] = {}
    for page in pages:
        try:
            record = run_ours(page)
        except Exception as exc:  # reported, scored as no record
            print(f"ours crashed on {page.name}: {exc!r}", file=sys.stderr)
            record = None
        if record is not None:
            (out / f"{page.key}.json").write_text(record.model_dump_json(indent=1), encoding="utf-8")
        texts[page.name] = record_content(record)
    return texts


def run_score_tool(tool: Path, outputs: Path, expectations: Path) -> str:
    """The summary line of score.py on the written records."""
    cmd = [sys.executable, str(tool), "--outputs", str(outputs), "--dir", str(expectations), "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else f"score.py gave no summary (exit {done.returncode}): {done.stderr[-300:]}"


def print_snippet_table(texts: dict[str, dict[str, str]], expected: dict[str, dict]) -> None:
    """One markdown row per system: snippet recall and cleanliness over the expected pages."""
    print("| system | pages | recall (paragraphs + items) | clean (without absent) |")
    print("|---|---|---|---|")
    for system, by_page in texts.items():
        totals = [0, 0, 0, 0]
        for name, exp in expected.items():
            for i, n in enumerate(snippet_counts(by_page.get(name, ""), exp)):
                totals[i] += n
        recall = totals[0] / totals[1] if totals[1] else 0.0
        clean = totals[2] / totals[3] if totals[3] else 1.0
        print(
            f"| {system} | {len(expected)} | {recall:.3f} ({totals[0]}/{totals[1]}) "
            f"| {clean:.3f} ({totals[2]}/{totals[3]}) |"
        )


def raw_part(args: argparse.Namespace) -> None:
    """Part b: our raw/ pages, scored by score.py and by the snippet check, beside trafilatura."""
    pages = load_raw(args.raw, gunzip=False)  # as the CLI reads them; both systems unpack gzip
    expected = {
        name: exp
        for name, exp in load_expectations(args.expectations).items()
        if any(p.name == name for p in pages)
    }
    print(f"\n## raw/ corpus: {len(pages)} pages, {len(expected)} with expectations ({args.expectations})\n")
    with tempfile.TemporaryDirectory(prefix="quality-records-") as tmp:
        texts = {OURS: write_records(pages, Path(tmp))}
        if not expected:
            print("no expectation files for these pages: nothing to score")
            return
        if args.score_tool.is_file():
            print(f"score.py (ours): {run_score_tool(args.score_tool, Path(tmp), args.expectations)}\n")
        else:
            print(f"score.py not found at {args.score_tool}: skipped\n")
    if args.only != OURS:
        for label, settings in TRAFILATURA_SETTINGS.items():
            texts[label] = {p.name: run_trafilatura(p, settings) for p in pages}
    print_snippet_table(texts, expected)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=DEFAULT_SCRAPINGHUB,
        help="scrapinghub benchmark folder (html/, ground-truth.json)",
    )
    ap.add_argument("--limit", type=int, help="only the first N benchmark pages (by key)")
    ap.add_argument("--only", choices=[OURS], help="run our pipeline only")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="show our N worst pages by F1")
    ap.add_argument("--json", type=Path, metavar="FILE", help="save per-page scores")
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="our corpus of raw pages")
    ap.add_argument(
        "--expectations",
        type=Path,
        default=REPO / "tests" / "expectations",
        help="folder of *.expected.json files for the raw pages",
    )
    ap.add_argument("--score-tool", type=Path, default=REPO.parent / "shared" / "tools" / "score.py")
    ap.add_argument("--no-raw", action="store_true", help="skip part b (raw/ corpus)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run both parts and print their tables."""
    args = parse_args(argv)
    benchmark_part(args)
    if not args.no_raw:
        raw_part(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
