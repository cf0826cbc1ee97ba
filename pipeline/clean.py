"""Drop boilerplate from a parsed page, counting what went by kind.

Two passes, because what is safe to delete depends on what we know:

* `clean_page` runs on the whole page before the article is located. It
  removes only what the profile names by tag (scripts, styles, icons) or by
  selector (forms, nav, comment blocks of the theme, ...) and never an
  ancestor of the article the profile points at.
* `clean_article` runs inside the located article, where a class word like
  "share" or "related" is a safe sign of boilerplate, and where link lists
  and ad labels are judged by their text.

Removal keeps the tail text of a removed element, so words after an inline
ad are not lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lxml import etree

from pipeline import native
from pipeline.blocks import HEADING_LEVELS
from pipeline.elements import drop, link_text, linked_length, links, text_length, text_of
from pipeline.models import DropHook, Removed
from pipeline.profiles import PageScan, Profile, ProfileSet, generic
from pipeline.thresholds import THRESHOLDS, Thresholds
from pipeline.vocabulary import (
    AD_LABELS,
    CONTROL_LABEL,
    CONTROL_LABEL_MAX_CHARS,
    COOKIE_NOTICE,
    COOKIE_NOTICE_MAX_CHARS,
    RELATED_CAPS_LEAD,
    RELATED_HEADING,
    RELATED_LEAD,
    SUBSCRIBE_CALL,
    SUBSCRIBE_CALL_MAX_CHARS,
)

# Elements are found by lxml's tag-filtered iteration (in C) where a tag
# decides: XPath "self::" tests cost ten times as much, and unions or
# ".//*[test]" are quadratic in libxml2 (8,000 sections took 6 s for one query).
_WITH_NAMES = etree.XPath("descendant::*[@class or @id]")
_LIST_TAGS = ("ul", "ol")
# Leaf blocks worth a look (tested in C): those holding a link, or text short
# enough to be an ad label or the label of a page control ("Was this article
# helpful?"). On the article alone this one query is cheaper than finding
# leaves by tag and measuring each one's text.
_LEAF = "self::p or (self::div and not(descendant::*[self::p or self::div or self::ul or self::ol or self::table]))"
_LABEL_CHARS = max(max(map(len, AD_LABELS)) + 4, CONTROL_LABEL_MAX_CHARS)
_LEAF_BLOCKS = etree.XPath(
    f"descendant::*[({_LEAF}) and (descendant::a[@href] or string-length(normalize-space(.)) <= {_LABEL_CHARS})]"
)
_KEEP = frozenset({"html", "body"})
# Code blocks: what a syntax highlighter marks inside them ("hljs-comment",
# Prism's "token comment") is code, not furniture, whatever the class says.
_CODE_TAGS = ("pre", "code")
# Kinds that never wrap an article (None: stripped tags; form fields and
# captions are leaves); a consent dialog holding most of a page is a cookie wall.
_NO_WRAPPER = frozenset({None, "cookie", "forms", "captions"})
# Kinds of class/id words a template may also give a wrapper of the article
# text: spared when the element holds prose (_holds_prose). Comments, author
# boxes, footers and pop-ups are written in prose too, and go whatever they hold.
_PROSE_SPARED = frozenset({"related", "navigation", "ads", "captions", "sidebar"})
BARE_DROPS = frozenset({"cookie"})  # what the bare look still removes by selector: on a cookie wall it is all there is
CLASS_WORDS = "class/id words"  # the rule of what clean_tokens drops, as a trace names it


def _outermost(doomed: dict, stripped: frozenset[str] = frozenset()) -> list:
    """The doomed elements no other doomed element holds, in the order given.

    An element of a `stripped` tag counts as doomed too: what it holds goes
    with it. Walking every element's ancestors to the root was a few percent
    of the run; what is learnt of an ancestor on the way ("held by a doomed
    one or not") is kept, so each ancestor is looked at about once per page.
    """
    held: dict = {}  # ancestor -> whether it is doomed or inside a doomed element
    out = []
    for el in doomed:
        path, ancestor, inside = [], el.getparent(), False
        while ancestor is not None:
            if ancestor in doomed or (stripped and ancestor.tag in stripped):
                inside = True
                break
            if (known := held.get(ancestor)) is not None:
                inside = known
                break
            path.append(ancestor)
            ancestor = ancestor.getparent()
        held.update(dict.fromkeys(path, inside))
        if not inside:
            out.append(el)
    return out


def clean_page(
    root: etree._Element,
    profile: Profile,
    scan: PageScan,
    keep: etree._Element | None = None,
    thresholds: Thresholds = THRESHOLDS,
    *,
    on_drop: DropHook | None = None,
) -> Removed:
    """Remove what `profile` names by tag and by selector; never html/body nor `keep` (the article) or its ancestors.

    Elements of the profile's `strip` tags go uncounted, in one pass of lxml's
    `strip_elements`; a tag the article sits in is removed element by element instead.
    Returns what it removed, by kind; `on_drop` (a trace's) hears of each element as it goes.
    """
    removed = Removed(on_drop=on_drop)
    protected = {keep, *keep.iterancestors()} if keep is not None else set()
    named = scan.drops(profile)
    _keep_panel_titles(named)
    panels = _Panels(scan.page(profile, "controls"))
    for el, kind in scan.drops(profile, "drop_short").items():
        if el not in named and _short(el, thresholds.drop_short_chars) and not panels.opened(el, kind, thresholds):
            named[el] = kind
    strip = profile.strip
    doomed: dict[etree._Element, str | None] = {
        el: kind
        for el, kind in named.items()
        if el.tag not in _KEEP and el.tag not in strip and el not in protected
    }
    stripped = strip - {el.tag for el in protected}
    if stripped != strip:
        doomed.update({el: None for el in root.iter(*(strip - stripped)) if el not in protected})
    _drop_counted(_spare_wrappers(doomed, root, stripped, thresholds), doomed, removed)
    if "noscript" in stripped:
        _unwrap_fallbacks(root, thresholds)
    if stripped:
        etree.strip_elements(root, *stripped, with_tail=False)
    return removed


_HEADINGS = frozenset(HEADING_LEVELS)


def _keep_panel_titles(named: dict[etree._Element, str]) -> None:
    """Turn the buttons that title an accordion's panels into text, out of the form controls `named` drops.

    Accordions write each section's heading, or each FAQ question, as the
    button that opens it (Bootstrap's `<h3><button class="accordion-button">`):
    dropped as a form control, the page loses its headings and questions. A
    button that is its heading's text is such a title.
    """
    for el in [el for el, kind in named.items() if kind == "forms" and el.tag == "button"]:
        if _titles_panel(el):
            el.tag = "span"
            del named[el]


def _titles_panel(button: etree._Element) -> bool:
    """A button that is most of its heading's text.

    Buttons beside a heading's own words ("Ingredients" and its 1x 2x 3x
    servings) are controls, and go; so do buttons outside headings, where a
    question may as well be a feedback prompt ("Was this page helpful?").
    """
    heading = next((a for a in button.iterancestors() if a.tag in _HEADINGS), None)
    return heading is not None and 2 * len(text_of(button)) > len(text_of(heading))


# The attributes by which a page control names the panel it opens (ARIA's
# aria-controls; Bootstrap's data-target and data-bs-target); a tab's or a
# collapse toggle's link names it by its "#id" too.
_TARGET_ATTRIBUTES = ("aria-controls", "data-target", "data-bs-target")
_TOGGLE_ATTRIBUTES = ("data-toggle", "data-bs-toggle")  # beside a tab's role=tab


class _Panels:
    """The ids a page's controls open (tabs, accordions, "read more" toggles), read once and only when asked.

    The controls are what the profile's `controls` selectors matched in the
    page's one selector walk: no second walk of the page is needed.
    """

    def __init__(self, controls: list[etree._Element]) -> None:
        self.controls = controls
        self.targets: frozenset[str] | None = None

    def opened(self, el: etree._Element, kind: str, t: Thresholds) -> bool:
        """Whether hidden `el` is a panel the reader opens with a click, holding text rather than links.

        Tab panels and accordion answers are hidden until clicked and are
        often short (a one-paragraph "Diagnosis" tab, a two-line FAQ
        answer): the size that lets a hidden icon or label go would take a
        whole section. Menus a hamburger opens are links, and go.
        """
        if kind != "hidden" or not len(el):
            return False
        if el.get("role") != "tabpanel" and not ((ident := el.get("id")) and ident in self._targets()):
            return False
        size = text_length(el)
        return size > 0 and linked_length(el) < t.panel_links * size

    def _targets(self) -> frozenset[str]:
        if self.targets is None:
            found: set[str] = set()
            for control in self.controls:
                values = [control.get(name) for name in _TARGET_ATTRIBUTES]
                if control.tag == "a" and _toggles(control):
                    values.append(control.get("href"))
                found.update(word.lstrip("#") for value in values if value for word in value.split())
            self.targets = frozenset(found)
        return self.targets


def _toggles(link: etree._Element) -> bool:
    """Whether a link is a tab's or a collapse toggle's (it names a panel by its href)."""
    return link.get("role") == "tab" or any(link.get(name) is not None for name in _TOGGLE_ATTRIBUTES)


def _unwrap_fallbacks(root: etree._Element, t: Thresholds) -> None:
    """Keep the insides of a <noscript> that holds most of the page: the article for readers without scripts.

    Script-rendered blogs print the post a second time in <noscript> and
    nowhere else in the HTML; a <noscript> is otherwise a tracking pixel.
    """
    sizes = {el: size for el in root.iter("noscript") if len(el) and (size := text_length(el)) >= t.fallback_chars}
    if not sizes:  # pixels and "enable JavaScript" notes: the page is not measured
        return
    code = sum(len(el.text or "") for el in root.iter("script", "style"))
    total = text_length(root) - code  # what a reader sees, with or without scripts
    for el, size in sizes.items():
        if _holds_page(el, size, total, t.wrapper_share, t):
            el.tag = "div"


def clean_for_scoring(
    root: etree._Element, thresholds: Thresholds = THRESHOLDS, *, on_drop: DropHook | None = None
) -> Removed:
    """Before the page is scored for its article: remove what the generic class/id words name furniture.

    The article is not known yet, so a wrapper holding much of the page's
    text is spared (`scoring_wrapper_share`): it may hold the article.
    """
    removed = Removed(on_drop=on_drop)
    clean_tokens(root, generic(), removed, thresholds.scoring_wrapper_share, thresholds)
    return removed


def clean_bare(
    root: etree._Element,
    profile: Profile,
    profiles: ProfileSet,
    thresholds: Thresholds = THRESHOLDS,
    *,
    on_drop: DropHook | None = None,
) -> Removed:
    """Clean a freshly parsed page for the bare look: scripts and styles, consent dialogs, class/id words.

    The last try on a page whose usual cleaning left no article text (a
    theme naming its content column "sidebar"): only what cannot be the
    article goes. Consent dialogs still go (BARE_DROPS), and then what
    `clean_for_scoring` removes.
    """
    removed = Removed(on_drop=on_drop)
    drops = PageScan(root, profiles).drops(profile)
    _remove({el: kind for el, kind in drops.items() if kind in BARE_DROPS}, removed)
    etree.strip_elements(root, *profile.strip, with_tail=False)
    clean_tokens(root, generic(), removed, thresholds.scoring_wrapper_share, thresholds)
    return removed


def _short(el: etree._Element, limit: int) -> bool:
    """Under `limit` characters; a leaf is measured without a call into libxml2 (most hidden icons are)."""
    if not len(el):
        return len(el.text or "") < limit
    return text_length(el) < limit


def _spare_wrappers(doomed: dict, root: etree._Element, stripped: frozenset[str], t: Thresholds) -> list:
    """Take out of `doomed` every element that holds most of the page's text; return the outermost left.

    Page builders wrap whole pages in what a selector reads as furniture: an
    `aside` around the layout, `aria-hidden` on a pre-rendered app, a
    `role=navigation` shell. Deleting such a wrapper deletes the article with
    it, so it stays and only the doomed elements inside it go. Only outermost
    elements with children and some text are measured: the rest cannot hold
    a page. A consent dialog holding most of a page is a cookie wall, and goes.
    """
    total = 0
    while True:
        outer = _outermost(doomed, stripped)
        sizes = {
            el: size
            for el in outer
            if len(el) and doomed[el] not in _NO_WRAPPER and (size := text_length(el)) >= t.wrapper_chars
        }
        # Later rounds measure only what a spared wrapper held, never more than
        # this round's largest: the page is measured up to where that one decides.
        total = total or (text_length(root, page_cap(max(sizes.values()), t.wrapper_share)) if sizes else 0)
        wrappers = [el for el, size in sizes.items() if _holds_page(el, size, total, t.wrapper_share, t)]
        if not wrappers:
            return outer
        for el in wrappers:
            del doomed[el]


def _holds_page(el: etree._Element, size: int, total: int, share: float, t: Thresholds) -> bool:
    """`size` (el's text) is more than `share` of `total`, and not mostly links (a mega menu is).

    `total` may be capped at page_cap(size, share) or above: no element that
    size or smaller holds a page that long.
    """
    return size > share * total and linked_length(el) < t.wrapper_links * size


def page_cap(size: int, share: float) -> int:
    """The least page length of which `size` is no longer more than `share` (0 when none is):
    measuring a page's text further cannot change what _holds_page says of an element of
    `size` or less."""
    if share <= 0:  # then any size is more than that share of any page
        return 0
    cap = int(size / share)
    while size > share * cap:  # the float division may land one short
        cap += 1
    return cap


def _remove(doomed: dict, removed: Removed, rule: str | None = None) -> None:
    """Drop the outermost doomed elements (their insides go with them), counting each by kind (None: uncounted)."""
    _drop_counted(_outermost(doomed), doomed, removed, rule)


def _drop_counted(outer: list, doomed: dict, removed: Removed, rule: str | None = None) -> None:
    """Drop each of `outer` (outermost doomed elements), counting it under its kind.

    `rule` says what doomed them, for a trace: CLASS_WORDS, else (None) the profile's selectors.
    """
    for el in outer:
        if doomed[el] is not None:
            removed.took(doomed[el], el, rule)
        drop(el)


def clean_tokens(
    root: etree._Element,
    profile: Profile,
    removed: Removed,
    max_share: float,
    thresholds: Thresholds,
) -> None:
    """Remove descendants of `root` whose class/id words name boilerplate.

    Before the article is known, a wrapper named after an ad slot may hold
    the whole page ("Page-ad-margins"), and inside the article a wrapper
    named after navigation may hold the rest of a badly nested page:
    `max_share` spares any element holding more than that share of the
    text, unless it is mostly links.
    """
    named = _outside_code(root, _named(root, profile))
    sizes = {el: text_length(el) for el, _ in named if len(el)} if max_share < 1 else {}
    total = text_length(root, page_cap(max(sizes.values()), max_share)) if sizes else 0
    doomed = {}
    for el, kind in named:
        spared = total and len(el) and _holds_page(el, sizes[el], total, max_share, thresholds)
        if el.tag in _KEEP or el.tag == "main" or spared or _toc_target(el, kind, thresholds):
            continue
        if kind not in _PROSE_SPARED or not _holds_prose(el, thresholds):
            doomed[el] = kind
    _remove(doomed, removed, CLASS_WORDS)


def _outside_code(
    root: etree._Element, named: list[tuple[etree._Element, str]]
) -> list[tuple[etree._Element, str]]:
    """`named` without the elements inside a code block.

    Syntax highlighters wrap each token of a listing in a span named after
    its role ("hljs-comment", "token comment", "hljs-meta"): a code comment
    is part of the code the article shows, and class words would take it
    for a reader's comment. Pages without code are not walked.
    """
    if not named or next(root.iter(*_CODE_TAGS), None) is None:
        return named
    return [(el, kind) for el, kind in named if not any(a.tag in _CODE_TAGS for a in el.iterancestors())]


def _holds_prose(el: etree._Element, t: Thresholds) -> bool:
    """Whether `el` holds paragraphs of prose and few links: article text, whatever its class calls it.

    Teasers, menus, ad slots and widgets are links and short lines; a
    template that gives a wrapper of the article's text a furniture word
    ("promo-block", "nav-panel", "widget") still writes paragraphs in it.
    """
    if not len(el):
        return False
    size = text_length(el)
    if not size or linked_length(el) >= t.named_prose_links * size:
        return False
    long_ones = (p for p in el.iter("p") if text_length(p) >= t.named_prose_chars)
    return sum(1 for _ in itertools.islice(long_ones, t.named_prose_paragraphs)) >= t.named_prose_paragraphs


def _toc_target(el: etree._Element, kind: str, t: Thresholds) -> bool:
    """Whether a "toc" name marks what a table of contents points to (`id="toc_faq"`), not the table.

    A table of contents is a list of links; a section it points to is prose.
    """
    if kind != "toc" or not len(el):
        return False
    size = text_length(el)
    return size > 0 and linked_length(el) < t.toc_links * size


def _named(root: etree._Element, profile: Profile) -> list[tuple[etree._Element, str]]:
    """(element, kind) for the descendants of `root` whose class and id words name boilerplate.

    Class names repeat across a page: each is judged once. The C pass reads
    the names without making a Python object of every element.
    """
    kinds: dict[str, str | None] = {}
    if native.walk is not None:
        return native.walk.named(root, kinds, profile.token_kind)
    out = []
    for el in _WITH_NAMES(root):
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if names not in kinds:
            kinds[names] = profile.token_kind(names)
        if (kind := kinds[names]) is not None:
            out.append((el, kind))
    return out


def clean_article(
    article: etree._Element,
    profile: Profile,
    thresholds: Thresholds = THRESHOLDS,
    *,
    on_drop: DropHook | None = None,
) -> Removed:
    """Remove boilerplate inside the located article; return what went, by kind."""
    removed = Removed(on_drop=on_drop)
    clean_tokens(article, profile, removed, thresholds.wrapper_share, thresholds)
    _drop_link_lists(article, removed, thresholds)
    _drop_link_blocks(article, removed, thresholds)
    _drop_loose_controls(article, removed)
    _drop_related_headings(article, removed, thresholds)
    return removed


_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")
_CONTACT_SCHEMES = ("mailto:", "tel:")
_LINK_LEAD_CHARS = 40  # a sentence leading into a lone link, not a "Links:" label


def _drop_related_headings(article: etree._Element, removed: Removed, t: Thresholds) -> None:
    """A heading that only says "Related articles" ("Mehr zum Thema", "À lire aussi"), and the teasers it heads.

    When the heading opens a box of its own (its wrapper's first element),
    the box goes if it is links or little else; otherwise the heading goes
    with the siblings after it up to the next heading, if those are links.
    Prose under such a heading is left in place, only the heading goes. A
    paragraph that is only the lead ("<p><strong>Auch interessant:</strong></p>")
    heads the same teasers.
    """
    for heading in list(article.iter(*_SUBHEADINGS, "p")):
        if heading.getparent() is None or not _says_related(heading, t):
            continue
        removed.took("related", heading, "a heading that only says 'Related articles', with its teasers")
        box = heading.getparent()
        if box is not None and box is not article and _opens_teaser_box(box, heading, t):
            removed.took("related", box, counted=False)
            drop(box)
            continue
        teasers = list(_until_heading(heading))
        if teasers and _teaser_box_of(teasers, t):
            for el in teasers:
                removed.took("related", el, counted=False)
                drop(el)
        drop(heading)


def _says_related(el: etree._Element, t: Thresholds) -> bool:
    """Whether `el` says only "Related articles".

    A paragraph is read only when short and nearly bare (its text and one
    child's), from the tree in Python: most paragraphs are long, and asking
    libxml2 for each one's text cost more than the test.
    """
    if el.tag != "p":
        return RELATED_HEADING.match(text_of(el)) is not None
    if len(el) > 1:
        return False
    if len(el) and len(el[0]):  # nested deeper: only libxml2 reads its whole text cheaply
        return RELATED_HEADING.match(text_of(el)) is not None
    raw = (el.text or "") + "".join((c.text or "") + (c.tail or "") for c in el)
    return len(raw) <= t.related_lead_chars and RELATED_HEADING.match(" ".join(raw.split())) is not None


def _first_child(el: etree._Element) -> etree._Element | None:
    return next((c for c in el if isinstance(c.tag, str)), None)


def _until_heading(heading: etree._Element) -> Iterator[etree._Element]:
    """The siblings after `heading` up to the next heading of its level or above (teasers title themselves lower).

    After a lead paragraph, only the block right after it: prose may follow that.
    """
    if heading.tag == "p":
        yield from itertools.islice(heading.itersiblings(), 1)
        return
    level = str(heading.tag)
    for sibling in heading.itersiblings():
        if sibling.tag in _SUBHEADINGS and str(sibling.tag) <= level:
            return
        yield sibling


def _opens_teaser_box(box: etree._Element, heading: etree._Element, t: Thresholds) -> bool:
    """Whether `heading` opens `box` and the box is links, or holds little besides the heading."""
    if _first_child(box) is not heading:
        return False
    size = text_length(box)
    return size - text_length(heading) < t.box_title_chars or linked_length(box) >= t.related_links * size


def _teaser_box_of(elements: list[etree._Element], t: Thresholds) -> bool:
    size = sum(text_length(el) for el in elements)
    return size == 0 or sum(linked_length(el) for el in elements) >= t.related_links * size


def _link_share(el: etree._Element, text: str) -> tuple[float, int]:
    """(share of `text`, the text of `el`, inside links; how many links)."""
    chars, count = link_text(el)
    return (chars / len(text) if text else 0.0), count


def _drop_link_lists(article: etree._Element, removed: Removed, t: Thresholds) -> None:
    """Lists whose every item is a link: tables of contents, related posts, menus."""
    for lst in list(article.iterdescendants(*_LIST_TAGS)):
        if lst.getparent() is None:
            continue
        items = [li for li in lst if li.tag == "li"]
        if len(items) < 2:
            continue
        texts = [text_of(li) for li in items]
        shares = [_link_share(li, text) for li, text in zip(items, texts, strict=True)]
        if all(share >= t.link_list_items and n for share, n in shares):
            hrefs = [a.get("href", "") for a in links(lst)]
            toc = all(h.startswith("#") for h in hrefs)
            if not toc and _introduced(lst, texts, t.flow_item_words):
                continue
            if toc:
                removed.took("toc", lst, "a list of links to anchors of the page")
            else:
                removed.took("link_lists", lst, "a list whose every item is a link")
            _drop_with_title(lst, article, removed, "toc" if toc else "link_lists", t)


def _introduced(lst: etree._Element, texts: list[str], max_words: int) -> bool:
    """A list the article's own sentence leads into ("You might also have:"), of short items.

    Symptom and condition lists link each item to its own page; related
    posts come under a heading or a "Read more:" lead, and with long titles.
    """
    if any(len(text.split()) > max_words for text in texts):
        return False
    return _led_in(lst, ("p",))


def _drop_with_title(lst: etree._Element, article: etree._Element, removed: Removed, kind: str, t: Thresholds) -> None:
    """Drop a link list, and its wrapper when all that is left there is a title ("Contents")."""
    parent = lst.getparent()
    drop(lst)
    if parent is not None and parent is not article and text_length(parent) < t.box_title_chars:
        removed.took(kind, parent, counted=False)
        drop(parent)


def _drop_link_blocks(article: etree._Element, removed: Removed, t: Thresholds) -> None:
    """Short blocks that are links to elsewhere ('Read more: ...'), an ad label, a cookie notice, or a call to subscribe."""
    for el in _leaf_blocks(article):
        if el.getparent() is None:
            continue
        text = text_of(el)
        if text.lower().strip(" -–:") in AD_LABELS:
            removed.took("ads", el, "the text of an ad label")
            drop(el)
        elif len(text) < COOKIE_NOTICE_MAX_CHARS and COOKIE_NOTICE.search(text):
            removed.took("cookie", el, "the text of a cookie notice")
            drop(el)
        elif len(text) < SUBSCRIBE_CALL_MAX_CHARS and SUBSCRIBE_CALL.search(text):
            removed.took("newsletter", el, "the text of a call to subscribe")
            drop(el)
        elif _control_label(text):
            removed.took("navigation", el, _CONTROL_RULE)
            drop(el)
        elif len(text) < t.link_block_chars and _is_link_block(el, text, t) and not _led_in(el, ("p", "div"), _LINK_LEAD_CHARS):
            removed.took("related", el, "a short block of links, or a 'Related:' lead-in")
            drop(el)


_CONTROL_RULE = "the label of a page control (read more, show or hide)"


def _control_label(text: str) -> bool:
    """Whether a block's or a link's whole text is a page control's label ("Read more", "Was this helpful?")."""
    return len(text) <= CONTROL_LABEL_MAX_CHARS and CONTROL_LABEL.match(text) is not None


_TEXT_BLOCKS = frozenset({"p", "li", "dd", "dt", "td", "th", "caption", "summary", *_SUBHEADINGS, "h1"})


def _drop_loose_controls(article: etree._Element, removed: Removed) -> None:
    """A link standing alone between blocks whose text is a control's label: a "Read more" toggle.

    "Read more" expanders write the toggle as a bare <a data-toggle> between
    the visible paragraph and the collapsed rest; no leaf block holds it,
    so it would read as a paragraph of its own. A link inside a sentence or
    a text block is the text's, and stays (leaf blocks are judged above).
    """
    for link in list(article.iter("a")):
        parent = link.getparent()
        if parent is None or parent.tag in _TEXT_BLOCKS or (link.tail or "").strip():
            continue
        if not _control_label(text_of(link)) or not _alone(link, parent):
            continue
        removed.took("navigation", link, _CONTROL_RULE)
        drop(link)


def _alone(el: etree._Element, parent: etree._Element) -> bool:
    """Whether no text of `parent` runs into `el` from before it."""
    before = el.getprevious()
    text = parent.text if before is None else before.tail
    return not (text or "").strip()


def _leaf_blocks(article: etree._Element) -> list[etree._Element]:
    """What _LEAF_BLOCKS finds, from the C pass where built (the XPath's node sets were most of the stage)."""
    if native.walk is not None:
        found: list[etree._Element] = native.walk.leaf_blocks(article, _LABEL_CHARS)
        return found
    found = _LEAF_BLOCKS(article)
    return found


def _is_link_block(el: etree._Element, text: str, t: Thresholds) -> bool:
    """Mostly links to other pages, or a 'Related:' lead-in to some.

    An e-mail address or a phone number to call is the article's own
    contact line, not a link elsewhere.
    """
    share, n = _link_share(el, text)
    lead = RELATED_LEAD.match(text) or RELATED_CAPS_LEAD.match(text)
    links = share >= t.link_block_links or (lead is not None and share >= t.led_link_block_links)
    return bool(n) and links and not _contact_links(el)


def _led_in(el: etree._Element, tags: tuple[str, ...], min_chars: int = 0) -> bool:
    """Whether the block before `el` (one of `tags`, `min_chars` or longer) is the article's own sentence
    leading into it ("You might also have:", "Sign the petition here:"): it ends with a colon, says no
    'Related:' and is mostly not links. A list it introduces, or a link, is the article's."""
    intro = el.getprevious()
    if intro is None or intro.tag not in tags:
        return False
    lead = text_of(intro)
    return (
        len(lead) >= min_chars
        and lead.endswith(":")
        and not RELATED_LEAD.match(lead)
        and linked_length(intro) < len(lead) / 2
    )


def _contact_links(el: etree._Element) -> bool:
    """Whether every link of `el` writes to or calls someone (mailto:, tel:)."""
    hrefs = [(a.get("href") or "").strip().lower() for a in el.iter("a")]
    return bool(hrefs) and all(href.startswith(_CONTACT_SCHEMES) for href in hrefs)
