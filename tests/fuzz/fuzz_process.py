"""Fuzz process() for a fixed time budget and keep every input that breaks it.

What counts as broken is the issue's promise, nothing more: an input must end
as a valid Record or as a PageError with a known reason, within a time bound
and without exhausting memory. Everything else (an uncaught exception, a
hang, a dead worker, an unknown reason, a record whose text holds NULs or
empty blocks) is a crasher, saved to ``tests/fuzz/crashers/`` where
test_hostile replays it on every test run.

Two engines, one oracle:

* hypothesis (always): raw bytes, mutated real pages, generated HTML and text
  dumps; each failure is shrunk to a small input before it is saved;
* atheris (when importable): coverage-guided, in a subprocess on the other
  core, seeded with the same pages; it saves what it finds unshrunk.

Each input runs in a forked worker, so a hang is killed at the bound and a
segfault or an out-of-memory kill is seen as what it is, not as the end of
the fuzz run.

    python tests/fuzz/fuzz_process.py --seconds 150
    python tests/fuzz/fuzz_process.py --seconds 150 --ignore "XML compatible"   # past an open bug
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make the pipeline importable without installing it
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, find, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import HypothesisWarning, NoSuchExample  # noqa: E402

from pipeline import Limits, PageError, Record, process  # noqa: E402
from pipeline.models import item_texts  # noqa: E402

CRASHERS_DIR = Path(__file__).resolve().parent / "crashers"
SEED_DIRS = (ROOT / "raw", ROOT / "tests" / "nasty" / "corpus")
KNOWN_REASONS = frozenset(
    {"empty", "binary", "too_large", "bad_gzip", "too_deep", "too_many_elements", "no_article", "unparsable"}
)
TIME_BOUND_S = 5.0  # per input; real pages take ~0.05 s, so 100x headroom keeps this from flaking
FORK_GRACE_S = 2.0  # fork, pipe and a loaded machine, on top of the bound, before the worker is killed
MEMORY_BUDGET = 2 * 2**30  # address space a worker may add: 60x the default decompression cap
SIDECAR_SUFFIXES = (".md", ".txt")


# ------------------------------------------------------------ one input, guarded


@dataclass(frozen=True)
class Outcome:
    """How one input ended: a record, a PageError, a crash or a timeout."""

    kind: str  # "record" | "error" | "crash" | "timeout"
    elapsed: float = 0.0
    reason: str | None = None
    message: str = ""
    record: dict[str, Any] | None = None

    @property
    def article_text(self) -> str:
        """Every string of the record a reader sees (title, sections, fields), one per line."""
        if self.record is None:
            return ""
        shown = {k: v for k, v in self.record.items() if k not in ("source", "extraction")}
        return "\n".join(text for _, text in strings_in(shown))

    @property
    def json_text(self) -> str:
        """The whole record as JSON, for checks that nothing leaked anywhere."""
        return json.dumps(self.record, ensure_ascii=False) if self.record is not None else ""

    def describe(self) -> str:
        """One line for assertion messages and reports."""
        if self.kind == "error":
            return f"PageError {self.reason}: {self.message} ({self.elapsed:.2f} s)"
        if self.kind == "record":
            headings = [s["heading"] for s in self.record["sections"]]
            return f"Record with sections {headings} ({self.elapsed:.2f} s)"
        return f"{self.kind}: {self.message.strip().splitlines()[-1:] or ''} ({self.elapsed:.2f} s)"


def strings_in(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(path, string) for every string inside a JSON-like value, in document order."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings_in(item, f"{where}[{i}]")


def guarded_process(
    data: bytes,
    name: str = "input.html",
    limits: Limits | None = None,
    timeout_s: float = TIME_BOUND_S,
    memory_bytes: int | None = MEMORY_BUDGET,
) -> Outcome:
    """Run process() in a forked worker with a time and memory bound.

    Forking (not spawning) keeps the cost per input at a few milliseconds,
    since the worker inherits the imported pipeline and the input bytes.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(sender, data, name, limits, memory_bytes), daemon=True)
    worker.start()
    sender.close()
    try:
        return _receive(receiver, worker, timeout_s)
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _receive(receiver: Any, worker: Any, timeout_s: float) -> Outcome:
    if not receiver.poll(timeout_s + FORK_GRACE_S):
        return Outcome("timeout", elapsed=timeout_s + FORK_GRACE_S, message=f"still running after {timeout_s} s")
    try:
        kind, elapsed, payload = receiver.recv()
    except EOFError:
        worker.join(5)
        return Outcome("crash", message=f"worker died (exit code {worker.exitcode})")
    if kind == "record":
        return Outcome("record", elapsed, record=json.loads(payload))
    if kind == "error":
        return Outcome("error", elapsed, reason=payload[0], message=payload[1])
    return Outcome(kind, elapsed, message=payload)


