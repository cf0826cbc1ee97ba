"""Find the element that holds the article: the profile's selectors first, scoring last.

The generic path scores text blocks the way the readability family does
(long, comma-rich paragraphs vote for their ancestors; links count
against), but votes for lists and headings too, since medical articles are
half lists.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from itertools import chain

from lxml import etree

from pipeline.blocks import BLOCK_TAGS
from pipeline.elements import holds_tag, linked_length, text_length, text_of, within
from pipeline.errors import NoArticleText, PageError
from pipeline.profiles import PageScan, Profile, generic
from pipeline.thresholds import THRESHOLDS, Thresholds

_NEVER_AROUND_ARTICLE = frozenset({"footer", "navigation"})  # drop kinds no article sits in
_LEDE_TAGS = ("p", "div", "h2")  # what a template writes a standfirst in
# Blocks whose text votes. lxml's tag-filtered iteration runs in C; an XPath
# of "self::" tests cost ten times as much, and a union is quadratic in libxml2.
_TEXT_TAGS = ("p", "pre", "td", "li", "blockquote", "h2", "h3", "dd", "div")
_H1S = etree.XPath("count(descendant-or-self::h1)")
_ARTICLES = etree.XPath("count(descendant-or-self::article)")
# Commas of Latin (with the space prose puts after one), Arabic and CJK text,
# counted in C. A list of domains or tags joined by bare commas is no prose.
_COMMAS = (", ", "،", "、", "，")


def find_by_profile(
    scan: PageScan, profile: Profile, thresholds: Thresholds = THRESHOLDS, min_chars: int | None = None
) -> etree._Element | None:
    """What the profile's first article selector that holds enough text matches.

    One match is the article, unless a footer or navigation block holds it
    (a disclaimer written as a body field). Several matches of one selector
    close together are the parts of one article (a template that writes each
    chunk of the body in its own "body" block): their nearest common
    ancestor, when the parts make most of its text; else the largest part.
    A match counts with `min_chars` of text (default: `located_chars`).
    """
    if min_chars is None:
        min_chars = thresholds.located_chars
    by_rank: dict[int, list[tuple[int, etree._Element]]] = {}
    furniture = {el for el, kind in scan.drops(profile).items() if kind in _NEVER_AROUND_ARTICLE}
    for rank, el in scan.articles(profile):
        if furniture.isdisjoint(el.iterancestors()):  # a "body" field in a footer is a footer's
            by_rank.setdefault(rank, []).append((text_length(el), el))
    for rank in sorted(by_rank):
        parts = by_rank[rank]
        largest = max(parts, key=lambda pair: pair[0])
        if largest[0] >= min_chars:
            common = _common_part(parts, thresholds)
            return largest[1] if common is None else common
    return None


def _common_part(parts: list[tuple[int, etree._Element]], t: Thresholds) -> etree._Element | None:
    """The nearest common ancestor of several article parts, if it is near them all and they make most of it."""
    found = {el for _, el in parts}
    outer = [(size, el) for size, el in parts if size and found.isdisjoint(el.iterancestors())]
    if len(outer) < 2:
        return None
    chains = [[*el.iterancestors()][: t.parts_depth] for _, el in outer]
    shared = set(chains[0]).intersection(*chains[1:])
    common = next((a for a in chains[0] if a in shared), None)
    if common is None or common.tag in ("html", "body"):
        return None
    return common if sum(size for size, _ in outer) >= t.parts_share * _visible_length(common) else None


def _visible_length(el: etree._Element) -> int:
    """`el`'s text less what its scripts and styles hold: the selectors match before cleaning strips them.

    A theme's inline script beside the chunks of a body (an ad loader, a
    tracking snippet) is no text a reader sees, yet it would outweigh a short
    chunk, and the parts would not make most of their common ancestor.
    """
    return text_length(el) - sum(text_length(code) for code in el.iter("script", "style"))


def locate(
    scan: PageScan, profile: Profile, hint: etree._Element | None = None, thresholds: Thresholds = THRESHOLDS
) -> tuple[etree._Element, str] | None:
    """(article element, name of the profile that found it) by selectors; None when scoring must decide.

    `hint` is what the profile's selectors found before cleaning (cleaning
    spares it); it stands when it still holds enough text, else the generic
    selectors' match does. A match is grown to the whole article. Without
    one, process() cleans the page for scoring (clean.clean_for_scoring)
    and calls `locate_scored`.
    """
    if scan.is_listing(profile):
        raise PageError("no_article", "the page is a search or error page, not an article")
    root, t = scan.root, thresholds
    if hint is not None and text_length(hint) >= t.located_chars:
        return _checked(scan, profile, *_grown_hint(hint, root, profile.name, t), t)
    if profile.name != "generic" and (found := find_by_profile(scan, generic(), t)) is not None:
        return _checked(scan, profile, *_grown_hint(found, root, "generic", t), t)
    return None


def locate_scored(
    scan: PageScan, profile: Profile, thresholds: Thresholds = THRESHOLDS
) -> tuple[etree._Element, str]:
    """The best-scored block of a page no selector placed the article in, cleaned for scoring.

    On a short post nothing scores: what the profile's article selector
    holds is then all there is, down to `short_match_chars`.
    """
    try:
        found = _scored(scan.root, thresholds), "generic"
    except NoArticleText:
        if (short := find_by_profile(scan, profile, thresholds, thresholds.short_match_chars)) is None:
            raise
        found = short, profile.name
    return _checked(scan, profile, *found, thresholds)


def _checked(
    scan: PageScan, profile: Profile, article: etree._Element, used: str, t: Thresholds
) -> tuple[etree._Element, str]:
    """The located region with its lede, unless it is a listing's teasers on a page marked as one."""
    if scan.may_be_listing(profile) and _teasers(article, t):
        raise PageError("no_article", "the page is a listing of teasers, not an article")
    return _with_lede(article, t), used


