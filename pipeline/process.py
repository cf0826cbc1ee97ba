"""process(): one page through every stage, in order. The one place that knows the order.

read -> parse -> (page facts) -> clean -> locate -> blocks -> structure -> fields -> record
A text dump skips parse..blocks: its own front end (dump.py) yields the same blocks;
both front ends hand on a models.FrontEnd.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

from pipeline.blocks import article_blocks, body_text_blocks, text_chars
from pipeline.clean import clean_article, clean_bare, clean_for_scoring, clean_page
from pipeline.dump import dump_blocks
from pipeline.elements import text_length
from pipeline.errors import NoArticleText, PageError
from pipeline.fields import extract_fields
from pipeline.judge import judge_article
from pipeline.language import blocks_sample, page_language
from pipeline.locate import find_by_profile, locate, locate_scored, second_look
from pipeline.medical import page_kind, require_medical
from pipeline.meta import page_meta
from pipeline.models import (
    Extraction,
    FrontEnd,
    Limits,
    ListBlock,
    PageMeta,
    Paragraph,
    RawBlock,
    Record,
    Removed,
    Section,
    Source,
    Table,
    item_texts,
)
from pipeline.parse import parse
from pipeline.profiles import PageScan, Profile, ProfileSet, generic, load_profiles
from pipeline.read import Decoded, read
from pipeline.structure import structure
from pipeline.thresholds import THRESHOLDS, Thresholds
from pipeline.trace import NO_TRACE, NoTrace
from pipeline.version import PIPELINE_VERSION

DECLARED_BODY = "articleBody"  # the record's profile when the page's schema.org articleBody gave the text

__all__ = ["Limits", "process"]


def process(
    data: bytes,
    name: str,
    limits: Limits | None = None,
    *,
    url: str | None = None,
    crawled: str | None = None,
    only_medical: bool = False,
    profiles: str | Path | None = None,
    trace: NoTrace = NO_TRACE,
    thresholds: Thresholds = THRESHOLDS,
) -> Record:
    """Turn the bytes of one saved page into a validated Record.

    `url` and `crawled` come from the container a page was found in (a WARC
    record) and win over what the page says of itself. Raises PageError
    (with a reason code) when the page cannot give a record; with
    `only_medical`, also when it is no medical page (`not_medical`).
    `profiles`: a folder of the user's own site profiles, added to the
    built-in ones (loaded and checked once per process; a bad one raises
    ProfileError). `trace` (pipeline/trace.py) hears what each stage saw,
    chose and dropped, for `explain` and a batch's review; the record is the
    same with or without one. `thresholds` (pipeline/thresholds.py): the
    cut-offs the stages judge the page by.
    """
    limits = limits or Limits()
    decoded = read(data, limits)
    trace.decoded(decoded)
    if decoded.format == "html":
        front = _html_front_end(decoded, limits, load_profiles(profiles), trace, thresholds)
        language = page_language(front.meta.language, blocks_sample(front.blocks))
    else:
        language = page_language(None, decoded.text)
        front = dump_blocks(decoded.text, language)
    trace.front_end(front.blocks)
    title, meta, removed = front.title, front.meta, front.removed
    built = structure(front.blocks, title, language)
    removed.merge(built.removed)
    fields = extract_fields(built.sections, meta, title)
    chars = sum(len(_block_text(b)) for s in fields.sections for b in s.blocks)
    least = thresholds.record_chars
    if chars < least and not _short_article(title, fields.sections, chars, front.profile, meta, thresholds):
        raise PageError("no_article", f"only {chars} characters of article text (at least {least})")
    kind, signals = page_kind(fields.icd10, fields.sections, meta.schema_types, title)
    if only_medical:
        require_medical(kind)
    return Record(
        title=title,
        page_kind=kind,
        icd10=fields.icd10,
        alternative_names=fields.alternative_names,
        sections=fields.sections,
        disclaimer=fields.disclaimer,
        source=Source(
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            bytes=len(data),
            format=decoded.format,
            encoding=decoded.encoding,
            url=url or meta.url,
            site_name=meta.site_name,
            language=meta.language,
            published=meta.published,
            modified=meta.modified,
            crawled=crawled,
        ),
        extraction=Extraction(
            pipeline_version=PIPELINE_VERSION,
            parser=front.parser,
            profile=front.profile,
            removed=dict(sorted(removed.counts.items())),
            warnings=list(decoded.warnings),
            kind_signals=signals,
        ),
    )


def _html_front_end(
    decoded: Decoded, limits: Limits, profiles: ProfileSet, trace: NoTrace, thresholds: Thresholds
) -> FrontEnd:
    """Parse, read the page's facts, clean, locate the article, let the learned judge weigh what is left, flatten it to blocks.

    When the HTML holds less than a record of article text, the page's
    schema.org articleBody gives the blocks if it holds more (a page built by script).

    Each cleaning stage returns what it removed; the counts of a look that
    found nothing are dropped with it.
    """
    root = parse(decoded.text, limits, decoded.utf8)
    trace.parsed(root)
    scan = PageScan(root, profiles)
    profile = scan.profile()
    meta = page_meta(root, profile, scan)
    trace.detected(scan, profile)
    try:
        article, used, removed = _article(scan, profile, meta.declares_article, trace, thresholds)
    except NoArticleText:  # cleaning took the article for furniture: look again at the bare page
        trace.step("bare look (no article text was left; again, removing only scripts, styles, consent)")
        bare = parse(decoded.text, limits, decoded.utf8)
        trace.parsed(bare)
        removed = clean_bare(bare, profile, profiles, thresholds, on_drop=trace.dropped)
        try:
            article, used = second_look(bare, thresholds), "generic"
        except NoArticleText:
            if (body := _declared_body(meta, trace, thresholds)) is None:
                raise
            return FrontEnd(meta, body, DECLARED_BODY, "lxml.html", removed)
        trace.chose("located", article, used)
        trace.step("article cleaning")
        removed.merge(clean_article(article, generic(), thresholds, on_drop=trace.dropped))
    trace.step("the learned judge", quiet=True)
    removed.merge(judge_article(article, thresholds, on_drop=trace.dropped))
    trace.article(article, used)
    blocks = article_blocks(article, thresholds)
    if text_chars(blocks) < thresholds.record_chars and (body := _declared_body(meta, trace, thresholds)):
        return FrontEnd(meta, body, DECLARED_BODY, "lxml.html", removed)
    return FrontEnd(meta, blocks, used, "lxml.html", removed)


def _declared_body(meta: PageMeta, trace: NoTrace, t: Thresholds) -> list[RawBlock] | None:
    """The blocks of the page's schema.org articleBody, when its HTML held less than a record and it holds more.

    A page its scripts build in the browser may carry its article only in
    its structured data: the saved HTML holds a shell. What the HTML gave
    is still preferred whenever it is a record's worth.
    """
    text = meta.article_body or ""
    if len(text) < t.record_chars:
        return None
    body = body_text_blocks(text, t)
    if text_chars(body) < t.record_chars:
        return None
    trace.step("reading the page's schema.org articleBody instead (its HTML held too little article text)")
    return body


def _article(
    scan: PageScan, profile: Profile, declared: bool, trace: NoTrace, t: Thresholds
) -> tuple[etree._Element, str, Removed]:
    """Clean the page, locate the article, clean inside it; look again if that emptied it.

    Without a selector's match, the page is cleaned of what class/id words
    call furniture before it is scored. A short text stands when nothing
    else scores, down to a sentence on a page that `declared` itself one
    article. Returns the article, the profile that found it and what the
    cleaning removed.
    """
    keep = find_by_profile(scan, profile, t)
    trace.chose("the profile's article match", keep)
    trace.step("page cleaning")
    removed = clean_page(scan.root, profile, scan, keep, t, on_drop=trace.dropped)
    trace.step("locating (before scoring, class/id words)", quiet=True)
    found = locate(scan, profile, keep, t)
    if found is None:
        removed.merge(clean_for_scoring(scan.root, t, on_drop=trace.dropped))
        found = locate_scored(scan, profile, t)
    article, used = found
    trace.chose("located", article, used)
    trace.step("article cleaning")
    cleaner = profile if used == profile.name else generic()
    removed.merge(clean_article(article, cleaner, t, on_drop=trace.dropped))
    size = text_length(article)
    if size >= t.record_chars:
        return article, used, removed
    try:  # cleaning (nearly) emptied it: it was furniture, or the article is short
        other = second_look(scan.root, t)
    except NoArticleText:
        if size < (t.declared_record_chars if declared else t.short_record_chars):
            raise
        return article, used, removed
    trace.chose("second look (cleaning left too little)", other, "generic")
    trace.step("article cleaning")
    removed.merge(clean_article(other, generic(), t, on_drop=trace.dropped))
    return (other, "generic", removed) if text_length(other) > size else (article, used, removed)


def _short_article(
    title: str | None, sections: list[Section], chars: int, profile: str, meta: PageMeta, t: Thresholds
) -> bool:
    """Whether a short text is still clearly an article, not a stub, login or error page.

    A title and a section heading over real text, or text a family profile's
    article selector found (a blog post of two paragraphs is still a post),
    or a sentence on a page whose metadata declares it one article (og:type,
    schema.org): a photo post's caption is that post's text.
    """
    if not title or chars < t.declared_record_chars:
        return False
    if meta.declares_article:
        return True
    if chars < t.short_record_chars:
        return False
    return profile not in ("generic", "text-dump") or any(s.heading for s in sections)


def _block_text(block: Paragraph | ListBlock | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, ListBlock):
        return " ".join([block.intro or "", *item_texts(block.items)])
    return " ".join(" ".join(row) for row in block.rows)
