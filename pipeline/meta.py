"""Page-level facts read before cleaning: title, URL, site, language, dates, labelled key-value rows.

These live in <head>, JSON-LD and infoboxes, which cleaning removes, so
they are read from the whole tree first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

from pipeline import native
from pipeline.elements import text_of
from pipeline.models import PageMeta
from pipeline.profiles import PageScan, Profile
from pipeline.schemaorg import jsonld_facts, markup_facts, nodes, parse_jsonld, types_of
from pipeline.vocabulary import (
    ALT_NAMES_LABEL,
    ARTICLE_OG_TYPES,
    ARTICLE_TYPES,
    CODES_HEADING,
    FIELD_LABEL_INITIALS,
    FIELD_LABEL_START,
    ICD10_LABEL,
    ICD_NAME,
    LABEL_MARKS,
)

_BLOCKS = frozenset(
    {"p", "div", "dd", "dt", "td", "th", "li", "ul", "ol", "dl", "table", "tbody", "tr", "section"}
    | {"aside", "header", "article", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)
_LABEL_ONLY_LIST = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p"})
_LISTS = frozenset({"ul", "ol"})
_CELLS = frozenset({"td", "th", "dd"})
_MAX_VALUE = 300  # characters: a field's value is a few codes or names, never an article
_SKIP = frozenset({"script", "style", "title", "option", "textarea"})
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,;.])")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:»-]\s+")
_NAME_CHARS = 4  # a shorter shared opening ("The", "How") names nothing


def page_meta(root: etree._Element, profile: Profile, scan: PageScan) -> PageMeta:
    metas = _meta_tags(scan, profile)
    docs = [doc for script in scan.page(profile, "jsonld") for doc in parse_jsonld(script.text or "")]
    ld = list(nodes(docs))
    meta = PageMeta(
        url=next((el.get("href") for el in scan.page(profile, "canonical") if el.get("href")), None)
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
    facts = jsonld_facts(docs)
    facts.merge(markup_facts(scan.page(profile, "schema")))
    meta.schema_codes, meta.schema_names, meta.schema_types = facts.codes, facts.names, facts.types
    meta.declares_article = (
        bool(ARTICLE_TYPES & facts.types)
        or metas.get("og:type", "").lower() in ARTICLE_OG_TYPES
        or scan.is_article_page(profile)
    )
    meta.field_rows = field_rows(root)
    meta.article_body = max((b for node in ld if isinstance(b := node.get("articleBody"), str)), key=len, default=None)
    return meta


def _meta_tags(scan: PageScan, profile: Profile) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in scan.page(profile, "meta"):
        key = (el.get("property") or el.get("name") or el.get("http-equiv") or "").strip().lower()
        if key and key not in out and (content := el.get("content", "").strip()):
            out[key] = content
    return out


def _ld_first(nodes: list[dict], type_: str | None, key: str) -> str | None:
    for node in nodes:
        if (type_ is None or type_ in types_of(node)) and isinstance(node.get(key), str):
            return node[key].strip()
    return None


def _title(
    root: etree._Element, profile: Profile, scan: PageScan, metas: dict[str, str], site: str | None
) -> str | None:
    """The article's heading, when the page's own <title>/og:title agrees with it.

    A selector naming a class or id (h1.entry-title) is trusted; a bare h1
    is often the blog's name ("Ear Notes"), so it must agree with the
    document title. The document title (less the site name) is the fallback.
    """
    titles = scan.page(profile, "doc_title")
    raw = metas.get("og:title") or (text_of(titles[0]) if titles else "")
    doc_title = strip_site_name(raw, site)
    whole = f"{raw} {doc_title}".lower()
    for selector, el in scan.titles(profile):
        trusted = any(mark in selector for mark in ".#[")
        text = text_of(el)
        if text and (trusted or not raw or _agrees(text, whole, doc_title)):
            return text
    return doc_title or None


def _agrees(heading: str, whole: str, doc_title: str) -> bool:
    """Whether a bare heading agrees with the document title: one holds the other, or both open with one name."""
    return heading.lower() in whole or doc_title.lower() in heading.lower() or _same_name(heading, doc_title)


_NAME_END = re.compile(r"\s*(?:[(:]|\s[-–—|]\s)")  # where a title's name ends and its gloss or promise begins


def _same_name(heading: str, doc_title: str) -> bool:
    """Whether a heading and the document title open with the same name, glossed differently.

    "Gürtelrose (Herpes zoster)" and "Gürtelrose: Symptome, Ursachen,
    Behandlung" name one condition; a blog's name in its <h1> shares no
    such opening with the post's title.
    """
    name = _NAME_END.split(heading, maxsplit=1)[0].strip().lower()
    return len(name) >= _NAME_CHARS and name == _NAME_END.split(doc_title, maxsplit=1)[0].strip().lower()


def strip_site_name(title: str, site: str | None) -> str:
    """'Calcinosis cutis | Example Health' -> 'Calcinosis cutis'."""
    parts = _TITLE_SEPARATORS.split(title.strip())
    if len(parts) > 1:
        keep = [p for p in parts if not site or p.strip().lower() != site.lower()]
        return max(keep or parts, key=len).strip()
    return title.strip()


def field_rows(root: etree._Element) -> list[str]:
    """Labelled fields anywhere on the page, each as one line "label: value".

    Fact boxes in the page header, cards, <dt>/<dd>, key-value rows and
    infobox cells are outside the article or dropped with the boilerplate,
    so they are read here, before cleaning. A label is text that opens with
    a field label; its value is what follows it on its line, else the
    element after it (a <dd>, a <td>, a value <div>, a list: one value an item).
    """
    rows = []
    for parent, in_el, text in _label_texts(root):
        if _in_another_subjects_cell(parent):
            continue
        label = " ".join(text.split())
        whole = ICD_NAME.match(label) or ALT_NAMES_LABEL.fullmatch(label)
        if not (m := whole or ICD10_LABEL.match(label) or ALT_NAMES_LABEL.match(label)):
            continue
        if not whole and not m.group(0).rstrip().endswith(LABEL_MARKS):
            continue  # "Also called flexural psoriasis, this type ...": a sentence, not a label
        after = _line_after(parent, in_el, whole is not None)
        if whole:
            label = label.rstrip(" " + "".join(LABEL_MARKS)) + ":"
        # inline elements were joined with a space, so "<a>K21.0</a><a>K21.9</a>" stays two codes
        if line := _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(f"{label} {after}".split())):
            rows.append(line)
    return rows


def _in_another_subjects_cell(el: etree._Element) -> bool:
    """Whether `el` sits in a table cell or <dd> about something else ("Morton neuroma | ICD-10: G57.6").

    A differential-diagnosis or subtype table gives other conditions' codes:
    a cell counts only when its row opens with a field label or a codes
    heading ("Classification"), and a <dd> only under such a <dt>.
    """
    cell = el if el.tag in _CELLS else next((a for a in el.iterancestors() if a.tag in _BLOCKS), None)
    if cell is None or cell.tag not in _CELLS:
        return False
    if cell.tag == "dd":
        head = next((s for s in cell.itersiblings(preceding=True) if s.tag == "dt"), None)
    else:
        row = cell.getparent()
        head = row[0] if row is not None else None
        if head is cell:
            return False
    text = text_of(head) if head is not None else ""
    return not (FIELD_LABEL_START.match(text) or CODES_HEADING.match(text))


def _label_texts(root: etree._Element) -> Iterator[tuple[etree._Element, bool, str]]:
    """(element, whether it is the element's own text, text) for each text that opens with a label.

    One pass over the elements; a text is matched against the labels only
    when its first letter may open one (0.2 ms on a large page, a quarter
    of matching every text, a fifth of XPath contains() tests). Tails are
    read after <br> only: a label further on in a line starts one.
    """
    body = root.find("body")
    for el, own in _label_candidates(root if body is None else body):
        text = el.text if own else el.tail
        if text and (not own or el.tag not in _SKIP) and _may_open_label(text):
            yield el, own, text


# The label initials the C pass can test on a text's first byte (others go to Python).
_ASCII_INITIALS = "".join(sorted(c for c in FIELD_LABEL_INITIALS if c.isascii())).encode("ascii")


def _label_candidates(top: etree._Element) -> Iterable[tuple[etree._Element, bool]]:
    """(element, True) for the texts of `top` and the elements in it, (a <br>, False) for the tails of its <br>s.

    The C pass hands back only those whose first letter may open a label
    (a tenth of the texts, most of them never made Python strings).
    """
    if native.walk is not None:
        found: list[tuple[etree._Element, bool]] = native.walk.label_candidates(top, _ASCII_INITIALS)
        return found
    return ((el, own) for el in top.iter(etree.Element) for own in (True, False) if own or el.tag == "br")


def _may_open_label(text: str) -> bool:
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    return first in FIELD_LABEL_INITIALS and FIELD_LABEL_START.match(text) is not None


def _line_after(el: etree._Element, in_el: bool, label_only: bool) -> str:
    """The text after a label up to the end of its line (a <br> or a block), or the value block after it.

    `in_el`: the label is `el`'s own text (its line goes on inside `el`);
    else it is `el`'s tail. A label alone in an inline element
    (<td><b>ICD-10</b></td>) takes its value from after its block.
    """
    if not in_el:
        return _after(el, tail=False)
    parts = []
    for child in el:
        if child.tag == "br" or child.tag in _BLOCKS:
            break
        parts.append(text_of(child) + " " + (child.tail or ""))
    if "".join(parts).strip() or not label_only:
        return "".join(parts)
    while not (value := _after(el)).strip() and el.tag not in _BLOCKS and (parent := el.getparent()) is not None:
        el = parent
    return value


def _after(el: etree._Element, tail: bool = True) -> str:
    """What follows `el` on its line: its tail and inline siblings to a <br>, or the next block's values.

    After a heading or a paragraph that is all label, only a list is a
    value: another block there is prose.
    """
    parts = [el.tail or ""] if tail else []
    for sib in el.itersiblings():
        if sib.tag == "br" or (sib.tag in _BLOCKS and "".join(parts).strip()):
            break
        if sib.tag in _BLOCKS:
            if el.tag in _LABEL_ONLY_LIST and sib.tag not in _LISTS:
                return ""
            return "; ".join(_values(sib))
        if isinstance(sib.tag, str):
            parts.append(text_of(sib) + " ")
        parts.append(sib.tail or "")
    return "".join(parts)


def _values(el: etree._Element) -> list[str]:
    """A value block's values: a list's items, its own children when it holds only those, else its text.

    Only a list right there counts (a <dd> may hold one), not every list
    further down: the block after a label may be a whole article.
    """
    children = [c for c in el if isinstance(c.tag, str)]
    bare = not (el.text or "").strip()
    if el.tag in _LISTS or (bare and children and all(c.tag in _LISTS for c in children)):
        items = [text_of(li) for lst in ([el] if el.tag in _LISTS else children) for li in lst if li.tag == "li"]
    elif bare and len(children) > 1 and len({c.tag for c in children}) == 1:  # field items
        items = [text_of(child) for child in children]
    else:
        items = [text_of(el)]
    return [i for i in items if i and len(i) <= _MAX_VALUE]
