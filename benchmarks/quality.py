"""Extraction quality: our pipeline beside trafilatura, on the same pages, in one run.

Three benchmark sets from ../shared/benchmarks, each scored with its own README's metric
(see metrics.py): scrapinghub (181 news and blog pages, shingle F1), wcxb-dev (705
article pages of 2024-2026, word-token F1), traf-eval-dev (856 pages in many languages,
with/without snippet F1). Then our raw/ corpus (rawset.py).

Every set is also reported on two halves, by a checksum of the page key: rules are
decided on the even half and confirmed on the odd one. trafilatura 2.3.1 runs with
``include_comments=False``, as the READMEs measured it; its texts are cached under
benchmarks/.cache (keyed by its version and the page bytes), since they never change
while we work.

    .venv/bin/python benchmarks/quality.py [--set NAME ...] [--half even|odd] [--limit N]
        [--only ours] [--worst N] [--show KEY] [--json FILE] [--no-raw] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from _common import (
    BENCHMARKS,
    DEFAULT_RAW,
    DEFAULT_SCRAPINGHUB,
    DEFAULT_TRAF_EVAL,
    DEFAULT_WCXB,
    REPO,
    TRAFILATURA,
    Page,
    PageError,
    Record,
    load_scrapinghub,
    load_traf_eval,
    load_wcxb,
    process,
    record_body,
    record_lines,
    run_trafilatura,
    trafilatura,
)
from metrics import (
    TOKEN,
    PageScore,
    score_shingles,
    score_snippets,
    score_tokens,
    shingles,
    summarize,
)
from rawset import raw_part

from pipeline.explain import explain

OURS = "ours"
TRAF = "trafilatura"
CACHE = REPO / "benchmarks" / ".cache"


@dataclass(frozen=True)
class BenchSet:
    """A benchmark set: where it is, how it loads, which text of a record it scores, and how."""

    name: str
    folder: Path
    load: Callable[[Path, int | None], list[Page]]
    metric: str  # "shingles", "tokens" or "snippets"
    view: Callable[[Record | None], str]  # the record text this set's README scores


SETS = {
    "scrapinghub": BenchSet("scrapinghub", DEFAULT_SCRAPINGHUB, load_scrapinghub, "shingles", record_body),
    "wcxb": BenchSet("wcxb", DEFAULT_WCXB, load_wcxb, "tokens", record_lines),
    "traf-eval": BenchSet("traf-eval", DEFAULT_TRAF_EVAL, load_traf_eval, "snippets", record_lines),
}


def score(bench: BenchSet, page: Page, text: str) -> PageScore:
    """One page's score under its set's metric."""
    if bench.metric == "snippets":
        return score_snippets(page.with_, page.without, text)
    if bench.metric == "tokens":
        return score_tokens(page.truth or "", text)
    return score_shingles(page.truth or "", text)


# ----------------------------------------------------------- running systems


@dataclass(slots=True)
class SystemRun:
    """What one system predicted on every page, how long it took, and why pages came out empty."""

    name: str
    texts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    refused: dict[str, str] = field(default_factory=dict)  # page key -> reason
    crashes: int = 0
    profile: dict[str, str] = field(default_factory=dict)  # page key -> profile that located it


def run_ours_set(bench: BenchSet, pages: list[Page]) -> SystemRun:
    """Our pipeline on every page: the text its set scores, refusals and crashes noted."""
    run = SystemRun(OURS)
    with contextlib.suppress(Exception):
        process(pages[0].data, pages[0].name)  # loads profiles and tables, untimed
    for page in pages:
        start = time.perf_counter()
        record = None
        try:
            record = process(page.data, page.name)
            run.profile[page.key] = record.extraction.profile
        except PageError as exc:  # the reason code, and its message with the numbers taken out
            run.refused[page.key] = f"{exc.reason}: {re.sub(r'[0-9]+', 'N', exc.message)}"
        except Exception as exc:  # a bug must not hide the other pages' scores
            run.refused[page.key] = "crash"
            run.crashes += 1
            print(f"ours crashed on {page.name}: {exc!r}", file=sys.stderr)
        run.seconds += time.perf_counter() - start
        run.texts[page.key] = bench.view(record)
    return run


def run_traf_set(bench: BenchSet, pages: list[Page]) -> SystemRun:
    """trafilatura on every page, from the cache where it has run on these bytes before."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{bench.name}-{trafilatura.__version__}.json"
    cache: dict[str, list] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    run = SystemRun(TRAF)
    for page in pages:
        digest = hashlib.sha256(page.data).hexdigest()
        hit = cache.get(page.key)
        if hit is None or hit[0] != digest:
            start = time.perf_counter()
            try:
                text = run_trafilatura(page, TRAFILATURA)
            except Exception as exc:
                text = ""
                print(f"trafilatura crashed on {page.name}: {exc!r}", file=sys.stderr)
            hit = cache[page.key] = [digest, text, time.perf_counter() - start]
        run.texts[page.key], run.seconds = hit[1], run.seconds + hit[2]
        if not TOKEN.search(hit[1]):
            run.refused[page.key] = "empty"
    path.write_text(json.dumps(cache), encoding="utf-8")
    return run