def _worker(sender: Any, data: bytes, name: str, limits: Limits | None, memory_bytes: int | None) -> None:
    if memory_bytes:
        _cap_address_space(memory_bytes)
    start = time.perf_counter()
    try:
        record = process(data, name, limits)
        payload = record.model_dump_json()
        if Record.model_validate_json(payload) != record:
            raise AssertionError("the record does not survive a JSON round trip")
        result = ("record", payload)
    except PageError as exc:
        result = ("error", (exc.reason, exc.message))
    except BaseException:
        result = ("crash", traceback.format_exc())
    sender.send((result[0], time.perf_counter() - start, result[1]))
    sender.close()


def _cap_address_space(extra: int) -> None:
    """Let the worker grow by `extra` bytes at most, so a runaway allocation fails there, not on the box."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = current + extra if hard == resource.RLIM_INFINITY else min(hard, current + extra)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the time bound still holds


# ------------------------------------------------------------------ the oracle


def problems(outcome: Outcome, data: bytes, time_bound_s: float = TIME_BOUND_S) -> list[str]:
    """Every way `outcome` breaks the promise; empty when the input was handled well."""
    if outcome.kind in ("crash", "timeout"):
        return [f"{outcome.kind}: {_last_line(outcome.message)}"]
    found = [f"slow: {outcome.elapsed:.1f} s"] if outcome.elapsed > time_bound_s else []
    if outcome.kind == "error":
        if outcome.reason not in KNOWN_REASONS:
            found.append(f"unknown reason code {outcome.reason!r}")
        if not outcome.message.strip():
            found.append("PageError without a message")
        return found
    return found + record_problems(outcome.record or {}, data)


def record_problems(record: dict[str, Any], data: bytes) -> list[str]:
    """Invariants every record must keep, whatever page it came from."""
    found = []
    source = record.get("source", {})
    if source.get("bytes") != len(data) or source.get("sha256") != hashlib.sha256(data).hexdigest():
        found.append("source.bytes/sha256 do not describe the input")
    for where, text in strings_in(record):
        if "\x00" in text:
            found.append(f"NUL character in {where}")
    for where, text in _block_texts(record):
        if not text.strip() or text != text.strip():
            found.append(f"empty or unstripped text in {where}: {text[:40]!r}")
    return found


def _block_texts(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for i, section in enumerate(record.get("sections", [])):
        if section.get("heading") is not None:
            yield f"sections[{i}].heading", section["heading"]
        for j, block in enumerate(section.get("blocks", [])):
            where = f"sections[{i}].blocks[{j}]"
            if block["type"] == "paragraph":
                yield where, block["text"]
            elif block["type"] == "list":
                yield from ((f"{where}.items[{k}]", item) for k, item in enumerate(item_texts(block["items"])))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else text


def signature(outcome: Outcome, found: list[str]) -> str:
    """What makes two failures the same bug: the kind, the message shape and the pipeline frame."""
    frames = re.findall(r'File ".*?(pipeline/[\w/]+\.py)", line (\d+)', outcome.message)
    where = ":".join(frames[-1]) if frames else ""
    shape = re.sub(r"\d+(\.\d+)?", "N", found[0].split(" in sections")[0]) if found else outcome.kind
    return f"{outcome.kind}|{shape}|{where}"


# -------------------------------------------------------------- what to feed it


def seed_pages() -> list[bytes]:
    """Real pages and the nasty corpus: mutations of real input reach deeper than random bytes."""
    pages = []
    for directory in SEED_DIRS:
        if directory.is_dir():
            pages.extend(p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file())
    return [p for p in pages if 0 < len(p) <= 200_000]


SNIPPETS: tuple[bytes, ...] = tuple(
    s if isinstance(s, bytes) else s.encode()
    for s in (
        "<div>", "</div>", "<p>", "</p>", "<br>", "<ul><li>", "</li></ul>", "<ol><li>", "<li>",
        "<table><tr><td>", "</td><td>", "<th>", "<h1>", "<h2>Symptoms</h2>", "<h3>Treatment:</h3>",
        "<strong>Causes:</strong>", "<b>Diagnosis</b>", "<p><strong>Prevention</strong></p>",
        "•", "\n  • ", "<br>• ", "<br>- ", "<br>1) ", " 2) ", ":", "include:", "may include:Rest.",
        "ICD-10: L94.2.", "ICD-10: ", "Alternative names: ", "DISCLAIMER: ", "Note: consult your doctor.",
        "\x00", codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b\x08", b"\xc3\x28", b"\xe2\x80",
        "&#0;", "&#x110000;", "&#xD800;", "&amp;", "&nbsp;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>",
        "<?xml version='1.0'?>", "<!DOCTYPE html [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;",
        "<script>", "</script>", "<style>", "<svg>", "<math>", "<template>", "<frameset>", "<noscript>",
        '<meta charset="utf-16">', '<meta charset="shift_jis">', '<meta charset="bogus">',
        '<div class="entry-content">', '<body class="error404">', '<div id="comments">', "<aside>",
        "[caption id=1]", "[/caption]", "[WpProQuiz 1]", "\u00a0", "\u200b", "\u2028", "\r", "\t",
        "A. ", "e.g. ", "Dr. ", "Symptoms:", "SymptomsThe ", "Causes and Risk Factors:", "...",
        "<a href='#x'>", "</a>", "<dl><dt>", "<dd>", "<pre>", "<caption>", "<thead>", "<tbody>",
    )
)


def _mutation() -> st.SearchStrategy[tuple]:
    position = st.floats(0, 1)
    return st.one_of(
        st.tuples(st.just("insert"), position, st.sampled_from(SNIPPETS), st.integers(1, 300)),
        st.tuples(st.just("delete"), position, st.integers(1, 4000)),
        st.tuples(st.just("duplicate"), position, st.integers(1, 2000), st.integers(2, 50)),
        st.tuples(st.just("flip"), position, st.integers(0, 255)),
        st.tuples(st.just("truncate"), position),
    )


def apply_mutations(data: bytes, mutations: list[tuple]) -> bytes:
    """Edit `data` in place order; positions are fractions so they shrink towards the start."""
    out = bytearray(data)
    for op, where, *args in mutations:
        at = int(where * len(out))
        if op == "insert":
            out[at:at] = args[0] * args[1]
        elif op == "delete":
            del out[at : at + args[0]]
        elif op == "duplicate":
            out[at:at] = bytes(out[at : at + args[0]]) * args[1]
        elif op == "flip" and at < len(out):
            out[at] = args[0]
        elif op == "truncate":
            del out[at:]
    return bytes(out)


ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "as is": lambda b: b,
    "gzip": lambda b: gzip.compress(b, mtime=0),
    "utf-16 with BOM": lambda b: b.decode("utf-8", "replace").encode("utf-16"),
    "utf-16-le": lambda b: b.decode("utf-8", "replace").encode("utf-16-le"),
    "windows-1252": lambda b: b.decode("utf-8", "replace").encode("cp1252", "replace"),
}


def _mutated_pages(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda seed, mutations, encoding: ENCODINGS[encoding](apply_mutations(seed, mutations)),
        st.sampled_from(seeds),
        st.lists(_mutation(), max_size=6),
        st.sampled_from(list(ENCODINGS)),
    )


TAGS = (
    "div", "p", "span", "b", "strong", "em", "ul", "ol", "li", "table", "tr", "td", "th", "thead", "h1", "h2",
    "h3", "h4", "br", "a", "article", "section", "main", "aside", "nav", "dl", "dt", "dd", "pre", "blockquote",
    "figure", "figcaption", "font", "center", "script", "style", "svg", "form", "noscript", "sup", "caption",
)
PHRASES = (
    "Symptoms", "Symptoms:", "Causes and Risk Factors", "Treatment:", "Common causes may include:",
    "• Itching of the scalp.", "- Dry skin.", "1) Rest.", "2) Fluids.", "The rash may spread to the scalp.",
    "Most patients recover within a few weeks, although some need long treatment.", "ICD-10: L40.0",
    "Also known as: plaque psoriasis", "Disclaimer: this is not a substitute for medical advice.",
    "Read more: Eczema", "Advertisement", "Share this:", "include:Stress.", "A. B. C.", "e.g.", " ", "",
)


def _html_trees() -> st.SearchStrategy[str]:
    text = st.one_of(st.sampled_from(PHRASES), st.text(max_size=30))
    attrs = st.sampled_from(["", ' class="entry-content"', ' class="sidebar"', ' id="comments"', ' style="font-weight:bold"', ' hidden'])
    return st.recursive(
        text,
        lambda children: st.builds(
            lambda tag, attr, kids: f"<{tag}{attr}>{''.join(kids)}</{tag}>",
            st.sampled_from(TAGS),
            attrs,
            st.lists(children, max_size=6),
        ),
        max_leaves=80,
    )


def _html_pages() -> st.SearchStrategy[bytes]:
    head = st.sampled_from(["", '<meta name="generator" content="WordPress 6.4">', '<meta charset="utf-8">'])
    return st.builds(
        lambda h, body: f"<!DOCTYPE html><html><head>{h}<title>Psoriasis</title></head><body>{body}</body></html>".encode(),
        head,
        st.lists(_html_trees(), min_size=1, max_size=5).map("".join),
    )


def _dumps() -> st.SearchStrategy[bytes]:
    line = st.one_of(st.sampled_from(PHRASES), st.sampled_from(["  • Itching.", "", "0 Comments", "Psoriasis"]))
    return st.lists(line, max_size=40).map(lambda lines: "\n".join(["Psoriasis", "", *lines]).encode())


def inputs(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Everything the hypothesis engine tries."""
    return st.one_of(st.binary(max_size=2048), _mutated_pages(seeds), _html_pages(), _dumps())


