"""The output folder tells the truth: the report covers every record it holds, across runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.batch import BatchConfig, Summary, run_batch
from pipeline.fingerprint import BATCH_SIDE, PACKAGE, code_fingerprint
from tests.test_batch import PAGES, entries, fake_page, make_tree, snapshot


def run_into(out: Path, *paths: Path, **options: object) -> tuple[dict, Summary]:
    config = BatchConfig(paths=tuple(str(p) for p in paths), out_dir=out, page_fn=fake_page, **options)  # type: ignore[arg-type]
    summary = run_batch(config)
    return json.loads(summary.report_path.read_text(encoding="utf-8")), summary


def runs(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "_runs.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_one_file_run_keeps_the_rest_of_the_folder_in_the_report(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    run_into(out, root)
    (root / "a.html").write_text("<p>Alpha again</p>", encoding="utf-8")
    report, summary = run_into(out, root / "a.html")
    assert summary.totals == {"inputs": 1, "ok": 1, "error": 0, "skipped": 0}
    assert report["totals"] == {"inputs": 5, "ok": 4, "error": 1, "skipped": 0, "orphaned": 0}
    names = [e["input"] for e in report["entries"]]
    assert names == sorted(names) and len(names) == 5
    assert entries(report)[(root / "a.html").as_posix()]["output"] == "a.json"
    assert [line["totals"]["inputs"] for line in runs(out)] == [5, 1]


def test_a_vanished_input_leaves_an_orphaned_record_until_pruned(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    run_into(out, root)
    (root / "d.xhtml").unlink()
    (root / "sub" / "b.htm").rename(root / "sub" / "beta.htm")

    report, summary = run_into(out, root)
    orphans = {e["output"]: e for e in report["entries"] if e["status"] == "orphaned"}
    assert set(orphans) == {"d.json", "sub/b.json"}
    assert all(e["message"] == "its input is gone" for e in orphans.values())
    assert (summary.orphaned, report["totals"]["orphaned"], report["totals"]["inputs"]) == (2, 2, 4)
    assert (out / "sub" / "beta.json").is_file() and (out / "d.json").is_file()

    report, summary = run_into(out, root, prune=True)
    assert (summary.orphaned, summary.pruned, report["totals"]["orphaned"]) == (0, 2, 0)
    assert not (out / "d.json").exists() and not (out / "sub" / "b.json").exists()
    assert [(line["orphaned"], line["pruned"]) for line in runs(out)] == [(0, 0), (2, 0), (0, 2)]


def test_a_record_no_entry_names_is_found_on_disk(tmp_path: Path) -> None:
    """A record left by a run killed before its report (here: copied in) is orphaned, not invisible."""
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    out = tmp_path / "out"
    run_into(out, root)
    shutil.copy(out / "a.json", out / "copy.json")
    (out / "notes.json").write_text('{"mine": true}')  # not a record of ours: left alone, not listed
    report, _ = run_into(out, root)
    stray = [e for e in report["entries"] if e["status"] == "orphaned"]
    assert [(e["input"], e["output"]) for e in stray] == [((root / "a.html").as_posix(), "copy.json")]
    assert "no report entry names this record" in stray[0]["message"]
    run_into(out, root, prune=True)
    assert sorted(p.name for p in out.glob("*.json")) == ["_report.json", "a.json", "notes.json"]


def test_record_names_do_not_depend_on_argument_order(tmp_path: Path) -> None:
    one = make_tree(tmp_path / "one", {"page.html": "<p>one</p>"})
    two = make_tree(tmp_path / "two", {"page.html": "<p>two</p>"})
    out = tmp_path / "out"
    first, _ = run_into(out, one, two)
    before = snapshot(out)
    second, _ = run_into(out, two, one)
    assert second["totals"] == {"inputs": 2, "ok": 0, "error": 0, "skipped": 2, "orphaned": 0}
    assert [e["output"] for e in second["entries"]] == [e["output"] for e in first["entries"]]
    assert {k: v for k, v in snapshot(out).items() if k != "_report.json"} == {
        k: v for k, v in before.items() if k != "_report.json"
    }


def test_a_page_that_now_fails_drops_out_of_the_folder_report_cleanly(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    run_into(out, root)
    (root / "a.html").write_text("FAIL", encoding="utf-8")
    report, _ = run_into(out, root / "a.html")
    item = entries(report)[(root / "a.html").as_posix()]
    assert (item["status"], item["output"], report["totals"]["orphaned"]) == ("error", None, 0)
    assert not (out / "a.json").exists()


def test_every_file_of_a_walk_is_in_the_report_but_not_the_records_themselves(tmp_path: Path) -> None:
    """Output folder inside the input folder: its records are never taken for inputs."""
    root = make_tree(
        tmp_path / "in", {"a.html": "<p>A</p>", "notes.md": "# notes", ".cache/x.html": "<p>x</p>"}
    )
    out = root / "records"
    for _ in range(2):
        report, summary = run_into(out, root)
        reasons = {e["input"].rsplit("/", 1)[-1]: (e["status"], e["reason"]) for e in report["entries"]}
        assert reasons == {
            ".cache": ("skipped", "hidden"),
            "a.html": (reasons["a.html"][0], None),
            "notes.md": ("skipped", "not_a_page"),
        }
        assert summary.all_ok


def record_fingerprints(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): json.loads(p.read_text(encoding="utf-8"))["extraction"]["code_fingerprint"]
        for p in sorted(out.rglob("*.json"))
        if p.name != "_report.json"
    }


def test_a_code_change_redoes_every_page_until_no_older_record_is_left(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    first, _ = run_into(out, root, fingerprint="old")
    assert first["fingerprint"] == "old"
    assert set(record_fingerprints(out).values()) == {"old"}
    assert run_into(out, root, fingerprint="old")[0]["totals"]["skipped"] == 4

    one, summary = run_into(out, root / "a.html", fingerprint="new")  # a one-file run after an upgrade
    assert summary.code_changed and summary.totals["ok"] == 1
    assert one["fingerprint"] is None  # four records of the old code are still listed
    again, summary = run_into(out, root, fingerprint="new")  # a.json is the new code's already
    assert summary.code_changed and (again["totals"]["skipped"], again["totals"]["ok"]) == (1, 3)
    assert again["fingerprint"] == "new" and set(record_fingerprints(out).values()) == {"new"}
    assert run_into(out, root, fingerprint="new")[1].code_changed is False
    assert [line["fingerprint"] for line in runs(out)] == ["old", "old", "new", "new", "new"]


def test_a_code_change_redoes_the_records_of_a_folder_whose_report_is_gone(tmp_path: Path) -> None:
    """The fingerprint is read from each record, so the folder needs no report to know its records are stale."""
    root = make_tree(tmp_path / "in", PAGES)
    out = tmp_path / "out"
    run_into(out, root, fingerprint="old")
    (out / "_report.json").unlink()
    assert run_into(out, root, fingerprint="old")[0]["totals"]["skipped"] == 4  # same code: trusted
    (out / "_report.json").unlink()
    report, summary = run_into(out, root, fingerprint="new")
    assert (report["totals"]["skipped"], report["totals"]["ok"]) == (0, 4)
    assert set(record_fingerprints(out).values()) == {"new"}
    assert not summary.code_changed  # no report said what made the records; they said it themselves


def test_a_record_without_a_fingerprint_is_redone(tmp_path: Path) -> None:
    """Records written before records carried the fingerprint (or by process() itself) are not trusted."""
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    out = tmp_path / "out"
    run_into(out, root)
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    doc["extraction"]["code_fingerprint"] = None
    (out / "a.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report, _ = run_into(out, root)
    assert report["totals"]["ok"] == 1 and record_fingerprints(out) == {"a.json": code_fingerprint()}


def test_the_fingerprint_follows_what_shapes_a_record(tmp_path: Path) -> None:
    """A real copy of the package: editing a profile changes it, editing the batch side does not."""
    package = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    before = code_fingerprint(package)
    with open(package / "cli.py", "a", encoding="utf-8") as stream:
        stream.write("\n# a batch-side comment\n")
    assert code_fingerprint(package) == before
    with open(package / "profiles" / "divi.toml", "a", encoding="utf-8") as stream:
        stream.write("\n# a profile change\n")
    assert code_fingerprint(package) != before
    assert code_fingerprint() == code_fingerprint(PACKAGE) and len(before) == 16
    with open(package / "data" / "icd10cm.zip", "ab") as stream:  # the code tables shape records too
        stream.write(b"\0")
    assert code_fingerprint(package) != before


def test_the_batch_side_left_out_of_the_fingerprint_is_modules_that_exist() -> None:
    """A module renamed or split (engines.py was) must not leave a stale name behind, nor a new one in."""
    assert {name for name in BATCH_SIDE if not (PACKAGE / name).is_file()} == set()
    for name in ("pool.py", "cluster.py", "pagetask.py", "skip.py", "records.py", "results.py"):
        assert name in BATCH_SIDE


def test_the_fingerprint_is_the_same_in_any_folder_at_any_time(tmp_path: Path) -> None:
    """No path and no timestamp goes in: two copies of the code, elsewhere and touched later, agree."""
    copies = [tmp_path / "a" / "pipeline", tmp_path / "deeper" / "b" / "pipeline"]
    for copy in copies:
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    for path in copies[1].rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert code_fingerprint(copies[0]) == code_fingerprint(copies[1]) == code_fingerprint(PACKAGE)


def outputs(report: dict) -> dict[str, str]:
    return {e["input"]: e["output"] for e in report["entries"]}


def test_same_named_inputs_of_one_file_runs_never_take_each_others_record(tmp_path: Path) -> None:
    """Two folders both hold page.html; each run alone, then both, in either order: each keeps its record."""
    one = make_tree(tmp_path / "one", {"page.html": "<p>one</p>"})
    two = make_tree(tmp_path / "two", {"page.html": "<p>two</p>"})
    a, b = (one / "page.html").as_posix(), (two / "page.html").as_posix()
    out = tmp_path / "out"
    run_into(out, one / "page.html")
    report, summary = run_into(out, two / "page.html")
    assert summary.all_ok and report["totals"]["orphaned"] == 0
    names = outputs(report)
    assert names[a] == "page.json" and names[b].startswith("page~") and names[b].endswith(".json")
    assert entries(report)[a]["status"] == "ok"  # carried over, untouched: no output_taken any more
    for paths in ((one, two), (two, one), (two / "page.html",), (one,)):
        report, summary = run_into(out, *paths)
        assert outputs(report) == names and summary.totals["ok"] == 0 and report["totals"]["orphaned"] == 0
    assert json.loads((out / names[b]).read_text(encoding="utf-8"))["source"]["path"] == b
    assert json.loads((out / "page.json").read_text(encoding="utf-8"))["source"]["path"] == a


def test_a_name_held_under_another_case_is_held(tmp_path: Path) -> None:
    """Page.json on disk holds page.json too: the folder must survive a copy to a case-insensitive disk."""
    one = make_tree(tmp_path / "one", {"Page.html": "<p>one</p>"})
    two = make_tree(tmp_path / "two", {"page.html": "<p>two</p>"})
    out = tmp_path / "out"
    run_into(out, one)
    report, _ = run_into(out, two)
    assert outputs(report)[(two / "page.html").as_posix()].startswith("page~")


def test_the_same_input_by_another_path_keeps_its_record(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`in/a.html` and its absolute path are one input: one record, rewritten, not a second one beside it."""
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>"})
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    run_into(out, Path("in"))
    report, _ = run_into(out, root.resolve())
    assert list(outputs(report).values()) == ["a.json"] and report["totals"]["orphaned"] == 0