def _grown_hint(hint: etree._Element, root: etree._Element, name: str, t: Thresholds) -> tuple[etree._Element, str]:
    """A profile's match, grown when the page holds enough text beside it to hold the rest.

    Weighing the page's blocks costs a pass over all of them; when the text
    outside the match could not outweigh it (`match_grow_share`), it cannot grow.
    When the best-scored block elsewhere outweighs the grown match many
    times (`match_outweighed`), the selector caught a widget or a teaser card,
    and the scored block is the article.
    """
    size = text_length(hint)
    room = t.match_grow_share * size
    if text_length(root, max(0, size + math.ceil(room))) - size < room:  # read only as far as decides it
        return hint, name
    votes, mass = _votes(root, t)
    grown = _grow(hint, mass, t, hint=True)
    if t.match_outweighed and votes:
        scores = _Scores(votes)
        scored = _grow(_widen(_best(votes, scores), scores, t), mass, t)
        if mass[scored] > t.match_outweighed * mass[grown] and not _related(scored, grown):
            return scored, "generic"
    return grown, name


def _related(a: etree._Element, b: etree._Element) -> bool:
    """Whether one of `a` and `b` holds the other."""
    return within(a, b) or within(b, a)


def _scored(root: etree._Element, t: Thresholds) -> etree._Element:
    best = score(root, t)
    if best is None or text_length(best) < t.located_chars:
        raise NoArticleText("no block of article text found on the page")
    return best


def second_look(root: etree._Element, thresholds: Thresholds = THRESHOLDS) -> etree._Element:
    """The best-scored block of the page, for when cleaning emptied the located article.

    A region that cleaning empties was furniture all along (a mega menu whose
    items are long enough to read as text); what it held is gone from the
    page, so scoring again finds the article beside it. Also the bare look's
    choice, on a page parsed again and cleaned only by clean.clean_bare.
    """
    return _with_lede(_scored(root, thresholds), thresholds)


def _with_lede(article: etree._Element, t: Thresholds) -> etree._Element:
    """`article` with the standfirst that templates print before the body container.

    News and health templates print the title, then a lede paragraph, then
    the body container: the lede is article text the container lacks. It is
    looked for between the page's <h1> and the article, and among the
    elements just before the article and its near wrappers. Only
    sentence-long paragraphs with few links count (bylines and dates are
    short), at most `max_lede` of them, unless they all sit in one intro
    box: then the whole box (`_lede_block`).
    """
    lede = _after_title(article, t)
    seen = set(lede)
    lede += [p for p in _before(article, t) if p not in seen]
    if not lede:
        return article
    body = text_of(article)  # a teaser repeating the body's opening is no lede
    lede = _in_page_order([p for p in lede if text_of(p)[: t.lede_echo_chars] not in body])
    for i, paragraph in enumerate(_lede_block(lede, article, body, t) or lede[: t.max_lede]):
        article.insert(i, _as_paragraph(paragraph))
    return article