# ---------------------------------------------------------------- the engines


@dataclass(frozen=True)
class RunConfig:
    """One fuzz run: when it ends, the bound per input, and failures to look past (open bugs)."""

    deadline: float
    timeout_s: float = TIME_BOUND_S
    ignore: tuple[str, ...] = ()
    seed: int = 0

    def interesting(self, found: list[str]) -> list[str]:
        """The problems not matched by an --ignore pattern: an open bug must not hide the next one."""
        return [p for p in found if not any(re.search(rx, p) for rx in self.ignore)]


@dataclass
class Findings:
    """Crashers of this run, one per signature (the smallest input seen for it)."""

    saved: dict[str, Path] = field(default_factory=dict)
    examples: int = 0

    def save(self, data: bytes, outcome: Outcome, found: list[str], engine: str) -> None:
        key = signature(outcome, found)
        if key in self.saved:
            return
        CRASHERS_DIR.mkdir(parents=True, exist_ok=True)
        path = CRASHERS_DIR / f"{engine}-{outcome.kind}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
        path.write_bytes(data)
        path.with_suffix(".txt").write_text(f"{key}\n{'; '.join(found)}\n\n{outcome.message}\n")
        self.saved[key] = path
        print(f"  saved {path.name}: {'; '.join(found)[:160]}", flush=True)


