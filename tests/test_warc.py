"""WARC inputs: which records are pages, what they are called, and that their URL and date travel on."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from pipeline.batch import BatchConfig, run_batch
from pipeline.errors import PageError
from pipeline.inputs import Problem, Task, iter_inputs, read_page, warc_page_key
from pipeline.models import Limits, Record
from tests.test_batch import fake_page

pytest.importorskip("warcio")
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE_A = (
    "https://example.org/conditions/a",
    b"<html><body><p>Alpha page</p></body></html>",
    "2024-03-01T10:00:00Z",
)
PAGE_B = (
    "https://www.Health.example/b?x=1",
    b"<html><body><p>Beta page</p></body></html>",
    "2024-03-02T11:30:00Z",
)


def write_warc(path: Path, *, gzip: bool = True, extra: list[tuple[str, bytes, str]] | None = None) -> Path:
    """Two HTML responses, one PNG response and one request record (plus `extra` HTML responses)."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        request = StatusAndHeaders(
            "GET /conditions/a HTTP/1.1", [("Host", "example.org")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(PAGE_A[0], "request", payload=io.BytesIO(b""), http_headers=request)
        )
        for url, body, date in [PAGE_A, *(extra or []), PAGE_B]:
            _response(writer, url, body, date, "text/html; charset=utf-8")
        _response(writer, "https://example.org/logo.png", b"\x89PNG\r\n", "2024-03-01T10:00:01Z", "image/png")
    return path


def _response(writer: WARCWriter, url: str, body: bytes, date: str, content_type: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)


def page_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_are_the_pages(tmp_path: Path, gzip: bool) -> None:
    warc = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    tasks = list(iter_inputs([str(warc)]))
    assert all(isinstance(t, Task) for t in tasks)
    assert [t.name for t in tasks] == [
        f"{warc.as_posix()}#example.org/{page_id(PAGE_A[0])}",
        f"{warc.as_posix()}#www.health.example/{page_id(PAGE_B[0])}",
    ]
    assert [t.output for t in tasks] == [
        f"crawl/example.org/{page_id(PAGE_A[0])}.json",
        f"crawl/www.health.example/{page_id(PAGE_B[0])}.json",
    ]
    assert [(t.warc.url, t.warc.date) for t in tasks if t.warc] == [
        (PAGE_A[0], PAGE_A[2]),
        (PAGE_B[0], PAGE_B[2]),
    ]
    assert [read_page(t, 10_000) for t in tasks] == [PAGE_A[1], PAGE_B[1]]


