"""Profiles are checked data: the schema, the one inheritance rule, user profiles, and `explain`.

The worked example of docs/profiles.md (a made-up CMS, Veridian, on a
real-looking page) is the golden case: with the user's profile the article
is located by it and its furniture goes; without, the generic rules keep
a call to action and a feedback prompt. After a deliberate change,
regenerate its golden record with `python -m tests.test_profiles --update`
and review the diff.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from lxml import html

from pipeline import cli, process
from pipeline.batch import BatchConfig, run_batch
from pipeline.clean import _NO_WRAPPER, BARE_DROPS
from pipeline.explain import explain
from pipeline.locate import _NEVER_AROUND_ARTICLE
from pipeline.profiles import GENERIC, PageScan, ProfileError, ProfileSet, generic, load_profiles
from pipeline.profiles.schema import DROP_KINDS, PAGE_FACTS, ProfileData, read_profile
from pipeline.trace import Trace

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "docs" / "examples" / "veridian"
PAGE = EXAMPLE / "bursitis.html"
NAME = "docs/examples/veridian/bursitis.html"  # as records name it: from the repository's root
USER = EXAMPLE / "profiles"
GOLDEN = REPO / "tests" / "golden" / "user-profiles" / "bursitis.json"
DOCS = REPO / "docs" / "profiles.md"


def render(record: object) -> str:
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"  # type: ignore[attr-defined]


def user_set(tmp_path: Path, **files: str) -> ProfileSet:
    """A folder of user profiles written from `files` (stem -> TOML text), loaded."""
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    for stem, text in files.items():
        (folder / f"{stem}.toml").write_text(text, encoding="utf-8")
    return load_profiles(folder)


def problems(tmp_path: Path, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The file and the (key, reason) pairs a bad profile is refused with."""
    with pytest.raises(ProfileError) as caught:
        user_set(tmp_path, acme=text)
    return caught.value.path, caught.value.problems


ACME = 'name = "acme"\ndetect = ["body.acme"]\n'


# ------------------------------------------------------------------ schema


def test_a_typo_in_a_key_is_refused_with_the_file_key_and_a_suggestion(tmp_path: Path) -> None:
    path, found = problems(tmp_path, ACME + 'artcle = [".acme-body"]\n')
    assert path == str(tmp_path / "profiles" / "acme.toml")
    [(key, reason)] = found
    assert key == "artcle" and "unknown key" in reason and "did you mean 'article'?" in reason


def test_an_unknown_drop_kind_is_refused(tmp_path: Path) -> None:
    [(key, reason)] = problems(tmp_path, ACME + '[drop]\nwidgets = [".acme-widget"]\n')[1]
    assert key == "drop.widgets" and "unknown drop kind 'widgets'" in reason and "sidebar" in reason


def test_an_unknown_table_is_refused(tmp_path: Path) -> None:
    [(key, reason)] = problems(tmp_path, ACME + '[drops]\nads = [".acme-ad"]\n')[1]
    assert key == "drops" and "did you mean 'drop'?" in reason


def test_an_unknown_page_fact_and_a_bad_selector_are_refused_together(tmp_path: Path) -> None:
    found = dict(problems(tmp_path, ACME + 'title = ["h1..acme"]\n[page]\nmetas = ["meta"]\n')[1])
    assert "not a CSS selector" in found["title[0]"]
    assert "unknown page fact 'metas'" in found["page.metas"]


def test_a_token_too_long_to_match_and_a_selector_under_two_kinds_are_refused(tmp_path: Path) -> None:
    [(key, reason)] = problems(tmp_path, ACME + '[tokens]\nshare = ["share this post now"]\n')[1]
    assert key == "tokens.share[0]" and "4 words" in reason
    [(key, reason)] = problems(tmp_path, ACME + '[drop]\nads = [".x"]\nshare = [".x"]\n')[1]
    assert key == "drop.share" and "'.x' is listed under 'ads' and 'share'" in reason


def test_wrong_types_and_toml_errors_are_refused(tmp_path: Path) -> None:
    [(key, reason)] = problems(tmp_path, ACME + 'priority = "high"\n')[1]
    assert key == "priority" and "'high'" in reason
    [(key, reason)] = problems(tmp_path, ACME + "article = [\n")[1]
    assert key == "" and "not valid TOML" in reason
    [(key, reason)] = problems(tmp_path, 'detect = ["body.acme"]\n')[1]
    assert (key, reason) == ("name", "required")


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (
            'name = "acme"\nextends = "wordpres"\ndetect = ["body.acme"]\n',
            "extends",
            "did you mean 'wordpress'?",
        ),
        (
            'name = "acme"\nextends = "wordpress"\npriority = 10\ndetect = ["body.acme"]\n',
            "priority",
            "not above",
        ),
        ('name = "acme"\n', "detect", "never chosen"),
        ('name = "divi"\ndetect = ["body.acme"]\n', "name", "pipeline/profiles/divi.toml"),
        ('name = "text-dump"\ndetect = ["body.acme"]\n', "name", "reserved"),
        ('name = "Acme CMS"\ndetect = ["body.acme"]\n', "name", "lower-case"),
        (ACME + 'strip = ["body"]\n', "strip[0]", "whole page"),
    ],
)
def test_what_needs_the_other_profiles_is_checked_too(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    [(found_key, reason)] = problems(tmp_path, text)[1]
    assert found_key == key and words in reason


def test_a_cycle_of_extends_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        user_set(
            tmp_path,
            a='name = "a"\nextends = "b"\npriority = 30\ndetect = ["body.a"]\n',
            b='name = "b"\nextends = "a"\npriority = 20\ndetect = ["body.b"]\n',
        )
    [(key, reason)] = caught.value.problems
    assert key == "extends" and "a cycle" in reason


def test_a_folder_that_is_missing_or_empty_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="not a folder"):
        load_profiles(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ProfileError, match="holds no profile"):
        load_profiles(tmp_path / "empty")


