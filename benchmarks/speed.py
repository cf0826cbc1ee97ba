"""Speed: our pipeline beside trafilatura and a bare lxml parse, then the CLI end to end.

1. In one process, on the same pages (the scrapinghub pages plus raw/, decompressed in
   memory first): pages/s of process(), trafilatura.extract (default and fast=True) and
   lxml.html.document_fromstring (the floor). The systems take turns, one full pass each
   per round, for several rounds; the headline is the best round (least disturbed by
   the machine), the median is printed beside it. A page that raises still counts.
2. The CLI, `python -m pipeline run DIR --out OUT --workers W`, on those pages written
   to disk several times (each copy marked so hashes differ), with 1 and 2 workers
   taking turns for a few rounds (the fastest of each kept): pages/s (input files /
   wall time, start-up included), scaling efficiency
   = pages/s(2) / (2 x pages/s(1)), and peak RSS sampled from /proc every 0.1 s
   (largest single worker, and the whole process tree; shared pages count in each).
   In the same rounds, the ceiling: process() over the pages in memory in one
   process, then in two side by side; the CLI's efficiency is reported as a share of it.
3. A synthetic batch (default 100000 variants of the raw/ pages) end to end, then run
   again into the same output folder: the incremental rerun should skip every input.

    .venv/bin/python benchmarks/speed.py [--limit N] [--rounds R] [--copies C] [--cli-rounds R]
                                        [--synthetic N | --no-synthetic]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gc
import importlib.util
import multiprocessing
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
from _common import (
    DEFAULT_RAW,
    DEFAULT_SCRAPINGHUB,
    REPO,
    Page,
    load_raw,
    load_scrapinghub,
    run_ours,
    run_trafilatura,
    variant,
    variant_name,
)

from pipeline import compiled, native

OURS, TRAF, FAST, LXML = "ours process()", "trafilatura default", "trafilatura fast", "lxml parse (floor)"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
# 2-worker scaling, as a share of what 2 processes of process() reach on the same machine in the same run.
SCALING_GOAL = 0.9


# --------------------------------------------------------------- in process


def _parse(page: Page) -> object:
    return lxml.html.document_fromstring(page.data)


SYSTEMS: dict[str, Callable[[Page], object]] = {
    OURS: run_ours,
    TRAF: lambda page: run_trafilatura(page, {}),
    FAST: lambda page: run_trafilatura(page, {"fast": True}),
    LXML: _parse,
}


def time_pass(fn: Callable[[Page], object], pages: list[Page]) -> float:
    """Seconds for one pass over every page; a page that raises still costs its time."""
    gc.collect()
    start = time.perf_counter()
    for page in pages:
        with contextlib.suppress(Exception):  # the stub, a refused page or a bug: timing goes on
            fn(page)
    return time.perf_counter() - start


def in_process(pages: list[Page], rounds: int) -> dict[str, list[float]]:
    """Pass times of every system, the systems taking turns round after round."""
    for fn in SYSTEMS.values():  # untimed: lazy set-up must not count against the first system
        time_pass(fn, pages[:3])
    times: dict[str, list[float]] = {name: [] for name in SYSTEMS}
    for r in range(rounds):
        for name, fn in SYSTEMS.items():
            times[name].append(time_pass(fn, pages))
        print(
            f"  round {r + 1}/{rounds}: " + ", ".join(f"{n} {t[-1]:.2f}s" for n, t in times.items()),
            file=sys.stderr,
        )
    return times


def rates(times: dict[str, list[float]], n: int) -> dict[str, tuple[float, float]]:
    """(best, median) pages/s of every system."""
    return {name: (n / min(ts), n / statistics.median(ts)) for name, ts in times.items()}


def print_rates(speed: dict[str, tuple[float, float]], n: int, rounds: int) -> None:
    """The in-process table and the two ratios."""
    print(f"## In one process: {n} pages, best and median of {rounds} interleaved rounds\n")
    print("| system | pages/s (best) | pages/s (median) | ms/page (best) |")
    print("|---|---|---|---|")
    for name, (best, median) in speed.items():
        print(f"| {name} | {best:.1f} | {median:.1f} | {1000 / best:.2f} |")
    print(
        f"\nours / trafilatura default: {ratio(speed, OURS, TRAF)}; "
        f"ours / trafilatura fast: {ratio(speed, OURS, FAST)}; lxml / ours: {ratio(speed, LXML, OURS)}"
    )


def ratio(speed: dict[str, tuple[float, float]], a: str, b: str) -> str:
    """Best pages/s of a over that of b, as text."""
    return f"{speed[a][0] / speed[b][0]:.2f}x"


# ------------------------------------------------------------ the CLI, watched


@dataclasses.dataclass(slots=True)
class CliRun:
    """One run of the CLI: what went in and out, how long it took, how much memory."""

    files: int
    seconds: float
    returncode: int
    records: int
    peak_worker_kb: int
    peak_total_kb: int
    stderr_tail: str

    @property
    def pages_per_s(self) -> float:
        """Input files per second of wall time."""
        return self.files / self.seconds if self.seconds else 0.0


def proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, RSS in kB) of every process, from /proc/<pid>/stat."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        table[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE_KB)
    return table


def tree_rss(root: int) -> dict[int, int]:
    """RSS in kB of root and all its descendants."""
    table = proc_table()
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in table and pid not in found:
            found[pid] = table[pid][1]
            todo.extend(child for child, (parent, _) in table.items() if parent == pid)
    return found


def count_records(out: Path) -> int:
    """Record files written below out (run reports such as _report.json aside)."""
    return sum(1 for p in out.rglob("*.json") if not p.name.startswith("_"))


def run_cli(cli: list[str], inputs: Path, out: Path, workers: int, files: int) -> CliRun:
    """Run the CLI once and watch its process tree (every 0.1 s) until it ends, timed to its exit."""
    cmd = [*cli, "run", str(inputs), "--out", str(out), "--workers", str(workers)]
    peaks: dict[int, int] = {}
    peak_total = 0
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        while proc.poll() is None:
            sample = tree_rss(proc.pid)
            peak_total = max(peak_total, sum(sample.values()))
            for pid, kb in sample.items():
                peaks[pid] = max(peaks.get(pid, 0), kb)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.1)  # back at once when it ends: a sleep read up to 0.1 s late
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    workers_kb = [kb for pid, kb in peaks.items() if pid != proc.pid] or [peaks.get(proc.pid, 0)]
    return CliRun(
        files, seconds, proc.returncode, count_records(out), max(workers_kb), peak_total, "\n".join(tail)
    )


def describe(label: str, run: CliRun) -> None:
    """One line about a CLI run, and its last stderr lines when it failed."""
    print(
        f"- {label}: {run.files} files in {run.seconds:.1f}s = {run.pages_per_s:.1f} pages/s, "
        f"{run.records} records, exit {run.returncode}, "
        f"peak RSS worker {run.peak_worker_kb / 1024:.0f} MB, tree {run.peak_total_kb / 1024:.0f} MB"
    )
    if run.returncode:
        print("    " + run.stderr_tail.replace("\n", "\n    "))


def write_copies(pages: list[Page], folder: Path, count: int) -> int:
    """Write `count` marked copies of the pages (cycling through them); return the file count."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        page = pages[i % len(pages)]
        (folder / variant_name(page, i)).write_bytes(variant(page, i))
    return count