# ------------------------------------------------------------------ reports


def page_language(page: Page) -> str:
    """The page's declared language (two letters of <html lang>), '?' when it says none."""
    found = re.search(rb"<html[^>]*?\slang\s*=\s*[\"']?([a-zA-Z]{2})", page.data[:20000], re.IGNORECASE)
    return found.group(1).decode().lower() if found else "?"


def row(label: str, metric: str, scores: list[PageScore], extra: str = "") -> str:
    """One markdown row: F1, precision, recall, pages."""
    f1, p, r = summarize(metric, scores)
    return f"| {label} | {len(scores)} | {f1:.3f} | {p:.3f} | {r:.3f} |{extra}"


def snippet_counts(scores: list[PageScore]) -> str:
    """found / missed / leaked totals, the snippet metric's raw counts."""
    tp, fn, fp = (sum(getattr(s, k) for s in scores) for k in ("tp", "fn", "fp"))
    return f" {tp} found, {fn} missed, {fp} leaked |"


def print_set_table(bench: BenchSet, pages: list[Page], runs: list[SystemRun], scores: dict) -> None:
    """Each system on the whole set and on each half, plus refusals and speed."""
    counts = bench.metric == "snippets"
    print(
        "| system | pages | F1 | precision | recall |"
        + (" snippets |" if counts else "")
        + " refused | pages/s |"
    )
    print("|---|---|---|---|---|" + ("---|" if counts else "") + "---|---|")
    for run in runs:
        for half in ("all", "even", "odd"):
            keys = [p.key for p in pages if half == "all" or p.half == half]
            chosen = [scores[run.name][k] for k in keys]
            refused = sum(1 for k in keys if k in run.refused)
            speed = f"{len(run.texts) / run.seconds:.1f}" if run.seconds and half == "all" else ""
            label = run.name if half == "all" else f"{run.name}, {half} half"
            extra = (snippet_counts(chosen) if counts else "") + f" {refused} | {speed} |"
            print(row(label, bench.metric, chosen, extra))


def print_breakdown(bench: BenchSet, pages: list[Page], runs: list[SystemRun], scores: dict) -> None:
    """Ours and trafilatura by declared language and by the profile that located our article."""
    ours = runs[0]
    groupings = {
        "language": {p.key: page_language(p) for p in pages},
        "profile": {p.key: ours.profile.get(p.key, f"refused: {ours.refused.get(p.key)}") for p in pages},
    }
    for title, group_of in groupings.items():
        groups: dict[str, list[str]] = defaultdict(list)
        for key, group in group_of.items():
            groups[group].append(key)
        print(f"\nBy {title} (F1, ours / trafilatura):\n")
        print(f"| {title} | pages | ours | " + " | ".join(r.name for r in runs[1:]) + " |")
        print("|---|---|---|" + "---|" * len(runs[1:]))
        for group, keys in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            f1s = [summarize(bench.metric, [scores[r.name][k] for k in keys])[0] for r in runs]
            print(f"| {group} | {len(keys)} | " + " | ".join(f"{f:.3f}" for f in f1s) + " |")
    reasons = Counter(ours.refused.values())
    print(
        "\nRefused by us, by reason: " + (", ".join(f"{r} {n}" for r, n in reasons.most_common()) or "none")
    )


def unmatched_spans(tokens: list[str], other: Counter) -> list[str]:
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


def hint(tokens: list[str], other: Counter, count: int = 3, words: int = 14) -> str:
    """The longest few unmatched runs, shortened, in text order."""
    spans = unmatched_spans(tokens, other)
    longest = sorted(sorted(spans, key=len, reverse=True)[:count], key=spans.index)
    shortened = [s if len(s.split()) <= words else " ".join(s.split()[:words]) + " …" for s in longest]
    return " | ".join(f"«{s}»" for s in shortened) or "-"


def differences(page: Page, text: str, count: int = 3) -> tuple[str, str]:
    """(what we added, what we missed) against the page's truth, or its snippets."""
    if page.truth is None:
        blob = " ".join(text.split())
        missed = [s for s in page.with_ if " ".join(s.split()) not in blob]
        leaked = [s for s in page.without if " ".join(s.split()) in blob]
        show = lambda items: " | ".join(f"«{s[:100]}»" for s in items[:count]) or "-"  # noqa: E731
        return show(leaked), show(missed)
    truth, ours = TOKEN.findall(page.truth), TOKEN.findall(text)
    return hint(ours, Counter(shingles(truth)), count), hint(truth, Counter(shingles(ours)), count)