def test_the_built_in_profiles_pass_and_name_only_known_kinds() -> None:
    assert [p.name for p in load_profiles().ordered][-1] == GENERIC
    steering = _NEVER_AROUND_ARTICLE | BARE_DROPS | (_NO_WRAPPER - {None})
    assert steering <= DROP_KINDS.keys()


def test_the_schema_checks_a_text_without_a_folder() -> None:
    data = read_profile(ACME + '[drop]\nads = [" .acme-ad "]\n', "acme.toml")
    assert isinstance(data, ProfileData) and data.drop == {"ads": [".acme-ad"]}  # selectors are trimmed


# ------------------------------------------------------------- inheritance

PARENT = """
name = "base"
priority = 20
detect = ["body.base"]
article = [".base-body", ".body"]
title = ["h1.base"]
strip = ["aside"]
protect = ["copy"]
[page]
meta = ["meta[itemprop]"]
[drop]
related = [".more", ".teaser"]
[tokens]
share = ["spread"]
"""
CHILD = """
name = "child"
extends = "base"
detect = ["body.child"]
article = [".child-body", ".body"]
protect = ["prose"]
[page]
meta = ["meta[name=child]"]
[drop]
ads = [".teaser"]
[tokens]
related = ["spread"]
"""


def test_every_key_is_inherited_by_one_rule(tmp_path: Path) -> None:
    """Own entries first, then the parent's it does not name; tables entry by entry; detect is own."""
    profiles = user_set(tmp_path, base=PARENT, child=CHILD)
    child, base = profiles.named("child"), profiles.named("base")
    assert child.lineage == ("child", "base", GENERIC)
    assert child.priority == 30 and child.detect == ("body.child",)
    assert child.article == (".child-body", ".body", ".base-body", *generic().article)
    assert child.title == ("h1.base", *generic().title)
    assert child.strip == base.strip and "aside" in child.strip and "script" in child.strip
    assert child.page["meta"] == ("meta[name=child]", "meta[itemprop]", "meta[content]")
    assert child.page["jsonld"] == generic().page["jsonld"]  # page facts are inherited like the rest
    assert child.drop[:3] == ((".teaser", "ads"), (".more", "related"), *generic().drop[:1])
    assert child.token_kind("spread-the-word") == "related" and base.token_kind("spread-the-word") == "share"
    assert child.token_kind("comments") == "comments"  # generic's words come down too
    assert child.token_kind("comments prose") is None and child.token_kind("comments copy") is None


def test_a_child_that_moves_a_selector_to_another_kind_counts_it_there(tmp_path: Path) -> None:
    profiles = user_set(tmp_path, base=PARENT, child=CHILD)
    root = html.fromstring('<html><body class="child"><div class="teaser">x</div><p>text</p></body></html>')
    scan = PageScan(root, profiles)
    assert scan.profile().name == "child"
    assert list(scan.drops(profiles.named("child")).values()) == ["ads"]
    assert list(scan.drops(profiles.named("base")).values()) == ["related"]


def test_priority_defaults_above_the_parent_and_generic_is_shared(tmp_path: Path) -> None:
    profiles = user_set(tmp_path, acme='name = "acme"\nextends = "wordpress"\ndetect = ["body.acme"]\n')
    assert profiles.named("acme").priority == profiles.named("wordpress").priority + 10
    assert profiles.generic == generic()
    assert profiles.digest and load_profiles().digest == ""


# ------------------------------------------------------ the worked example


def test_a_user_profile_changes_what_is_located_golden() -> None:
    data = PAGE.read_bytes()
    mine = process(data, NAME, profiles=USER)
    assert render(mine) == GOLDEN.read_text(encoding="utf-8")
    assert mine.extraction.profile == "veridian"
    plain = process(data, NAME)
    assert plain.extraction.profile == GENERIC
    plain_text, mine_text = render(plain), render(mine)
    assert "Book a physiotherapy assessment" in plain_text
    assert "Book a physiotherapy assessment" not in mine_text
    # the feedback prompt's wording is in the vocabulary: both drop it, the profile by its block
    assert "Was this page helpful?" not in plain_text and "Was this page helpful?" not in mine_text
    assert [s.heading for s in mine.sections] == [
        None,
        "Symptoms of bursitis",
        "Causes of bursitis",
        "Treatment for bursitis",
        "Preventing bursitis",
    ]