def _lede_block(lede: list[etree._Element], article: etree._Element, body: str, t: Thresholds) -> list[etree._Element]:
    """Every paragraph of an intro box when the first `max_lede` lede paragraphs all sit in it, else none.

    An intro written as several paragraphs in one box before the body (a
    summary, a rich-text block of its own) is read whole, short paragraphs
    too: cutting it to `max_lede` lost its end. Lede paragraphs from
    different places (a byline's bio, a hero's line) keep the cap. The box
    stays under `intro_share` of the article's text, like any intro.
    """
    first = lede[: t.max_lede]
    box = first[0].getparent() if 1 < len(first) == t.max_lede else None
    if box is None or any(p.getparent() is not box for p in first[1:]):
        return []
    if text_length(box) > t.intro_share * text_length(article):
        return []
    tags = {p.tag for p in first}  # the box's paragraphs are written as its ledes are
    return [p for p in box if p.tag in tags and _in_lede_box(p, body, t)]


def _in_lede_box(el: etree._Element, body: str, t: Thresholds) -> bool:
    """A paragraph of an intro box: any length, few links, not furniture, not echoed by the body."""
    text = text_of(el)
    linked = linked_length(el)
    if not text or text[: t.lede_echo_chars] in body or linked >= t.lede_links * len(text):
        return False
    return not _named_furniture(el, not linked)


def _after_title(article: etree._Element, t: Thresholds) -> list[etree._Element]:
    """Lede paragraphs between the page's <h1> and `article`."""
    h1 = next((h for h in article.itersiblings(preceding=True) if h.tag == "h1"), None)
    for ancestor in article.iterancestors() if h1 is None else ():
        h1 = next(ancestor.iterdescendants("h1"), None)
        if h1 is not None or ancestor.tag == "body":
            break
    if h1 is None or within(h1, article):
        return []
    return [p for p in _following(h1, article, t.lede_reach) if _is_lede(p, t)]


def _before(article: etree._Element, t: Thresholds) -> list[etree._Element]:
    """Lede paragraphs in the elements just before `article` and its near wrappers.

    Nearest first, while what was passed stays under `intro_share` of the
    article's text: the intro sits right before the body, the page's header further up.
    """
    found: list[etree._Element] = []
    node, budget = article, t.intro_share * text_length(article)
    for _ in range(t.intro_levels):
        parent = node.getparent()
        if parent is None or parent.tag in ("html", "body"):
            break
        for sibling in node.itersiblings(preceding=True):
            budget -= text_length(sibling)
            if budget < 0:
                return found
            found[:0] = [p for p in sibling.iter("p") if _is_lede(p, t)]
        node = parent
    return found


def _in_page_order(elements: list[etree._Element]) -> list[etree._Element]:
    if len(elements) < 2:
        return elements
    return sorted(elements, key=_position)


def _position(el: etree._Element) -> tuple[int, ...]:
    """An element's position as child indexes from the root: compares in document order."""
    path = []
    node = el
    while (parent := node.getparent()) is not None:
        path.append(parent.index(node))
        node = parent
    return tuple(reversed(path))


def _following(start: etree._Element, stop: etree._Element, limit: int) -> list[etree._Element]:
    """The elements that may be a lede after `start` in document order, before `stop`, within `limit` elements."""
    out: list[etree._Element] = []
    seen = 0
    node: etree._Element | None = start
    around = set(stop.iterancestors())
    while node is not None and seen < limit:
        for sibling in node.itersiblings():
            for el in sibling.iter():
                if el is stop:
                    return out
                seen += 1
                if el.tag in _LEDE_TAGS and el not in around:
                    out.append(el)
                if seen >= limit:
                    return []
        node = node.getparent()
    return []


