"""Site profiles: what a family of sites looks like, loaded from TOML files and checked.

A profile says how to recognise the family (`detect`), where its article is
(`article`, `title`), which parts are boilerplate (`strip`: tags removed
wholesale; `drop`: CSS selectors by kind; `drop_short`: the same, for elements
dropped only when they hold little text; `tokens`: words in class/id names by
kind; `protect`: words that mark content), where page-level facts are
(`page`) and which pages hold no article (`no_article`, or `listing` when
teasers confirm it). The keys and what each may hold: `schema.py`; the file
format with a worked example: docs/profiles.md.

One inheritance rule for every key: a profile `extends` another (generic
when it names none) and has its own entries first, then those of the
profile it extends (already resolved the same way) that it does not name
itself. In a table (`page`, `drop`, `drop_short`, `tokens`) an entry is a
selector or word with its kind, so a profile can also move a parent's
selector to another kind. Only what makes a profile itself is never
inherited: `name`, `extends`, `priority` and `detect` (a WordPress theme
detected by WordPress's own markers would claim every WordPress page).

The built-in profiles live beside this module; a user's folder of profiles
(`--profiles DIR`, `process(..., profiles=DIR)`) adds to them. A set is
loaded and checked once per process (load.py) and is immutable afterwards
(profile.py). All of its selectors are matched together in one walk of a
page (`PageScan`, here; the walk itself: rules.py).
"""

from __future__ import annotations

from itertools import chain
from typing import cast

from lxml import etree

from pipeline.elements import within
from pipeline.profiles.load import load_profiles, reload_profiles
from pipeline.profiles.profile import GENERIC, Profile, ProfileSet
from pipeline.profiles.schema import ProfileError

__all__ = [
    "GENERIC",
    "PageScan",
    "Profile",
    "ProfileError",
    "ProfileSet",
    "all_profiles",
    "generic",
    "load_profiles",
    "reload_profiles",
]


def all_profiles() -> tuple[Profile, ...]:
    """Every built-in profile, most specific first; 'generic' last."""
    return load_profiles().ordered


def generic() -> Profile:
    """The generic profile: the same in every set, as no other file may take its name."""
    return load_profiles().generic


class PageScan:
    """What every profile's selectors match on one page, found in a single walk of its tree.

    Taken before cleaning; stages ask it for their profile's share.
    """

    def __init__(self, root: etree._Element, profiles: ProfileSet | None = None) -> None:
        self.root = root
        self.profiles = profiles or load_profiles()
        # element -> the selectors it matches (the rules' labels), in page order
        self._found = cast("dict[etree._Element, tuple[str, ...]]", self.profiles.rules.scan(root))
        hits: dict[str, list[etree._Element]] = {}
        for el, selectors in self._found.items():
            for sel in selectors:
                hits.setdefault(sel, []).append(el)
        self._hits = hits
        self._order: dict[etree._Element, int] | None = None

    def profile(self) -> Profile:
        """The most specific profile whose markers the page carries, else generic."""
        hits = self._hits
        found = (p for p in self.profiles.ordered if any(sel in hits for sel in p.detect))
        return next(found, self.profiles.generic)

    def elements(self, selector: str) -> list[etree._Element]:
        """What one selector of the set matched before cleaning, in page order."""
        return self._hits.get(selector, [])

    def drops(self, profile: Profile, purpose: str = "drop") -> dict[etree._Element, str]:
        """Elements `profile` drops (purpose 'drop', or 'drop_short' for the text-length-gated ones)."""
        out: dict[etree._Element, str] = {}
        hits = self._hits
        for sel, kind in profile.drop if purpose == "drop" else profile.drop_short:
            if (els := hits.get(sel)) is not None:
                for el in els:
                    out.setdefault(el, kind)
        return out

    def is_listing(self, profile: Profile) -> bool:
        """Whether the page carries `profile`'s marks of a search or error page."""
        return any(sel in self._hits for sel in profile.no_article)

    def may_be_listing(self, profile: Profile) -> bool:
        """Whether the page carries `profile`'s marks of a listing: a class other CMSs also give articles."""
        return any(sel in self._hits for sel in profile.listing)

    def is_article_page(self, profile: Profile) -> bool:
        """Whether the page carries `profile`'s marks of one article (WordPress's single-post view)."""
        return any(sel in self._hits for sel in profile.article_page)

    def titles(self, profile: Profile) -> list[tuple[str, etree._Element]]:
        """(selector, element) for `profile`'s title selectors, best selector first, then page order."""
        return [(sel, el) for sel in profile.title for el in self._hits.get(sel, ())]

    def page(self, profile: Profile, fact: str) -> list[etree._Element]:
        """Elements holding a page-level fact (`page` of a profile), in page order.

        An element two of the fact's selectors match is listed twice, as the
        readers of microdata expect of an item that is also a property.
        """
        found = [self._hits[sel] for sel in profile.page.get(fact, ()) if sel in self._hits]
        if len(found) <= 1:
            return list(found[0]) if found else []
        if self._order is None:
            self._order = {el: i for i, el in enumerate(self._found)}
        return sorted(chain(*found), key=self._order.__getitem__)

    def articles(self, profile: Profile) -> list[tuple[int, etree._Element]]:
        """(selector rank, element) for `profile`'s article selectors, still attached to the page."""
        root = self.root
        return [
            (rank, el)
            for rank, sel in enumerate(profile.article)
            for el in self._hits.get(sel, ())
            if within(el, root)  # cleaning may have taken it out of the page
        ]