def test_the_trace_changes_no_record() -> None:
    """explain runs process() itself, with a trace: the record it describes is the one a run writes."""
    for path in [*sorted((REPO / "raw").glob("*.html"))[:10], PAGE]:
        data = path.read_bytes()
        assert process(data, path.name, trace=Trace()) == process(data, path.name)


# ---------------------------------------------------------------- commands


def test_explain_shows_the_profile_the_rules_and_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", str(PAGE), "--profiles", str(USER)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("profile: veridian (detected by meta[name=generator][content^='Veridian CMS'];")
    assert out[2].startswith("the profile's article match: div#vx-main.vx-region.vx-region--main <")
    assert "page cleaning: 9 elements dropped" in out
    assert any(
        line.startswith("  feedback    .vx-block--pulse  x1: div.vx-block.vx-block--pulse <") for line in out
    )
    assert any(line.startswith('  related     class/id words "vx-block vx-block--signpost"') for line in out)
    assert any(line.startswith("located by veridian: div#vx-main") for line in out)
    assert (
        "record: 'Bursitis', health_article (sections:causes,prevention,symptoms,treatment, medical_words:4)"
        in out
    )


def test_explain_tells_why_a_page_gives_no_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", str(REPO / "tests" / "bad" / "category-listing.html")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("profile: divi (detected by body.et_divi_theme;")
    assert any(line.startswith("bare look (no article text was left") for line in out)
    assert any(
        line.startswith('  navigation  class/id words "container clearfix et_menu_container"') for line in out
    )
    assert out[-1] == "refused: no_article: no block of article text found on the page"


def test_explain_says_a_text_dump_has_no_selectors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = next(p for p in sorted((REPO / "raw").iterdir()) if p.suffix == ".txt")
    assert cli.main(["explain", str(dump)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a text dump: read line by line (dump.py), no selectors" and out[1].startswith("record: ")


def test_explain_with_a_bad_profile_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "acme.toml").write_text(ACME + "artcle = []\n", encoding="utf-8")
    assert cli.main(["explain", str(PAGE), "--profiles", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "acme.toml: artcle: unknown key" in err


def test_a_run_with_a_bad_profile_stops_before_any_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "acme.toml").write_text(
        'name = "acme"\nextends = "wordpres"\ndetect = ["body.acme"]\n', "utf-8"
    )
    out = tmp_path / "out"
    argv = ["run", str(PAGE), "--out", str(out), "--profiles", str(tmp_path), "--quiet"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert f"bad profile {tmp_path / 'acme.toml'}: extends: no profile is named 'wordpres'" in err
    assert not out.exists()  # not a record, not a report


def test_pool_workers_get_the_user_profiles_and_a_profile_edit_redoes_pages(tmp_path: Path) -> None:
    pages = tmp_path / "in"
    pages.mkdir()
    for i in range(3):
        (pages / f"bursitis-{i}.html").write_bytes(PAGE.read_bytes() + f"<!-- {i} -->".encode())
    user = tmp_path / "profiles"
    user.mkdir()
    (user / "veridian.toml").write_bytes((USER / "veridian.toml").read_bytes())
    out = tmp_path / "out"
    config = BatchConfig(paths=(str(pages),), out_dir=out, workers=2, profiles=user)
    first = run_batch(config)
    assert first.totals["ok"] == 3
    records = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json")) if p.name[0] != "_"
    ]
    assert [r["extraction"]["profile"] for r in records] == ["veridian"] * 3
    report = json.loads(first.report_path.read_text(encoding="utf-8"))
    assert report["fingerprint"].startswith(config.fingerprint + "+")
    assert run_batch(config).totals["skipped"] == 3
    with open(user / "veridian.toml", "a", encoding="utf-8") as stream:
        stream.write("# an edit\n")
    again = run_batch(config)
    assert again.code_changed and again.totals["ok"] == 3


# -------------------------------------------------------------------- docs


def test_the_explain_output_in_the_docs_is_what_explain_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line the worked example quotes (bar those it cuts with '...') is a line explain prints."""
    blocks = re.findall(r"```\n(profile: .*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 2
    monkeypatch.chdir(REPO)  # the docs run the commands from the repository's root
    for block, profiles in zip(blocks, (None, "docs/examples/veridian/profiles"), strict=True):
        printed = explain(PAGE.read_bytes(), "bursitis.html", profiles).splitlines()
        assert [line for line in block.splitlines() if "..." not in line and line not in printed] == []


def test_the_profile_format_is_documented_with_the_example_as_shipped() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert (USER / "veridian.toml").read_text(encoding="utf-8") in text
    for word in [*ProfileData.model_fields, *DROP_KINDS, *PAGE_FACTS]:
        assert f"`{word}`" in text, word


if __name__ == "__main__" and "--update" in sys.argv:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(render(process(PAGE.read_bytes(), NAME, profiles=USER)), encoding="utf-8")
    print("wrote", GOLDEN)
