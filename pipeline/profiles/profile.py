"""What a site profile is once loaded: every key resolved, ready for the stages to read.

A `Profile` holds what its file says plus what it inherits (see load.py);
a `ProfileSet` is every profile of a run, in the order they claim pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from pipeline.profiles.rules import RuleSet

GENERIC = "generic"  # the profile every other extends, and the one pages no family claims go to

Selectors = tuple[str, ...]
Pairs = tuple[tuple[str, str], ...]  # (selector or word, kind): the entries of a table


@dataclass(frozen=True)
class Profile:
    """One profile with everything it inherits resolved: what the stages read."""

    name: str
    priority: int
    source: str  # the file it was read from, for messages and `explain`
    lineage: tuple[str, ...]  # its own name, then the profiles it extends
    detect: Selectors  # its own only
    article: Selectors
    title: Selectors
    no_article: Selectors
    listing: Selectors  # marks of a listing that only count beside teasers (see locate)
    article_page: Selectors  # marks of a page that is one article, as og:type article says it
    strip: frozenset[str]  # tags removed with their insides, uncounted
    page: dict[str, Selectors]  # where page-level facts are (meta tags, JSON-LD, ...), by fact
    drop: Pairs  # (selector, kind), first claim wins: its own before its parent's
    drop_short: Pairs
    tokens: dict[str, str]
    protect: dict[str, str]

    def token_kind(self, names: str) -> str | None:
        """Kind of boilerplate that class/id `names` announce, if any.

        `names` is the class and id of one element, cut into words at spaces,
        '-' and '_'; a token of several words ("table of contents") matches
        consecutive words. Names that also carry a content word (`protect`)
        are never boilerplate.
        """
        if not self.tokens:
            return None
        words = name_words(names)
        if self.tokens.keys().isdisjoint(words):  # most names hold no token word at all: settled in C
            return None
        kind = _lookup(words, self.tokens)
        if kind is None or (not self.protect.keys().isdisjoint(words) and _lookup(words, self.protect)):
            return None
        return kind


def name_words(names: str) -> list[str]:
    """The lower-case words of class/id names, cut at whitespace, '-' and '_'.

    str methods, all in C: a regex split took five times as long on the long
    class lists page builders write (Elementor).
    """
    return names.lower().replace("-", " ").replace("_", " ").split()


def _lookup(words: list[str], table: dict[str, str]) -> str | None:
    """The value of the first word run (1-3 words) of `words` found in `table`.

    A word that only opens longer tokens maps to "" in the table, so runs
    are tried only after such words.
    """
    for i, word in enumerate(words):
        kind = table.get(word)
        if kind:
            return kind
        if kind == "":
            for n in (3, 2):
                if (phrase := " ".join(words[i : i + n])) in table and table[phrase]:
                    return table[phrase]
    return None


def token_table(pairs: Pairs) -> dict[str, str]:
    """word (or space-joined words) -> kind; the first entry to claim a word keeps it."""
    out: dict[str, str] = {}
    for word, kind in pairs:
        out.setdefault(phrase(word), kind)
    for words in [p for p in out if " " in p]:
        out.setdefault(words.split()[0], "")  # marks the opening word of a longer token
    return out


def phrase(word: str) -> str:
    """A token as the table keys it: its lower-case words, joined by spaces."""
    return " ".join(name_words(word))


class ProfileSet:
    """Every profile of a run, resolved and checked, most specific (highest priority) first; generic last."""

    def __init__(self, profiles: Iterable[Profile], digest: str = "") -> None:
        self.ordered = tuple(sorted(profiles, key=lambda p: (-p.priority, p.name)))
        self.by_name = {p.name: p for p in self.ordered}
        self.generic = self.by_name[GENERIC]
        self.digest = digest  # of the user's profile files ("" with the built-in ones only)
        self._rules: RuleSet | None = None

    def named(self, name: str) -> Profile:
        return self.by_name[name]

    @property
    def rules(self) -> RuleSet:
        """Every selector of every profile, each once, for one walk a page (built on first use)."""
        if self._rules is None:
            selectors: list[str] = []
            for p in self.ordered:
                selectors += [*p.detect, *p.article, *p.title, *p.no_article, *p.listing, *p.article_page]
                selectors += [sel for sels in p.page.values() for sel in sels]
                selectors += [sel for sel, _ in chain(p.drop, p.drop_short)]
            self._rules = RuleSet([(sel, sel) for sel in dict.fromkeys(selectors)])
        return self._rules
