"""Command line: `python -m pipeline run ...` (or `health-pipeline run ...`), `explain PAGE`, `review OUT_DIR`, `schema`.

Exit status: 0 when every page gave a record, 1 when some did not (the
others are still written), 2 when the command itself is wrong (bad option,
missing input, a bad profile, output folder busy, engine unavailable).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.batch import (
    ENGINES,
    JSONL_STDOUT,
    BatchConfig,
    BatchError,
    Summary,
    default_workers,
    run_batch,
)
from pipeline.explain import explain
from pipeline.inputs import count_inputs, printable
from pipeline.models import Limits, Record
from pipeline.outputs import write_atomic
from pipeline.process import process
from pipeline.profiles import ProfileError
from pipeline.progress import Progress
from pipeline.results import describe
from pipeline.review import ONLY

EXIT_OK, EXIT_FAILED_PAGES, EXIT_USAGE = 0, 1, 2
_SIZE_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


def command() -> int:
    """The `health-pipeline` command: main() on the process's arguments, then a quick exit.

    Everything the process loaded stays until it ends, so the collector is
    told to leave it (gc.freeze): the interpreter's last collections would
    otherwise walk the whole heap: about 0.1 s of every run, a fixed cost
    that weighs twice as much on a 2-worker run as on a 1-worker one.
    """
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status instead of exiting, so tests can call it."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "run":
            return _run(parser, args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "review":
            return _review(args)
        return _schema(args)
    except SystemExit as exc:  # argparse reports usage errors (and --help) this way
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped reading (`explain PAGE | head`): nothing is wrong
        with contextlib.suppress(OSError, ValueError):  # no second error when Python flushes at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except MemoryError:
        print(
            "health-pipeline: error: out of memory (try fewer --workers or a lower --max-bytes)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except Exception as exc:  # a bug outside any page: one line a user can report, not a traceback
        print(f"health-pipeline: error: internal error: {describe(exc)}", file=sys.stderr)
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="health-pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_run(commands.add_parser("run", help="turn saved pages into JSON records"))
    shown = commands.add_parser(
        "explain", help="show what each stage chose on one page and what each rule dropped"
    )
    shown.add_argument("page", type=Path, metavar="PAGE", help="a saved page (HTML, gzip, text dump)")
    _add_profiles(shown)
    review = commands.add_parser(
        "review", help="write OUT_DIR/_review/index.html: what each page kept and dropped (the review extra)"
    )
    review.add_argument("out", type=Path, metavar="OUT_DIR", help="the folder a run wrote (its --out)")
    review.add_argument("--only", choices=ONLY, default="all", help="which pages get a view (default: all)")
    review.add_argument(
        "--base",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder the run was started in: its input names start there (default: the current folder)",
    )
    schema = commands.add_parser("schema", help="print the JSON Schema of a record")
    schema.add_argument("--write", metavar="PATH", type=Path, help="write it to PATH instead of stdout")
    return parser


def _add_run(run: argparse.ArgumentParser) -> None:
    defaults = Limits()
    run.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (recursive); default: raw/")
    run.add_argument("--out", type=Path, default=Path("output"), metavar="DIR", help="default: output/")
    run.add_argument(
        "--workers",
        type=_positive_int,
        default=default_workers(),
        metavar="N",
        help="parallel workers (default: CPU count); 1 runs in this process",
    )
    _add_profiles(run)
    run.add_argument("--force", action="store_true", help="redo pages whose record is up to date")
    run.add_argument("--prune", action="store_true", help="delete records whose input is gone (orphaned)")
    run.add_argument(
        "--only-medical",
        action="store_true",
        help="refuse pages with no medical signal (page_kind 'other') with reason not_medical",
    )
    shown = run.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", help="show the progress bar even off a terminal")
    shown.add_argument("--quiet", action="store_true", help="no progress bar, even on a terminal")
    run.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help="also write all records as JSON Lines ('-': standard output)",
    )
    run.add_argument("--engine", choices=ENGINES, help="local (default) or dask (implied by --scheduler)")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="dask scheduler; none: a LocalCluster")
    run.add_argument(
        "--max-bytes",
        type=_size,
        default=defaults.max_bytes,
        metavar="N",
        help=f"largest page read, in bytes; k/M/G suffixes (default: {defaults.max_bytes})",
    )
    run.add_argument(
        "--max-decompressed",
        type=_size,
        default=defaults.max_decompressed,
        metavar="N",
        help=f"largest size a gzip page may inflate to; k/M/G suffixes (default: {defaults.max_decompressed})",
    )
    run.add_argument(
        "--max-elements",
        type=_positive_int,
        default=defaults.max_elements,
        metavar="N",
        help=f"most elements a parsed page may hold (default: {defaults.max_elements})",
    )
    run.add_argument(
        "--timeout",
        type=_positive_float,
        default=defaults.timeout_s,
        metavar="SECONDS",
        help=f"wall time per page (default: {defaults.timeout_s:g})",
    )


def _add_profiles(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--profiles",
        type=Path,
        metavar="DIR",
        help="a folder of your own site profiles (*.toml), added to the built-in ones (docs/profiles.md)",
    )


def _positive_int(text: str) -> int:
    """A count of at least 1; the error names the value, not this function (argparse's default)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be more than 0, and finite")
    return value


def _size(text: str) -> int:
    """Bytes, with an optional k/M/G (binary) suffix, because nobody types 16777216."""
    unit = text[-1:].lower() if text[-1:].isalpha() else ""
    if unit not in _SIZE_UNITS:
        raise argparse.ArgumentTypeError(f"unknown unit in {text!r} (use k, M or G)")
    return _positive_int(text[: len(text) - len(unit)]) * _SIZE_UNITS[unit]


# --------------------------------------------------------------------- run


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    config = _config(parser, args)
    shown = args.progress or (not args.quiet and sys.stderr.isatty())
    progress = Progress(sys.stderr, count_inputs(config.paths, config.out_dir)) if shown else None
    try:
        summary = run_batch(config, progress.update if progress else None)
    except BatchError as exc:
        print(f"health-pipeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress:
            progress.close()
    _print_summary(summary, config)
    return EXIT_OK if summary.all_ok else EXIT_FAILED_PAGES


def _config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> BatchConfig:
    """Turn arguments into a BatchConfig, rejecting what argparse alone cannot see."""
    paths = tuple(args.paths) or ("raw",)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if args.engine == "local" and args.scheduler:
        parser.error("--scheduler needs --engine dask")
    engine = args.engine or ("dask" if args.scheduler else "local")
    return BatchConfig(
        paths=paths,
        out_dir=args.out,
        workers=args.workers,
        engine=engine,
        scheduler=args.scheduler,
        force=args.force,
        limits=Limits(
            max_bytes=args.max_bytes,
            max_decompressed=args.max_decompressed,
            max_elements=args.max_elements,
            timeout_s=args.timeout,
        ),
        jsonl=args.jsonl,
        page_fn=process,
        prune=args.prune,
        only_medical=args.only_medical,
        profiles=args.profiles,
    )


def _print_summary(summary: Summary, config: BatchConfig) -> None:
    """The outcome on stdout (on stderr when stdout carries the records), timings on stderr."""
    out = sys.stderr if config.jsonl == JSONL_STDOUT else sys.stdout
    totals = summary.totals
    print(
        f"{totals['inputs']} inputs: {totals['ok']} ok, {totals['error']} error, "
        f"{totals['skipped']} skipped; records in {printable(str(config.out_dir))}, "
        f"report {printable(str(summary.report_path))}",
        file=out,
    )
    if summary.code_changed:
        print("the pipeline changed since these records were made: the pages run were redone", file=out)
    if summary.orphaned:
        print(
            f"{summary.orphaned} orphaned records in the folder (see the report; --prune deletes them)",
            file=out,
        )
    if summary.pruned:
        print(f"{summary.pruned} orphaned records deleted", file=out)
    rate = totals["inputs"] / summary.seconds if summary.seconds > 0 else 0.0
    slowest = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in summary.slowest if seconds > 0)
    print(
        f"time: {summary.seconds:.2f} s, {rate:.1f} inputs/s" + (f"; slowest: {slowest}" if slowest else ""),
        file=sys.stderr,
    )
    if summary.jsonl_records is not None:
        print(f"jsonl: {summary.jsonl_records} records in {config.jsonl}", file=sys.stderr)


# ----------------------------------------------------------------- explain


def _explain(args: argparse.Namespace) -> int:
    """Print the trace of one page; a page that gives no record is explained too (exit 0)."""
    limits = Limits()
    try:
        with open(args.page, "rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        print(
            f"health-pipeline: error: cannot read {printable(str(args.page))}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        print(explain(data, printable(str(args.page)), args.profiles, limits))
    except ProfileError as exc:
        print(f"health-pipeline: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


# ------------------------------------------------------------------ review


def _review(args: argparse.Namespace) -> int:
    try:
        from pipeline.review.build import ReviewError, build_review
    except ImportError as exc:
        print(
            f"health-pipeline: error: the review needs the review extra ({exc.name} is missing): "
            "pip install 'health-page-pipeline[review]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        summary = build_review(args.out, args.only, args.base)
    except ReviewError as exc:
        print(f"health-pipeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"{summary.entries} report entries, {summary.views} page views ({ONLY[args.only]}): "
        f"{printable(str(summary.index))}"
    )
    print(f"time: {summary.seconds:.2f} s", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ schema


def schema_text() -> str:
    """The record's JSON Schema, in the one byte-stable form that gets committed."""
    return json.dumps(Record.model_json_schema(), indent=2, sort_keys=True) + "\n"


def _schema(args: argparse.Namespace) -> int:
    if args.write is None:
        sys.stdout.write(schema_text())
    else:
        write_atomic(args.write, schema_text())
    return EXIT_OK