def _is_lede(el: etree._Element, t: Thresholds) -> bool:
    """Sentence-long, few links, a text block of its own (a <p>, a leaf <div>, a long <h2>
    written as a standfirst), and not a caption or anything else class names call furniture."""
    if el.tag != "p" and next(el.iterchildren(*_LEDE_TAGS, "ul", "ol", "table"), None) is not None:
        return False
    size = text_length(el)
    if size < t.lede_chars or linked_length(el) >= t.lede_links * size or _captions_picture(el):
        return False
    unlinked = not linked_length(el)
    return not any(_named_furniture(node, unlinked) for node in (el, el.getparent()) if node is not None)


def _named_furniture(el: etree._Element, unlinked: bool = False) -> bool:
    """Whether class or id names `el` as boilerplate (a caption, a byline, a teaser).

    A news template's "teaser" between the title and the body is its
    standfirst: teasers of other posts link to them, so a block named
    `related` that links nowhere (`unlinked`) is not named furniture.
    """
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if not names.strip():
        return False
    kind = generic().token_kind(names)
    return kind is not None and not (unlinked and kind == "related")


def _as_paragraph(el: etree._Element) -> etree._Element:
    """A copy of a lede as the paragraph it is, whatever tag and names the template gave it.

    Its class and id were weighed when it was taken as the lede; kept, the
    article's cleaning would weigh them again by other rules.
    """
    copied = copy.deepcopy(el)
    copied.tag, copied.tail = "p", None
    copied.attrib.clear()
    return copied


def _captions_picture(p: etree._Element) -> bool:
    """Whether `p` shares a small wrapper with a picture and nothing longer than itself: a caption, not prose.

    A standfirst may share its wrapper with the lead picture, but then the
    body is there too.
    """
    parent = p.getparent()
    if parent is None or len(parent) > 3:
        return False
    others = [child for child in parent if child is not p]
    if not any(next(child.iter("img", "picture", "figure"), None) is not None for child in others):
        return False
    size = text_length(p)
    return not any(text_length(child) > size for child in others)


def _teasers(region: etree._Element, t: Thresholds) -> bool:
    """Whether `region` is a list of teasers: headings mostly links, each with a short excerpt.

    An article's headings name its sections; a listing's lead to other pages.
    A buying guide links its headings too, but writes at length under each.
    """
    headings = list(region.iter("h2", "h3", "h4"))
    if sum(1 for h in headings if next(h.iter("a"), None) is not None) < t.min_teasers:
        return False  # settled without measuring text, as on most pages
    linked = plain = 0
    for heading in headings:
        size = text_length(heading)
        if size:
            if linked_length(heading) >= t.teaser_heading_links * size:
                linked += 1
            else:
                plain += 1
    if linked < t.min_teasers or linked <= plain:
        return False
    prose = text_length(region) - linked_length(region)
    return prose < t.max_excerpt_chars * linked


def _div_text(div: etree._Element, t: Thresholds) -> str:
    """The text a <div> votes with: its own, or all of it when it is a paragraph written without <p>.

    Sites that write no <p> put text between a <div>'s children, or (rich-text
    editors such as Draft.js) in a <div> of <span>s: no other block would
    vote for that text. Only a paragraph-long one with few links counts
    whole, as a page builder's labels and buttons are <div>s of <span>s too.
    """
    if len(div) and not holds_tag(div, BLOCK_TAGS):
        text = text_of(div)
        if len(text) >= t.inline_div_chars and linked_length(div) < t.grow_links * len(text):
            return text
    return _direct_text(div)


def _direct_text(div: etree._Element) -> str:
    """Text a <div> holds itself, between its children: sites that write no <p> put it there."""
    return " ".join(filter(None, (div.text, *(child.tail for child in div)))).strip()


def _link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 1.0
    return min(1.0, linked_length(el) / text_len)


def score(root: etree._Element, thresholds: Thresholds = THRESHOLDS) -> etree._Element | None:
    """The element whose paragraphs carry the most article-like text, grown to the whole article."""
    votes, mass = _votes(root, thresholds)
    if not votes:
        return None
    scores = _Scores(votes)
    return _grow(_widen(_best(votes, scores), scores, thresholds), mass, thresholds)