def run_hypothesis(config: RunConfig, findings: Findings) -> None:
    """Rounds of hypothesis.find until the deadline; each round shrinks its failure before saving it."""
    strategy = inputs(seed_pages())
    rounds = 0
    while time.monotonic() < config.deadline - 5:
        rounds += 1
        smallest: dict[str, tuple[bytes, Outcome, list[str]]] = {}

        def fails(data: bytes, smallest: dict = smallest) -> bool:
            if time.monotonic() > config.deadline:
                return False  # out of budget: stop shrinking, keep what was found
            findings.examples += 1
            outcome = guarded_process(data, timeout_s=config.timeout_s)
            found = config.interesting(problems(outcome, data, config.timeout_s))
            if found:
                key = signature(outcome, found)
                if key not in smallest or len(data) < len(smallest[key][0]):
                    smallest[key] = (data, outcome, found)
            return bool(found)

        _find_quietly(strategy, fails, config.seed + rounds)
        for data, outcome, found in smallest.values():
            findings.save(data, outcome, found, "hypothesis")


def _find_quietly(strategy: st.SearchStrategy[bytes], fails: Callable[[bytes], bool], seed: int) -> None:
    config = settings(
        max_examples=300,
        database=None,
        deadline=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    try:
        find(strategy, fails, settings=config, random=random.Random(seed))
    except NoSuchExample:
        pass
    except Exception as exc:  # a flaky (timing) failure must not end the fuzz run
        print(f"  hypothesis round ended early: {type(exc).__name__}", flush=True)


def atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def start_atheris(config: RunConfig, corpus: Path) -> subprocess.Popen:
    """The coverage-guided engine, in its own process (libFuzzer exits at its first crash)."""
    seconds = int(config.deadline - time.monotonic())
    command = [
        sys.executable, __file__, "--atheris-worker", "--seconds", str(seconds),
        "--timeout", str(config.timeout_s), "--corpus", str(corpus),
        *(arg for rx in config.ignore for arg in ("--ignore", rx)),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def atheris_worker(seconds: int, config: RunConfig, corpus: Path) -> None:
    """Entry point of the atheris subprocess: fuzz in-process, libFuzzer handles hangs and crashes."""
    import atheris

    logging.disable(logging.WARNING)  # bs4 logs every replacement character: noise at 2,000 inputs/s
    for module in [m for m in sys.modules if m == "pipeline" or m.startswith("pipeline.")]:
        del sys.modules[module]  # imported above without coverage hooks: import again, instrumented
    with atheris.instrument_imports(include=["pipeline"]):
        from pipeline import PageError as InstrumentedPageError
        from pipeline import process as instrumented_process

    def one_input(data: bytes) -> None:
        try:
            record = instrumented_process(data, "fuzz.html")
        except InstrumentedPageError as exc:
            found = [] if exc.reason in KNOWN_REASONS else [f"unknown reason code {exc.reason!r}"]
        except Exception as exc:  # an open bug given with --ignore is looked past, anything else is a crash
            if not config.interesting([f"crash: {type(exc).__name__}: {exc}"]):
                return
            raise
        else:
            found = record_problems(json.loads(record.model_dump_json()), data)
        if config.interesting(found):
            raise AssertionError("; ".join(found))

    CRASHERS_DIR.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0], f"-max_total_time={seconds}", f"-timeout={max(1, round(config.timeout_s))}",
        f"-artifact_prefix={CRASHERS_DIR}/atheris-", "-rss_limit_mb=3072", "-max_len=65536",
        "-print_final_stats=1", str(corpus), *(str(d) for d in SEED_DIRS if d.is_dir()),
    ]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def run_atheris(config: RunConfig, log: list[str]) -> None:
    """Restart the atheris worker after each crash until the deadline (it stops at the first one)."""
    corpus = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
    try:
        for _ in range(8):
            if config.deadline - time.monotonic() < 10:
                break
            worker = start_atheris(config, corpus)
            output, _ = worker.communicate(timeout=config.deadline - time.monotonic() + 60)
            log.append(output)
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


