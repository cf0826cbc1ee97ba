"""The numbers the HTML stages judge a page by: sizes in characters, shares of text, link densities.

Every cut-off the cleaning, locating and block stages and process()'s
record check weigh a page with is a field here, written once with what it
means and why it has that value; the stages take a `Thresholds` as an
argument (`THRESHOLDS`, the default, unless a caller passes its own:
`process(data, name, thresholds=replace(THRESHOLDS, record_chars=100))`).
Sizes are characters, not words: CJK text has no spaces. A link share is
the part of an element's text inside links.

The values were tuned on the benchmark sets' even halves and kept only
when the odd halves agreed (README, Benchmarks); changing one changes
records. Wording limits that belong to a pattern (how long a cookie
notice may be) stay beside their pattern in vocabulary.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cut-offs of the HTML front end and of the record; see each field."""

    # -- the record (process.py): is there an article worth writing?
    # Text a record needs, over all its sections: less is a stub, a login
    # or an error page. A cleaned article smaller than this makes process()
    # look again (cleaning may have emptied furniture taken for it). Higher
    # than `located_chars`, which only says a block is worth taking.
    record_chars: int = 250
    # Below `record_chars`, a page that is clearly an article still gives a
    # record (a title and a section heading, or a family profile's match).
    short_record_chars: int = 100
    # ... and down to a sentence when the page's metadata declares one article
    # (og:type, schema.org): a photo post's caption is that post's text. Also
    # what a located region cleaning left this small still stands as.
    declared_record_chars: int = 50

    # -- locating (locate.py): is a block the article?
    # Text a located region (a profile's match, the best-scored block) needs
    # to be taken as the article; smaller, process() looks again. Lower than
    # `record_chars`: it is measured before blocks and fields take anything out.
    located_chars: int = 200
    # A profile's match this short is the article only when nothing scores
    # (a short post's whole text).
    short_match_chars: int = 50
    # Several matches of one selector are the parts of one article when they
    # make this share of their common ancestor's text ...
    parts_share: float = 0.7
    # ... which sits at most this many levels above each of them.
    parts_depth: int = 3
    # The region climbs to an ancestor whose added weight is this share of
    # its own (page builders cut an article into a block per section) ...
    grow_share: float = 0.5
    # ... unless more than this share of what the ancestor adds is links.
    grow_links: float = 0.25
    # A profile's match is the article body by name: it grows only when the
    # rest weighs as much as it.
    match_grow_share: float = 1.0
    # A scored block weighing this many times a grown match is the article:
    # the selector caught a widget or a teaser card (0: never).
    match_outweighed: float = 3.0
    # A sibling container scoring this share of the best block's score is a
    # second part of a split article: both are taken, with their parent.
    sibling_share: float = 0.3
    # Text a block needs to vote in the scoring (a <div> counts its own text only).
    voting_chars: int = 25
    # A <div> whose children are all inline (<span>, <a>: rich-text editors
    # that write no <p>) votes with all its text when it is paragraph-long
    # and under `grow_links` links; shorter ones are a layout's labels.
    inline_div_chars: int = 100
    # Before scoring, an element named furniture by class/id words is spared
    # when it holds more than this share of the page's text (an ad-slot
    # wrapper around the whole layout); lower than `wrapper_share`, as the
    # page still holds its furniture then.
    scoring_wrapper_share: float = 0.4

    # -- the lede (locate.py): a standfirst printed before the body container
    # Wrappers around the article searched for a lede before it ...
    intro_levels: int = 4
    # ... while what stands before the article is under this share of its text.
    intro_share: float = 0.5
    # Elements between the page's <h1> and the article searched for a lede.
    lede_reach: int = 100
    # A lede is sentence-long (bylines and dates are shorter) ...
    lede_chars: int = 80
    # ... and under this share links.
    lede_links: float = 0.2
    # A lede whose opening (this many characters) the body holds repeats it.
    lede_echo_chars: int = 60
    # Paragraphs taken in as the lede.
    max_lede: int = 2

    # -- prose under a furniture name (clean.py): an element named related,
    # navigation, ads, captions or sidebar is kept when it holds this many
    # paragraphs of `named_prose_chars` or more ...
    named_prose_paragraphs: int = 2
    named_prose_chars: int = 120
    # ... and under this share of links.
    named_prose_links: float = 0.1

    # -- listings (locate.py): a page of teasers, refused
    # Linked headings that make a page marked as a listing one a listing.
    min_teasers: int = 3
    # A heading is a teaser's link when this share of its text is linked.
    teaser_heading_links: float = 0.8
    # Unlinked text per teaser: more is an article that links its headings
    # (a buying guide).
    max_excerpt_chars: int = 400

    # -- cleaning (clean.py)
    # An element the profile names `drop_short` is furniture only under this size.
    drop_short_chars: int = 300
    # A short hidden panel a page control opens (a tab, an accordion's
    # answer) is article text unless this share of it is links (a menu).
    panel_links: float = 0.5
    # An element holding more than this share of the page's (or the
    # article's) text is no furniture, whatever its name: page builders wrap
    # whole layouts in `aside` or `aria-hidden` ...
    wrapper_share: float = 0.5
    # ... unless this share of its text is links (a mega menu is) ...
    wrapper_links: float = 0.5
    # ... and a wrapper worth measuring holds at least this much text.
    wrapper_chars: int = 1000
    # A <noscript> holding less is a tracking pixel or a note, not the
    # article for readers without scripts.
    fallback_chars: int = 200
    # An element named a table of contents is one only when this share of
    # its text is links (`id="toc_faq"` may name the section it points to).
    toc_links: float = 0.5
    # A list is a link list when every item is at least this share links.
    link_list_items: float = 0.8
    # ... unless the article's own sentence leads into it and its items are
    # at most this many words (symptoms linked to their own pages).
    flow_item_words: int = 4
    # What is left of a link list's wrapper, or of a "Related" box besides
    # its heading, under this size is only a title: it goes with the list.
    box_title_chars: int = 40
    # A paragraph that only says "Related articles" is this short.
    related_lead_chars: int = 60
    # Teasers under a "Related" heading: at least this share of their text is links.
    related_links: float = 0.3
    # A leaf block under this size may be a block of links ("Read more: ...") ...
    link_block_chars: int = 250
    # ... when this share of its text is links ...
    link_block_links: float = 0.9
    # ... or this share, after a "Related:" lead-in.
    led_link_block_links: float = 0.4
    # The learned judge (judge.py) drops an edge block it gives at least this
    # probability of boilerplate. Chosen on the even halves; above 1, no judge.
    judge_boilerplate: float = 0.5
    # Before the article's first body paragraph or after its last, a block under this size whose
    # every link calls the reader away (subscribe, donate, follow; judge.py)
    # goes. 0: none does.
    call_block_chars: int = 300

    # -- blocks (blocks.py)
    # A table whose paragraphs, lists and headings hold more text than this
    # lays out a page; its cells are read as blocks, not as a table.
    layout_table_chars: int = 600


THRESHOLDS = Thresholds()