def _votes(root: etree._Element, t: Thresholds) -> tuple[dict[etree._Element, float], dict[etree._Element, float]]:
    """(votes, mass): what each element's text blocks say of it, near and whole.

    A block of text votes for its three nearest ancestors, less for the far
    ones (readability's rule); its weight also adds to the mass of every
    ancestor, which tells how much article-like text an element holds at any depth.
    """
    votes: dict[etree._Element, float] = defaultdict(float)
    mass: dict[etree._Element, float] = defaultdict(float)
    min_chars = t.voting_chars
    for block in root.iterdescendants(*_TEXT_TAGS):
        text = text_of(block) if block.tag != "div" else _div_text(block, t)
        if len(text) < min_chars:  # a <div> with no text of its own has none here
            continue
        weight = 1 + sum(map(text.count, _COMMAS)) + min(len(text) / 100, 3)
        if block.tag in ("li", "td", "dd"):
            weight *= 0.5
        # A <div> holding text itself is a container: it takes the first vote.
        voters = block.iterancestors() if block.tag != "div" else chain((block,), block.iterancestors())
        for depth, ancestor in enumerate(voters):
            if ancestor.tag == "html":
                break
            if depth <= 2:
                votes[ancestor] += weight / (1, 2, 3)[depth]
            mass[ancestor] += weight
    return votes, mass


def _grow(
    region: etree._Element, mass: dict[etree._Element, float], t: Thresholds, hint: bool = False
) -> etree._Element:
    """Climb while an ancestor adds article-like text in quantity, with few links.

    Page builders cut one article into sibling blocks (a widget per
    paragraph, a section per heading): the best-scoring block is then one
    part. An ancestor is taken when what it adds weighs at least `grow_share` of
    what the region weighs and is not mostly links. A `hint` (what a profile's
    selector found) is the article body by name: only a part of it when the
    rest weighs as much (`match_grow_share`), and never one of several articles.
    """
    best = region
    for ancestor in region.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        added = mass[ancestor] - mass[best]
        if added < (t.match_grow_share if hint else t.grow_share) * mass[best]:
            continue
        if hint and _another_article(ancestor, best):
            break
        added_text = text_length(ancestor) - text_length(best)
        added_links = linked_length(ancestor) - linked_length(best)
        if added_text > 0 and added_links / added_text > t.grow_links:
            break
        best = ancestor
    return best


class _Scores(dict):
    """Votes discounted by link density, worked out only for the elements asked about.

    The discount needs the element's whole text and links; an element whose
    raw votes cannot beat the best so far is never asked.
    """

    def __init__(self, votes: dict[etree._Element, float]) -> None:
        super().__init__()
        self.votes = votes

    def __missing__(self, el: etree._Element) -> float:
        vote = self.votes.get(el)
        value = self[el] = 0.0 if vote is None else vote * (1 - _link_density(el, text_length(el)))
        return value


def _best(votes: dict[etree._Element, float], scores: _Scores) -> etree._Element:
    """The highest discounted score; ties go to the shallower element, then to the first voted.

    A discount only lowers a score, so candidates are tried in order of raw
    votes and the search stops at the first whose raw votes are below the best.
    """
    order = {el: i for i, el in enumerate(votes)}
    best, best_key = None, None
    for el in sorted(votes, key=votes.__getitem__, reverse=True):
        if best_key is not None and votes[el] < best_key[0]:
            break
        key = (scores[el], -_depth(el), -order[el])
        if best_key is None or key > best_key:
            best, best_key = el, key
    assert best is not None, "score() asks only when some element has votes"
    return best


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def _another_article(ancestor: etree._Element, region: etree._Element) -> bool:
    """Whether `ancestor` holds a second article beside `region`'s: a next post on an endless page.

    One <h1> or <article> outside the region is its own title or wrapper; a
    second one is another article's.
    """
    return any(count(ancestor) > max(1, count(region)) for count in (_H1S, _ARTICLES))


def _widen(best: etree._Element, scored: _Scores, t: Thresholds) -> etree._Element:
    """Climb to the parent when the article is split across sibling containers."""
    parent = best.getparent()
    if parent is None or parent.tag in ("html", "body"):
        return best
    siblings = [s for s in parent if s is not best and scored[s] >= t.sibling_share * scored[best]]
    return parent if siblings else best
