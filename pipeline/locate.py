"""Find the element that holds the article: the profile's selectors first, scoring last.

The generic path scores text blocks the way the readability family does
(long, comma-rich paragraphs vote for their ancestors; links count
against), but votes for lists and headings too, since medical articles are
half lists.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from itertools import chain

from lxml import etree

from pipeline.clean import clean_kinds, clean_tokens
from pipeline.elements import linked_length, text_length, text_of
from pipeline.errors import NoArticleText, PageError
from pipeline.models import Removed
from pipeline.profiles import PageScan, Profile, ProfileSet, generic

MIN_ARTICLE_CHARS = 200
MIN_SHORT_HINT_CHARS = 50  # a profile's match this short is the article only when nothing scores
_NEVER_AROUND_ARTICLE = frozenset({"footer", "navigation"})  # drop kinds no article sits in
PARTS_SHARE = 0.7  # parts a selector matches make this much of their common ancestor's text ...
PARTS_DEPTH = 3  # ... which is at most this many levels above each of them
GROW_SHARE = 0.5  # an ancestor adding this share of the region's weight is taken ...
GROW_LINKS = 0.25  # ... unless more than this share of what it adds is links
HINT_GROW_SHARE = 1.0  # a profile's match grows only when the rest weighs as much as it
HINT_OUTWEIGHED = 3.0  # a scored block weighing this many times a grown match is the article
BARE_DROPS = frozenset({"cookie"})  # what a bare look still removes by selector
INTRO_LEVELS = 4  # wrappers around the article searched for a lede before it
INTRO_SHARE = 0.5  # ... while what stands before the article is under this share of its text
_LEDE_TAGS = ("p", "div", "h2")  # what a template writes a standfirst in
LEDE_ECHO_CHARS = 60  # a lede whose opening the body holds already repeats it
MAX_LEDE = 2  # paragraphs taken in as the lede
LEDE_REACH = 100  # elements between the <h1> and the article searched for it
MIN_LEDE_CHARS = 80
MIN_TEASERS = 3  # linked headings that make a page marked as a listing one
MAX_EXCERPT_CHARS = 400  # unlinked text per teaser: more is an article that links its headings
# Blocks whose text votes. lxml's tag-filtered iteration runs in C; an XPath
# of "self::" tests cost ten times as much, and a union is quadratic in libxml2.
_TEXT_TAGS = ("p", "pre", "td", "li", "blockquote", "h2", "h3", "dd", "div")
_H1S = etree.XPath("count(descendant-or-self::h1)")
_ARTICLES = etree.XPath("count(descendant-or-self::article)")
# Commas of Latin (with the space prose puts after one), Arabic and CJK text,
# counted in C. A list of domains or tags joined by bare commas is no prose.
_COMMAS = (", ", "،", "、", "，")


def find_by_profile(
    scan: PageScan, profile: Profile, min_chars: int = MIN_ARTICLE_CHARS
) -> etree._Element | None:
    """What the profile's first article selector that holds enough text matches.

    One match is the article, unless a footer or navigation block holds it
    (a disclaimer written as a body field). Several matches of one selector
    close together are the parts of one article (a template that writes each
    chunk of the body in its own "body" block): their nearest common
    ancestor, when the parts make most of its text; else the largest part.
    """
    by_rank: dict[int, list[tuple[int, etree._Element]]] = {}
    furniture = {el for el, kind in scan.drops(profile).items() if kind in _NEVER_AROUND_ARTICLE}
    for rank, el in scan.articles(profile):
        if furniture.isdisjoint(el.iterancestors()):  # a "body" field in a footer is a footer's
            by_rank.setdefault(rank, []).append((text_length(el), el))
    for rank in sorted(by_rank):
        parts = by_rank[rank]
        largest = max(parts, key=lambda pair: pair[0])
        if largest[0] >= min_chars:
            common = _common_part(parts)
            return largest[1] if common is None else common
    return None


def _common_part(parts: list[tuple[int, etree._Element]]) -> etree._Element | None:
    """The nearest common ancestor of several article parts, if it is near them all and they make most of it."""
    found = {el for _, el in parts}
    outer = [(size, el) for size, el in parts if size and found.isdisjoint(el.iterancestors())]
    if len(outer) < 2:
        return None
    chains = [[*el.iterancestors()][:PARTS_DEPTH] for _, el in outer]
    shared = set(chains[0]).intersection(*chains[1:])
    common = next((a for a in chains[0] if a in shared), None)
    if common is None or common.tag in ("html", "body"):
        return None
    return common if sum(size for size, _ in outer) >= PARTS_SHARE * text_length(common) else None


def locate(
    scan: PageScan, profile: Profile, removed: Removed, hint: etree._Element | None = None
) -> tuple[etree._Element, str]:
    """Return (article element, name of the profile that found it).

    `hint` is what the profile's selectors found before cleaning (cleaning
    spares it); it stands when it still holds enough text.
    """
    if scan.is_listing(profile):
        raise PageError("no_article", "the page is a search or error page, not an article")
    article, used = _find(scan, profile, removed, hint)
    if scan.may_be_listing(profile) and _teasers(article):
        raise PageError("no_article", "the page is a listing of teasers, not an article")
    return _with_lede(article), used


def _find(
    scan: PageScan, profile: Profile, removed: Removed, hint: etree._Element | None
) -> tuple[etree._Element, str]:
    """The article region: a profile's match grown to the whole article, else the best-scored block."""
    root = scan.root
    if hint is not None and text_length(hint) >= MIN_ARTICLE_CHARS:
        return _grown_hint(hint, root, profile.name)
    if profile.name != "generic" and (found := find_by_profile(scan, generic())) is not None:
        return _grown_hint(found, root, "generic")
    clean_tokens(root, generic(), removed, max_share=0.4)
    try:
        return _scored(root), "generic"
    except NoArticleText:  # a short post: what the article selector holds is all there is
        if (short := find_by_profile(scan, profile, MIN_SHORT_HINT_CHARS)) is None:
            raise
        return short, profile.name