def print_worst(pages: list[Page], run: SystemRun, scores: dict[str, PageScore], n: int) -> None:
    """Our n worst pages (by F1, or by snippets missed and leaked), with what went wrong."""
    print(f"\nOur {n} worst pages:")

    def badness(p: Page) -> tuple:
        s = scores[p.key]
        return (-(s.fn + s.fp), p.key) if p.truth is None else (s.f1, p.key)

    for page in sorted(pages, key=badness)[:n]:
        s = scores[page.key]
        note = f" [refused: {run.refused[page.key]}]" if page.key in run.refused else ""
        where = f" via {run.profile[page.key]}" if page.key in run.profile else ""
        print(f"- {page.key} F1 {s.f1:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn}){where}{note} {page.url}")
        extra, missed = differences(page, run.texts[page.key])
        print(f"    extra:  {extra}\n    missed: {missed}")


def show_page(page: Page, runs: list[SystemRun], scores: dict) -> None:
    """Everything about one page: scores, the element the locator chose and why, full differences."""
    print(f"\n### {page.key} {page.url} (half {page.half}, language {page_language(page)})")
    for run in runs:
        s = scores[run.name][page.key]
        print(f"{run.name}: F1 {s.f1:.3f} tp {s.tp} fp {s.fp} fn {s.fn} {run.refused.get(page.key, '')}")
    print("\nwhat each stage chose (pipeline.explain):\n" + explain(page.data, page.name))
    extra, missed = differences(page, runs[0].texts[page.key], count=40)
    print(f"\nextra (ours only):\n  {extra}\nmissed:\n  {missed}")


def save_json(path: Path, results: dict) -> None:
    """Per-page counts of every system on every set, for comparing two runs."""
    out = {
        name: {
            system: {k: [s.tp, s.fp, s.fn] for k, s in per_page.items()}
            for system, per_page in scores.items()
        }
        for name, scores in results.items()
    }
    path.write_text(json.dumps(out), encoding="utf-8")


def run_set(bench: BenchSet, args: argparse.Namespace) -> dict[str, dict[str, PageScore]]:
    """Load, run, score and report one set; return every system's per-page scores."""
    pages = bench.load(bench.folder, args.limit)
    if args.half:
        pages = [p for p in pages if p.half == args.half]
    if args.show:
        pages = [p for p in pages if p.key in args.show] or pages[:0]
    if not pages:
        return {}
    print(f"\n## {bench.name}: {len(pages)} pages, {bench.metric} metric ({bench.folder})\n")
    runs = [run_ours_set(bench, pages)] + ([] if args.only == OURS else [run_traf_set(bench, pages)])
    scores = {run.name: {p.key: score(bench, p, run.texts[p.key]) for p in pages} for run in runs}
    print_set_table(bench, pages, runs, scores)
    if args.show:
        for page in pages:
            show_page(page, runs, scores)
        return scores
    if args.breakdown:
        print_breakdown(bench, pages, runs, scores)
    if args.worst:
        print_worst(pages, runs[0], scores[OURS], args.worst)
    return scores


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data",
        type=Path,
        default=BENCHMARKS,
        metavar="DIR",
        help="folder of the sets (default: ../shared/benchmarks)",
    )
    ap.add_argument("--set", action="append", choices=sorted(SETS), help="only these sets (repeatable)")
    ap.add_argument("--half", choices=["even", "odd"], help="only one half of every set")
    ap.add_argument("--limit", type=int, help="only the first N pages of each set (by key)")
    ap.add_argument("--only", choices=[OURS], help="run our pipeline only")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="show our N worst pages per set")
    ap.add_argument("--show", action="append", metavar="KEY", help="everything about one page (repeatable)")
    ap.add_argument("--no-breakdown", dest="breakdown", action="store_false", help="no per-group tables")
    ap.add_argument("--json", type=Path, metavar="FILE", help="save per-page counts")
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="our corpus of raw pages")
    ap.add_argument("--expectations", type=Path, default=REPO / "tests" / "expectations")
    ap.add_argument("--score-tool", type=Path, default=REPO.parent / "shared" / "tools" / "score.py")
    ap.add_argument("--no-raw", action="store_true", help="skip our raw/ corpus")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every chosen set, then the raw/ corpus, and print their tables."""
    args = parse_args(argv)
    sets = {name: replace(b, folder=args.data / b.folder.name) for name, b in SETS.items()}
    missing = [b.folder.name for b in sets.values() if not b.folder.is_dir()]
    if missing:  # one line that says what to get, not a traceback
        sys.exit(
            f"no {', '.join(missing)} benchmark in {args.data}: put the sets there, or give their folder (--data)"
        )
    results = {name: run_set(sets[name], args) for name in args.set or sets}
    if args.json:
        save_json(args.json, results)
        print(f"\nper-page counts written to {args.json}")
    if not (args.no_raw or args.show or args.half or args.set):
        raw_part(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