def cli_scaling(
    cli: list[str], pages: list[Page], copies: int, rounds: int, tmp: Path
) -> tuple[dict[int, CliRun], float]:
    """The CLI with 1 and 2 workers on the same folder, and the process() ceiling, taking turns for a
    few rounds.

    Each run writes into a fresh output folder. Per worker count, the fastest round
    is kept, with the highest memory peak seen in any round. The ceiling's two
    measures (one process of process() alone, two side by side) take their turns in
    the same rounds, so that the machine's slow minutes weigh on both sides of the
    share alike: measured a minute apart, the ceiling read anywhere from 0.99 to 1.04.
    """
    files = write_copies(pages, tmp / "corpus", copies * len(pages))
    print(f"\n## CLI end to end: {files} files ({copies} marked copies of {len(pages)} pages)\n")
    runs: dict[int, list[CliRun]] = {1: [], 2: []}
    alone: list[float] = []
    together: list[float] = []
    work = functools.partial(_pass_over_pages, pages)
    for r in range(rounds):
        for workers, done in runs.items():
            out = tmp / f"out-{workers}"
            done.append(run_cli(cli, tmp / "corpus", out, workers, files))
            describe(f"--workers {workers}, round {r + 1}", done[-1])
            shutil.rmtree(out, ignore_errors=True)
        alone.append(_wall(1, work))
        together.append(_wall(2, work))
        print(f"- process() ceiling, round {r + 1}: {alone[-1] / together[-1]:.2f}")
    return {workers: best_run(done) for workers, done in runs.items()}, min(alone) / min(together)


def start_up(cli: list[str], page: Page, tmp: Path) -> dict[int, float]:
    """Seconds the CLI takes, with 1 and 2 workers, on a folder of one page: its fixed cost per run."""
    write_copies([page], tmp / "one", 1)
    seconds = {}
    for workers in (1, 2):
        seconds[workers] = min(
            run_cli(cli, tmp / "one", tmp / f"one-{workers}-{i}", workers, 1).seconds for i in range(3)
        )
    print(f"- start-up and shut-down (1 page): {seconds[1]:.2f} s with 1 worker, {seconds[2]:.2f} s with 2")
    return seconds


