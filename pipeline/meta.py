"""Page-level facts read before cleaning: title, URL, site, language, dates, labelled key-value rows.

These live in <head>, JSON-LD and infoboxes, which cleaning removes, so
they are read from the whole tree first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.clean import text_of
from pipeline.profiles import PageScan, Profile
from pipeline.vocabulary import ALT_NAMES_LABEL, ICD10_LABEL

# Only rows and labels whose text could be a field label are fetched (tested in C).
_MAY_LABEL = "contains(., 'ICD') or contains(., 'ame') or contains(., 'known') or contains(., 'called') or contains(., 'ynonym')"
_LABEL_ROWS = etree.XPath(f"descendant::tr[count(th|td) = 2][{_MAY_LABEL}]")  # not "//": a third faster
# Label/value pairs written as elements (Drupal fields: .field__label + .field__item).
_MAY_LABEL_TEXT = re.compile(r"ICD|ame|known|called|ynonym")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:»-]\s+")


@dataclass
class PageMeta:
    title: str | None = None
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    icd10_meta: list[str] = field(default_factory=list)
    icd10_rows: list[str] = field(default_factory=list)
    alt_name_rows: list[str] = field(default_factory=list)


def page_meta(root: etree._Element, profile: Profile, scan: PageScan) -> PageMeta:
    metas = _meta_tags(scan)
    ld = _jsonld_nodes(scan)
    meta = PageMeta(
        url=next((el.get("href") for el in scan.page("canonical") if el.get("href")), None)
        or metas.get("og:url"),
        site_name=metas.get("og:site_name") or _ld_first(ld, "WebSite", "name"),
        language=root.get("lang") or metas.get("og:locale") or metas.get("content-language"),
        published=metas.get("article:published_time")
        or _ld_first(ld, None, "datePublished")
        or metas.get("date"),
        modified=metas.get("article:modified_time")
        or _ld_first(ld, None, "dateModified")
        or metas.get("og:updated_time"),
        description=metas.get("description") or metas.get("og:description"),
    )
    meta.title = _title(root, profile, scan, metas, meta.site_name)
    meta.icd10_meta = _ld_codes(ld)
    for label, value in _label_rows(root, scan):
        if ICD10_LABEL.match(label + ":"):
            meta.icd10_rows.append(value)
        elif ALT_NAMES_LABEL.fullmatch(label.rstrip(":") + ":") or ALT_NAMES_LABEL.fullmatch(label):
            meta.alt_name_rows.append(value)
    return meta


def _meta_tags(scan: PageScan) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in scan.page("meta"):
        key = (el.get("property") or el.get("name") or el.get("http-equiv") or "").strip().lower()
        if key and key not in out and el.get("content", "").strip():
            out[key] = el.get("content").strip()
    return out


def _jsonld_nodes(scan: PageScan) -> list[dict]:
    nodes: list[dict] = []
    for script in scan.page("jsonld"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                nodes.append(item)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return nodes


def _types(node: dict) -> list[str]:
    t = node.get("@type", [])
    return t if isinstance(t, list) else [t]


def _ld_first(nodes: list[dict], type_: str | None, key: str) -> str | None:
    for node in nodes:
        if (type_ is None or type_ in _types(node)) and isinstance(node.get(key), str):
            return node[key].strip()
    return None


def _ld_codes(nodes: list[dict]) -> list[str]:
    """ICD-10 codes a MedicalCondition declares in JSON-LD (schema.org MedicalCode)."""
    out = []
    for node in nodes:
        if "MedicalCondition" not in _types(node) and "MedicalCode" not in _types(node):
            continue
        codes = node.get("code", node if "MedicalCode" in _types(node) else [])
        for code in codes if isinstance(codes, list) else [codes]:
            if isinstance(code, dict) and "icd" in str(code.get("codingSystem", "")).lower():
                out.append(str(code.get("codeValue", "")))
    return out


def _title(
    root: etree._Element, profile: Profile, scan: PageScan, metas: dict[str, str], site: str | None
) -> str | None:
    """The article's heading, when the page's own <title>/og:title agrees with it.

    A selector naming a class or id (h1.entry-title) is trusted; a bare h1
    is often the blog's name ("Ear Notes"), so it must agree with the
    document title. The document title (less the site name) is the fallback.
    """
    titles = scan.page("doc_title")
    raw = metas.get("og:title") or (text_of(titles[0]) if titles else "")
    doc_title = strip_site_name(raw, site)
    whole = f"{raw} {doc_title}".lower()
    for selector, el in scan.titles(profile):
        trusted = any(mark in selector for mark in ".#[")
        text = text_of(el)
        if text and (trusted or not raw or text.lower() in whole or doc_title.lower() in text.lower()):
            return text
    return doc_title or None


def strip_site_name(title: str, site: str | None) -> str:
    """'Calcinosis cutis | Example Health' -> 'Calcinosis cutis'."""
    parts = _TITLE_SEPARATORS.split(title.strip())
    if len(parts) > 1:
        keep = [p for p in parts if not site or p.strip().lower() != site.lower()]
        return max(keep or parts, key=len).strip()
    return title.strip()


def _label_rows(root: etree._Element, scan: PageScan) -> list[tuple[str, str]]:
    """Two-cell table rows whose first cell is a short label ("ICD-10 | L94.2")."""
    rows = []
    for tr in _LABEL_ROWS(root):
        cells = tr.xpath("th|td")
        label, value = text_of(cells[0]), text_of(cells[1])
        if label and value and len(label) <= 40:
            rows.append((label, value))
    for el in scan.page("field_labels"):
        if el.getnext() is None or not _MAY_LABEL_TEXT.search(label := text_of(el)):
            continue
        value = text_of(el.getnext())
        if label and value and len(label) <= 40:
            rows.append((label, value))
    return rows