def test_warc_in_a_folder_mirrors_its_path(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    write_warc(tmp_path / "in" / "sub" / "crawl.warc.gz")
    outputs = [t.output for t in iter_inputs([str(tmp_path / "in")]) if isinstance(t, Task)]
    assert outputs[0] == f"sub/crawl/example.org/{page_id(PAGE_A[0])}.json"


def test_same_url_twice_gets_distinct_names(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "crawl.warc.gz", extra=[(PAGE_A[0], b"<p>again</p>", "2024-04-01T00:00:00Z")]
    )
    names = [t.name.rsplit("/", 1)[1] for t in iter_inputs([str(warc)])]
    assert names == [page_id(PAGE_A[0]), f"{page_id(PAGE_A[0])}-2", page_id(PAGE_B[0])]
    assert warc_page_key(PAGE_A[0], 2) == ("example.org", f"{page_id(PAGE_A[0])}-2")


def test_url_and_date_reach_the_record_and_the_report(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out"
    summary = run_batch(BatchConfig(paths=(str(warc),), out_dir=out, page_fn=fake_page))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["totals"] == {"inputs": 2, "ok": 2, "error": 0, "skipped": 0, "orphaned": 0}
    first = report["entries"][0]
    assert (first["url"], first["warc_date"]) == (PAGE_A[0], PAGE_A[2])
    record = json.loads((out / first["output"]).read_text(encoding="utf-8"))
    assert (record["source"]["url"], record["source"]["modified"]) == (
        PAGE_A[0],
        PAGE_A[2],
    )  # the fake maps crawled to modified


def plain_page(data: bytes, name: str, limits: Limits | None = None) -> Record:
    """A page function without the origin keywords, like process() today."""
    return fake_page(data, name, limits)


def test_page_function_without_origin_keywords_still_runs(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    summary = run_batch(BatchConfig(paths=(str(warc),), out_dir=tmp_path / "out", page_fn=plain_page))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert [e["url"] for e in report["entries"]] == [PAGE_A[0], PAGE_B[0]]
    assert report["totals"]["ok"] == 2


def test_broken_or_empty_warcs_are_error_entries(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not a WARC at all\n" * 10)
    empty = tmp_path / "images.warc.gz"
    with open(empty, "wb") as stream:
        _response(
            WARCWriter(stream, gzip=True),
            "https://example.org/x.png",
            b"PNG",
            "2024-01-01T00:00:00Z",
            "image/png",
        )
    problems = [p for p in iter_inputs([str(broken), str(empty)]) if isinstance(p, Problem)]
    assert [(p.name, p.reason) for p in problems] == [
        (broken.as_posix(), "bad_warc"),
        (empty.as_posix(), "no_pages"),
    ]


def test_member_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "crawl.warc.gz", extra=[("https://example.org/big", b"<p>" + b"x" * 4000, "2024-01-01")]
    )
    summary = run_batch(
        BatchConfig(
            paths=(str(warc),), out_dir=tmp_path / "out", page_fn=fake_page, limits=Limits(max_bytes=1000)
        )
    )
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert [e["reason"] for e in report["entries"]].count("too_large") == 1
    assert report["totals"]["ok"] == 2


# ------------------------------------------------------------ damaged files


def record_offsets(path: Path) -> list[int]:
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        return [records.get_record_offset() for _ in records]


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_warc_cut_inside_a_record_is_bad_warc_after_the_whole_pages(
    tmp_path: Path, gzip: bool, where: str
) -> None:
    """A real WARC cut short inside page B: page A still gives a record, B is an entry naming its offset."""
    whole = write_warc(tmp_path / "whole.warc", gzip=gzip)
    _request, _a, b_start, png_start = record_offsets(whole)
    cut = b_start + 40 if where == "headers" else png_start - 20
    warc = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    warc.write_bytes(whole.read_bytes()[:cut])
    summary = run_batch(BatchConfig(paths=(str(warc),), out_dir=tmp_path / "out", page_fn=fake_page))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert report["totals"] == {"inputs": 2, "ok": 1, "error": 1, "skipped": 0, "orphaned": 0}
    damage, page_a = report["entries"]  # the WARC's own name sorts before its pages'
    assert (page_a["url"], page_a["status"]) == (PAGE_A[0], "ok")
    assert (damage["input"], damage["reason"]) == (warc.as_posix(), "bad_warc")
    assert f"at offset {b_start}" in damage["message"]
    assert not summary.all_ok


@pytest.mark.parametrize("gzip", [True, False])
def test_a_warc_cut_after_the_walk_fails_the_page_not_the_batch(tmp_path: Path, gzip: bool) -> None:
    warc = write_warc(tmp_path / "crawl.warc", gzip=gzip)
    tasks = [t for t in iter_inputs([str(warc)]) if isinstance(t, Task)]
    png_start = record_offsets(warc)[-1]
    with open(warc, "r+b") as stream:
        stream.truncate(png_start - 20)
    assert read_page(tasks[0], 10_000) == PAGE_A[1]
    with pytest.raises(PageError) as caught:
        read_page(tasks[1], 10_000)
    assert caught.value.reason == "bad_warc"


def test_a_page_gone_from_its_warc_leaves_an_orphaned_record(tmp_path: Path) -> None:
    """The WARC still exists, so only this run's reading of it can say page B is no longer there."""
    warc = write_warc(tmp_path / "crawl.warc")
    out = tmp_path / "out"
    run_batch(BatchConfig(paths=(str(warc),), out_dir=out, page_fn=fake_page))
    with open(warc, "r+b") as stream:
        stream.truncate(record_offsets(warc)[2])  # B's record and what follows are gone
    summary = run_batch(BatchConfig(paths=(str(warc),), out_dir=out, page_fn=fake_page))
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    by_status = {e["status"]: e for e in report["entries"]}
    assert sorted(by_status) == ["orphaned", "skipped"]
    assert by_status["orphaned"]["url"] is None and by_status["orphaned"]["message"] == (
        "its WARC no longer holds this page"
    )
    assert by_status["orphaned"]["output"].endswith(f"{page_id(PAGE_B[0])}.json")