# ------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    config = RunConfig(time.monotonic() + args.seconds, args.timeout, tuple(args.ignore), args.seed)
    if args.atheris_worker:
        atheris_worker(args.seconds, config, Path(args.corpus))
        return 0
    logging.disable(logging.WARNING)  # bs4 logs each replacement character; the workers inherit this
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # "overly large repr" of big inputs
    findings = Findings()
    before = set(CRASHERS_DIR.glob("atheris-*")) if CRASHERS_DIR.is_dir() else set()
    atheris_log: list[str] = []
    atheris_thread = None if args.no_atheris else _atheris_in_background(config, atheris_log)
    print(f"fuzzing for {args.seconds} s (atheris: {'on' if atheris_thread else 'off'})", flush=True)
    run_hypothesis(config, findings)
    if atheris_thread is not None:
        atheris_thread.join()
    _report(findings, before, atheris_log)
    return 1 if findings.saved or _new_atheris_files(before) else 0


def _atheris_in_background(config: RunConfig, log: list[str]) -> Any:
    if not atheris_available():
        return None
    import threading

    thread = threading.Thread(target=run_atheris, args=(config, log), daemon=True)
    thread.start()
    return thread


def _new_atheris_files(before: set[Path]) -> list[Path]:
    if not CRASHERS_DIR.is_dir():
        return []
    return sorted(set(CRASHERS_DIR.glob("atheris-*")) - before)


def _report(findings: Findings, before: set[Path], atheris_log: list[str]) -> None:
    print(f"hypothesis: {findings.examples} inputs, {len(findings.saved)} distinct failures")
    for key, path in findings.saved.items():
        print(f"  {path.name}  {key}")
    for i, output in enumerate(atheris_log, start=1):
        lines = output.splitlines()
        done = [line for line in lines if line.startswith(("Done ", "stat::new_units_added", "stat::average"))]
        errors = [line for line in lines if "Uncaught Python exception" in line or "ALARM" in line]
        errors += [line for line in lines if line.startswith(("AssertionError", "ValueError", "TypeError"))]
        print(f"atheris run {i}: {' | '.join(done)} {' | '.join(errors[:3])}")
    for path in _new_atheris_files(before):
        print(f"  new: {path.name}")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=150, help="total budget (default 150)")
    parser.add_argument("--timeout", type=float, default=TIME_BOUND_S, help="bound per input, seconds")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="hypothesis seed")
    parser.add_argument("--no-atheris", action="store_true", help="hypothesis only")
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="REGEX",
        help="look past problems matching REGEX (an open bug already saved), repeatable",
    )
    parser.add_argument("--atheris-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