def _grown_hint(hint: etree._Element, root: etree._Element, name: str) -> tuple[etree._Element, str]:
    """A profile's match, grown when the page holds enough text beside it to hold the rest.

    Weighing the page's blocks costs a pass over all of them; when the text
    outside the match could not outweigh it (HINT_GROW_SHARE), it cannot grow.
    When the best-scored block elsewhere outweighs the grown match many
    times (HINT_OUTWEIGHED), the selector caught a widget or a teaser card,
    and the scored block is the article.
    """
    size = text_length(hint)
    if text_length(root) - size < HINT_GROW_SHARE * size:
        return hint, name
    votes, mass = _votes(root)
    grown = _grow(hint, mass, hint=True)
    if HINT_OUTWEIGHED and votes:
        scores = _Scores(votes)
        scored = _grow(_widen(_best(votes, scores), scores), mass)
        if mass[scored] > HINT_OUTWEIGHED * mass[grown] and not _related(scored, grown):
            return scored, "generic"
    return grown, name


def _related(a: etree._Element, b: etree._Element) -> bool:
    """Whether one of `a` and `b` holds the other."""
    return a is b or any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


def _scored(root: etree._Element) -> etree._Element:
    best = score(root)
    if best is None or text_length(best) < MIN_ARTICLE_CHARS:
        raise NoArticleText("no block of article text found on the page")
    return best


def second_look(scan: PageScan) -> etree._Element:
    """The best-scored block of the page, for when cleaning emptied the located article.

    A region that cleaning empties was furniture all along (a mega menu whose
    items are long enough to read as text); what it held is gone from the
    page, so scoring again finds the article beside it.
    """
    return _with_lede(_scored(scan.root))


def bare_look(
    root: etree._Element, profile: Profile, profiles: ProfileSet, removed: Removed
) -> etree._Element:
    """The best-scored block of a page cleaned of its scripts and styles only.

    The last try on a page where the usual cleaning left no article text: a
    theme that names its content column "sidebar", or wraps the page in a
    tag read as furniture. Consent dialogs still go (on a cookie wall they
    are all there is), and so does boilerplate named by class.
    """
    clean_kinds(PageScan(root, profiles), profile, BARE_DROPS, removed)
    etree.strip_elements(root, *profile.strip, with_tail=False)
    clean_tokens(root, generic(), removed, max_share=0.4)
    return _with_lede(_scored(root))


def _with_lede(article: etree._Element) -> etree._Element:
    """`article` with the standfirst that templates print before the body container.

    News and health templates print the title, then a lede paragraph, then
    the body container: the lede is article text the container lacks. It is
    looked for between the page's <h1> and the article, and among the
    elements just before the article and its near wrappers. Only
    sentence-long paragraphs with few links count (bylines and dates are
    short), at most MAX_LEDE of them.
    """
    lede = _after_title(article)
    seen = set(lede)
    lede += [p for p in _before(article) if p not in seen]
    if lede:  # a teaser repeating the body's opening is no lede
        body = text_of(article)
        lede = [p for p in lede if text_of(p)[:LEDE_ECHO_CHARS] not in body]
    for i, paragraph in enumerate(_in_page_order(lede)[:MAX_LEDE]):
        article.insert(i, _as_paragraph(paragraph))
    return article


def _after_title(article: etree._Element) -> list[etree._Element]:
    """Lede paragraphs between the page's <h1> and `article`."""
    h1 = next((h for h in article.itersiblings(preceding=True) if h.tag == "h1"), None)
    for ancestor in article.iterancestors() if h1 is None else ():
        h1 = next(ancestor.iterdescendants("h1"), None)
        if h1 is not None or ancestor.tag == "body":
            break
    if h1 is None or any(a is article for a in h1.iterancestors()):
        return []
    return [p for p in _following(h1, article) if _is_lede(p)]


