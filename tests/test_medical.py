"""Medical or not: page kinds from signals, and --only-medical refusing the rest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline import PageError, cli, process
from pipeline.models import Paragraph, Section
from pipeline.vocabulary import MEDICAL_WORDS_MIN
from tests.conftest import ROOT, page

LICENCE = b"""MIT License

Copyright (c) 2026 Example Contributors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions: the above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
"""

NEWS = page(
    "<article><h1>Council approves new cycle lanes</h1>"
    "<p>The city council voted on Tuesday to build six kilometres of protected cycle lanes along the "
    "river, after two years of consultation with residents and shop owners.</p>"
    "<h2>What happens next</h2><p>Work on the first section begins in March and should take about "
    "eight months. Parking on the east bank will be moved to a new car park behind the station.</p>"
    "<h2>Reactions</h2><p>Local businesses were divided: some welcomed the extra visitors, while others "
    "worried about deliveries during the building work.</p></article>"
)

SLEEP = page(
    "<article><h1>Seven habits for better sleep</h1>"
    "<p>Poor sleep affects mood, concentration and long-term health. Doctors recommend a regular "
    "bedtime, daylight in the morning and a cool, dark bedroom.</p>"
    "<p>If you still sleep badly after a few weeks, talk to a nurse or your GP: chronic insomnia can "
    "be treated, and sometimes it is a sign of another illness or of a medicine's side effect.</p>"
    "<p>Caffeine late in the day, alcohol and screens in bed all make it harder to fall asleep.</p></article>"
)


def test_a_condition_page_is_a_condition():
    record = process((ROOT / "raw" / "gout.html").read_bytes(), "gout.html")
    assert record.page_kind == "condition"
    assert record.extraction.kind_signals[0] == "icd_codes"


def test_a_health_article_without_codes_or_sections():
    record = process(SLEEP, "sleep.html")
    assert record.page_kind == "health_article"
    [signal] = record.extraction.kind_signals  # no codes, no schema.org type, no medical section kind
    assert signal.startswith("medical_words:") and int(signal.split(":")[1]) >= MEDICAL_WORDS_MIN


def test_a_medical_web_page_type_is_a_health_article_and_a_condition_type_a_condition():
    def ld(type_: str) -> str:
        return f'<script type="application/ld+json">{{"@type": "{type_}"}}</script>'

    body = NEWS.decode().split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    assert process(page(body, ld("MedicalWebPage")), "a.html").page_kind == "health_article"
    assert process(page(body, ld("MedicalCondition")), "a.html").page_kind == "condition"


@pytest.mark.parametrize(("data", "name"), [(LICENCE, "LICENSE.txt"), (NEWS, "news.html")])
def test_a_licence_or_a_news_page_is_other_and_refused_on_request(data: bytes, name: str):
    assert process(data, name).page_kind == "other"
    with pytest.raises(PageError) as refused:
        process(data, name, only_medical=True)
    assert refused.value.reason == "not_medical"


def test_only_medical_on_the_command_line_and_on_a_rerun(tmp_path: Path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "LICENSE.txt").write_bytes(LICENCE)
    (inputs / "gout.html").write_bytes((ROOT / "raw" / "gout.html").read_bytes())
    assert cli.main(["run", str(inputs), "--out", str(out), "--workers", "1"]) == 0
    assert json.loads((out / "LICENSE.json").read_text())["page_kind"] == "other"
    # the same outputs again, now refusing other pages: the kept licence record is not "up to date"
    assert cli.main(["run", str(inputs), "--out", str(out), "--workers", "1", "--only-medical"]) == 1
    report = json.loads((out / "_report.json").read_text())
    status = {e["input"].rsplit("/", 1)[-1]: (e["status"], e["reason"]) for e in report["entries"]}
    assert status == {"LICENSE.txt": ("error", "not_medical"), "gout.html": ("skipped", None)}
    assert not (out / "LICENSE.json").exists()


def test_medical_words_are_runs_of_a_to_z_counted_once_each():
    from pipeline.medical import _runs, medical_words

    text = "Doctors’ diagnosis: FEVER, fever_2 and pain—the café-doctor (prescribed)."
    assert [w.decode() for w in _runs(text.lower())] == re.findall(r"[a-z]+", text.lower())
    # doctors, diagnosis (stem), fever (twice: once), pain, doctor, prescribed (stem); caf and é are not words
    sections = [Section(heading=None, level=1, kind="description", blocks=[Paragraph(text=text)])]
    assert medical_words(None, sections) == 6