def test_a_name_frees_up_when_its_input_is_gone_but_a_record_keeps_its_name(tmp_path: Path) -> None:
    one = make_tree(tmp_path / "one", {"page.html": "<p>one</p>"})
    two = make_tree(tmp_path / "two", {"page.html": "<p>two</p>"})
    three = make_tree(tmp_path / "three", {"page.html": "<p>three</p>"})
    out = tmp_path / "out"
    run_into(out, one)
    held = outputs(run_into(out, two)[0])[(two / "page.html").as_posix()]
    (one / "page.html").unlink()
    report, _ = run_into(out, two)  # page.json is the record of a gone input now; two keeps its own name
    assert outputs(report)[(two / "page.html").as_posix()] == held
    report, _ = run_into(out, three)  # a newcomer may have the gone input's name
    assert outputs(report)[(three / "page.html").as_posix()] == "page.json"
    assert json.loads((out / "page.json").read_text(encoding="utf-8"))["source"]["path"].startswith(str(three))


def test_an_input_whose_record_name_another_run_took_is_an_entry_not_lost(tmp_path: Path) -> None:
    """A record deleted by hand frees its name; a run of another input takes it; the first is not dropped."""
    one = make_tree(tmp_path / "one", {"page.html": "<p>one</p>"})
    two = make_tree(tmp_path / "two", {"page.html": "<p>two</p>"})
    out = tmp_path / "out"
    run_into(out, one)
    (out / "page.json").unlink()
    report, summary = run_into(out, two)
    assert summary.all_ok
    first = entries(report)[(one / "page.html").as_posix()]
    assert (first["status"], first["reason"], first["output"], first["previous_status"]) == (
        "error",
        "output_taken",
        None,
        "ok",
    )
    assert entries(report)[(two / "page.html").as_posix()]["output"] == "page.json"
    both, _ = run_into(out, one, two)
    assert [e["status"] for e in both["entries"]] == ["ok", "skipped"]  # two keeps page.json, one gets ~hash
    assert both["totals"]["orphaned"] == 0


def test_a_record_deleted_by_hand_leaves_an_entry_saying_so(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in", {"a.html": "<p>A</p>", "b.html": "<p>B</p>"})
    out = tmp_path / "out"
    run_into(out, root)
    (out / "a.json").unlink()
    report, _ = run_into(out, root / "b.html")
    lost = entries(report)[(root / "a.html").as_posix()]
    assert (lost["status"], lost["reason"], lost["output"]) == ("error", "record_missing", None)
    assert run_into(out, root)[0]["totals"] == {"inputs": 2, "ok": 1, "error": 0, "skipped": 1, "orphaned": 0}