def _before(article: etree._Element) -> list[etree._Element]:
    """Lede paragraphs in the elements just before `article` and its near wrappers.

    Nearest first, while what was passed stays under INTRO_SHARE of the
    article's text: the intro sits right before the body, the page's header further up.
    """
    found: list[etree._Element] = []
    node, budget = article, INTRO_SHARE * text_length(article)
    for _ in range(INTRO_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("html", "body"):
            break
        for sibling in node.itersiblings(preceding=True):
            budget -= text_length(sibling)
            if budget < 0:
                return found
            found[:0] = [p for p in sibling.iter("p") if _is_lede(p)]
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


def _following(start: etree._Element, stop: etree._Element) -> list[etree._Element]:
    """The elements that may be a lede after `start` in document order, before `stop`, within LEDE_REACH elements."""
    out: list[etree._Element] = []
    seen, limit = 0, LEDE_REACH
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


def _is_lede(el: etree._Element) -> bool:
    """Sentence-long, few links, a text block of its own (a <p>, a leaf <div>, a long <h2>
    written as a standfirst), and not a caption or anything else class names call furniture."""
    if el.tag != "p" and next(el.iterchildren(*_LEDE_TAGS, "ul", "ol", "table"), None) is not None:
        return False
    size = text_length(el)
    if size < MIN_LEDE_CHARS or linked_length(el) >= 0.2 * size or _captions_picture(el):
        return False
    return not any(_named_furniture(node) for node in (el, el.getparent()) if node is not None)


def _named_furniture(el: etree._Element) -> bool:
    """Whether class or id names `el` as boilerplate (a caption, a byline, a teaser)."""
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(names.strip()) and generic().token_kind(names) is not None


def _as_paragraph(el: etree._Element) -> etree._Element:
    """A copy of a lede as the paragraph it is, whatever tag the template gave it."""
    copied = copy.deepcopy(el)
    copied.tag, copied.tail = "p", None
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
    return not any(text_length(child) > text_length(p) for child in others)


def _teasers(region: etree._Element) -> bool:
    """Whether `region` is a list of teasers: headings mostly links, each with a short excerpt.

    An article's headings name its sections; a listing's lead to other pages.
    A buying guide links its headings too, but writes at length under each.
    """
    headings = list(region.iter("h2", "h3", "h4"))
    if sum(1 for h in headings if next(h.iter("a"), None) is not None) < MIN_TEASERS:
        return False  # settled without measuring text, as on most pages
    linked = plain = 0
    for heading in headings:
        size = text_length(heading)
        if size:
            if linked_length(heading) >= 0.8 * size:
                linked += 1
            else:
                plain += 1
    if linked < MIN_TEASERS or linked <= plain:
        return False
    prose = text_length(region) - linked_length(region)
    return prose < MAX_EXCERPT_CHARS * linked


def _direct_text(div: etree._Element) -> str:
    """Text a <div> holds itself, between its children: sites that write no <p> put it there."""
    return " ".join(filter(None, (div.text, *(child.tail for child in div)))).strip()


def _link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 1.0
    return min(1.0, linked_length(el) / text_len)


def score(root: etree._Element) -> etree._Element | None:
    """The element whose paragraphs carry the most article-like text, grown to the whole article."""
    votes, mass = _votes(root)
    if not votes:
        return None
    scores = _Scores(votes)
    return _grow(_widen(_best(votes, scores), scores), mass)


def _votes(root: etree._Element) -> tuple[dict[etree._Element, float], dict[etree._Element, float]]:
    """(votes, mass): what each element's text blocks say of it, near and whole.

    A block of text votes for its three nearest ancestors, less for the far
    ones (readability's rule); its weight also adds to the mass of every
    ancestor, which tells how much article-like text an element holds at any depth.
    """
    votes: dict[etree._Element, float] = defaultdict(float)
    mass: dict[etree._Element, float] = defaultdict(float)
    for block in root.iterdescendants(*_TEXT_TAGS):
        text = text_of(block) if block.tag != "div" else _direct_text(block)
        if len(text) < 25:  # a <div> with no text of its own has none here
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


def _grow(region: etree._Element, mass: dict[etree._Element, float], hint: bool = False) -> etree._Element:
    """Climb while an ancestor adds article-like text in quantity, with few links.

    Page builders cut one article into sibling blocks (a widget per
    paragraph, a section per heading): the best-scoring block is then one
    part. An ancestor is taken when what it adds weighs at least GROW_SHARE of
    what the region weighs and is not mostly links. A `hint` (what a profile's
    selector found) is the article body by name: only a part of it when the
    rest weighs as much (HINT_GROW_SHARE), and never one of several articles.
    """
    best = region
    for ancestor in region.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        added = mass[ancestor] - mass[best]
        if added < (HINT_GROW_SHARE if hint else GROW_SHARE) * mass[best]:
            continue
        if hint and _another_article(ancestor, best):
            break
        added_text = text_length(ancestor) - text_length(best)
        added_links = linked_length(ancestor) - linked_length(best)
        if added_text > 0 and added_links / added_text > GROW_LINKS:
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


def _widen(best: etree._Element, scored: _Scores) -> etree._Element:
    """Climb to the parent when the article is split across sibling containers."""
    parent = best.getparent()
    if parent is None or parent.tag in ("html", "body"):
        return best
    siblings = [s for s in parent if s is not best and scored[s] >= 0.3 * scored[best]]
    return parent if siblings else best
