"""Part b of quality.py: our raw/ corpus, scored by score.py and by a snippet check.

Records are written to a temporary folder and scored with ../shared/tools/score.py when
it exists; both systems also get a snippet score against the expectation files: the
share of expected paragraphs and list items found in the text (recall) and the share of
"without" snippets absent from it (clean).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from _common import TRAFILATURA, Page, load_raw, record_content, run_ours, run_trafilatura

OURS = "ours"


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
        texts["trafilatura"] = {p.name: run_trafilatura(p, TRAFILATURA) for p in pages}
    print_snippet_table(texts, expected)