def best_run(runs: list[CliRun]) -> CliRun:
    """The fastest run, carrying the highest memory peaks of all."""
    return dataclasses.replace(
        min(runs, key=lambda run: run.seconds),
        peak_worker_kb=max(run.peak_worker_kb for run in runs),
        peak_total_kb=max(run.peak_total_kb for run in runs),
    )


def synthetic(cli: list[str], raw: list[Page], n: int, workers: int, tmp: Path) -> tuple[CliRun, CliRun]:
    """A batch of n variants of the raw pages: a first run, then an incremental rerun."""
    print(f"\n## Synthetic batch: {n} variants of {len(raw)} raw/ pages, --workers {workers}\n")
    print("  writing the batch ...", file=sys.stderr)
    write_copies(raw, tmp / "synthetic", n)
    first = run_cli(cli, tmp / "synthetic", tmp / "synthetic-out", workers, n)
    describe("first run", first)
    again = run_cli(cli, tmp / "synthetic", tmp / "synthetic-out", workers, n)
    describe("incremental rerun", again)
    return first, again


# ----------------------------------------------------------------- summary


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def _wall(copies: int, work: Callable[[], object]) -> float:
    """Seconds for `copies` forked processes each doing `work`, all at once."""
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=work) for _ in range(copies)]
    start = time.perf_counter()
    for child in children:
        child.start()
    for child in children:
        child.join()
    return time.perf_counter() - start


def scaling_ceiling(work: Callable[[], object], rounds: int) -> float:
    """Efficiency of 2 processes doing `work` side by side, against one alone (wall time one / two).

    One alone and two together take turns for `rounds` rounds and the
    fastest of each is kept, as for the CLI runs it is set against: a single
    pair of runs read anywhere from 0.5 to 1.2 on this shared machine.
    """
    alone, together = [], []
    for _ in range(rounds):
        alone.append(_wall(1, work))
        together.append(_wall(2, work))
    return min(alone) / min(together)


def _pass_over_pages(pages: list[Page]) -> None:
    """process() over the pages in memory (no file I/O, no pool): what 2 workers can reach at best."""
    for page in pages:
        with contextlib.suppress(Exception):
            run_ours(page)


def summary_rows(
    speed: dict[str, tuple[float, float]],
    cli: dict[int, CliRun],
    fixed: dict[int, float],
    synth: tuple[CliRun, CliRun] | None,
    ceilings: tuple[float, float],
) -> list[tuple[str, str]]:
    """(measure, value) rows of the final table."""
    rows = [(f"{name}, pages/s (best)", f"{best:.1f}") for name, (best, _) in speed.items()]
    rows += [
        ("ours / trafilatura default", ratio(speed, OURS, TRAF)),
        ("lxml / ours", ratio(speed, LXML, OURS)),
    ]
    for w, run in cli.items():
        rows.append(
            (
                f"CLI --workers {w}, pages/s ({run.records}/{run.files} records, exit {run.returncode})",
                f"{run.pages_per_s:.1f}" if run.records else "n/a: no record written",
            )
        )
        rows.append((f"CLI --workers {w}, peak RSS per worker", f"{run.peak_worker_kb / 1024:.0f} MB"))
    one, two = cli[1], cli[2]
    efficiency = two.pages_per_s / (2 * one.pages_per_s) if one.records and two.records else None
    rows.append(("scaling efficiency, 2 workers", "n/a" if efficiency is None else f"{efficiency:.2f}"))
    rows.append(("CLI start-up and shut-down (1 page), 1 / 2 workers", f"{fixed[1]:.2f} / {fixed[2]:.2f} s"))
    steady_efficiency = None
    if efficiency is not None:
        steady = [(run.seconds - fixed[w]) / run.files for w, run in cli.items()]
        steady_efficiency = steady[0] / (2 * steady[1])
        rows.append(("scaling efficiency, 2 workers, start-up taken out", f"{steady_efficiency:.2f}"))
    cpu, pipeline = ceilings
    rows.append(("ceiling: 2 processes of pure CPU work", f"{cpu:.2f}"))
    rows.append(("ceiling: 2 processes of process() on pages in memory", f"{pipeline:.2f}"))
    if efficiency is not None and steady_efficiency is not None:
        share = efficiency / pipeline
        verdict = "met" if share >= SCALING_GOAL else "not met"
        rows.append(
            (f"CLI scaling / process() ceiling (goal at least {SCALING_GOAL})", f"{share:.2f}: {verdict}")
        )
        rows.append(("the same, start-up taken out", f"{steady_efficiency / pipeline:.2f}"))
    if synth:
        first, again = synth
        rows += [
            (f"synthetic {first.files} pages, wall time", f"{first.seconds:.0f} s"),
            (f"synthetic {first.files} pages, pages/s ({first.records} records)", f"{first.pages_per_s:.1f}"),
            (
                "synthetic, peak RSS worker / tree",
                f"{first.peak_worker_kb / 1024:.0f} / {first.peak_total_kb / 1024:.0f} MB",
            ),
            ("synthetic rerun (incremental), wall time", f"{again.seconds:.1f} s"),
            ("rerun / first run", f"{again.seconds / first.seconds:.3f}"),
        ]
    return rows


def uncompiled_modules(package: Path = REPO / "pipeline") -> list[str]:
    """The package's modules with no current bytecode: each CLI run compiles them from source again.

    Python checks a cached file against its source's modification time and
    size (the .pyc header); a missing or stale one costs every start-up its
    compile (about 0.06 s for the whole package) when PYTHONDONTWRITEBYTECODE
    keeps Python from writing it (the README's setup runs compileall).
    """
    stale = []
    for source in sorted(package.rglob("*.py")):
        try:
            with open(importlib.util.cache_from_source(str(source)), "rb") as f:
                head = f.read(16)
        except OSError:
            head = b""
        stat = source.stat()
        current = (
            head[:4] == importlib.util.MAGIC_NUMBER
            and int.from_bytes(head[4:8], "little") == 0  # checked by time and size, not by hash
            and int.from_bytes(head[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(head[12:16], "little") == stat.st_size & 0xFFFFFFFF
        )
        if not current:
            stale.append(source.relative_to(package).as_posix())
    return stale


def print_summary(rows: list[tuple[str, str]], load: float) -> None:
    """The final markdown table, ready for the README, after the machine it ran on."""
    passes = "built" if native.walk is not None else "NOT built: pure-Python walks"
    wrong = compiled.stale()
    stages = "compiled (mypyc)" if compiled.active() else f"run from source ({', '.join(wrong) or 'not compiled'})"
    stale = uncompiled_modules()
    bytecode = f"{len(stale)} modules compiled from source at each start" if stale else "bytecode cached"
    machine = (
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load:.2f} before the run,"
        f" C passes {passes}, stages {stages}, {bytecode}"
    )
    print(f"\n## Summary ({machine})\n")
    print("| measure | value |")
    print("|---|---|")
    for measure, value in rows:
        print(f"| {measure} | {value} |")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "data", nargs="?", type=Path, default=DEFAULT_SCRAPINGHUB, help="scrapinghub benchmark folder"
    )
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="our corpus of raw pages")
    ap.add_argument("--limit", type=int, help="only the first N benchmark pages")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved in-process rounds (default 5)")
    ap.add_argument("--copies", type=int, default=6, help="copies of the pages for the CLI runs (default 6)")
    ap.add_argument(
        "--cli-rounds", type=int, default=4, help="turns of the 1- and 2-worker CLI runs (default 4)"
    )
    ap.add_argument("--synthetic", type=int, default=100_000, metavar="N", help="synthetic batch size")
    ap.add_argument("--no-synthetic", action="store_true", help="skip the synthetic batch")
    ap.add_argument("--workers", type=int, default=2, help="workers for the synthetic batch (default 2)")
    ap.add_argument(
        "--cli",
        default=f"{shlex.quote(sys.executable)} -m pipeline",
        help="command that starts the CLI (default: this python -m pipeline)",
    )
    ap.add_argument("--tmp", type=Path, help="folder for the temporary files (default: system temp)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every part and print the summary table."""
    args = parse_args(argv)
    load = os.getloadavg()[0]  # other work on the machine skews every number below
    raw = load_raw(args.raw)
    pages = load_scrapinghub(args.data, args.limit) + raw
    speed = rates(in_process(pages, args.rounds), len(pages))
    print_rates(speed, len(pages), args.rounds)
    cli = shlex.split(args.cli)
    with tempfile.TemporaryDirectory(prefix="speed-", dir=args.tmp) as tmp:
        runs, pipeline_ceiling = cli_scaling(cli, pages, args.copies, args.cli_rounds, Path(tmp))
        fixed = start_up(cli, raw[0], Path(tmp))
        synth = None
        if not args.no_synthetic and not runs[1].records:
            print("\nsynthetic batch skipped: the CLI wrote no record on the small corpus")
        elif not args.no_synthetic:
            synth = synthetic(cli, raw, args.synthetic, args.workers, Path(tmp))
    # Virtual CPUs may share a physical core: pure CPU work shows what the hardware allows, process() what
    # two parsers sharing caches and memory bandwidth reach; the CLI's efficiency means something only beside them.
    cpu_ceiling = scaling_ceiling(functools.partial(_burn, 8_000_000), max(2, args.cli_rounds))
    print_summary(summary_rows(speed, runs, fixed, synth, (cpu_ceiling, pipeline_ceiling)), load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
