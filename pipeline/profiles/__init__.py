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
loaded and checked once per process and is immutable afterwards. All of
its selectors are matched together in one walk of a page (`PageScan`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import TypeVar

from lxml import etree

from pipeline.profiles.rules import RuleSet
from pipeline.profiles.schema import ProfileData, ProfileError, closest, read_profile

__all__ = [
    "PageScan",
    "Profile",
    "ProfileError",
    "ProfileSet",
    "all_profiles",
    "generic",
    "load_profiles",
    "reload_profiles",
]

GENERIC = "generic"
PRIORITY_STEP = 10  # a profile's priority when it gives none: the one it extends, plus this

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


def _token_table(pairs: Pairs) -> dict[str, str]:
    """word (or space-joined words) -> kind; the first entry to claim a word keeps it."""
    out: dict[str, str] = {}
    for word, kind in pairs:
        out.setdefault(_phrase(word), kind)
    for phrase in [p for p in out if " " in p]:
        out.setdefault(phrase.split()[0], "")  # marks the opening word of a longer token
    return out


def _phrase(word: str) -> str:
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
                selectors += [*p.detect, *p.article, *p.title, *p.no_article, *p.listing]
                selectors += [sel for sels in p.page.values() for sel in sels]
                selectors += [sel for sel, _ in chain(p.drop, p.drop_short)]
            self._rules = RuleSet([(sel, sel) for sel in dict.fromkeys(selectors)])
        return self._rules


# ----------------------------------------------------------------- loading


@cache
def load_profiles(folder: str | os.PathLike[str] | None = None) -> ProfileSet:
    """The built-in profiles, plus those of `folder` when given, checked and resolved.

    Loaded once per process and folder. Raises ProfileError (the file, key
    and reason) on anything wrong, from a typo in a key to an `extends`
    naming no profile.
    """
    files = _builtin_files()
    digest = ""
    if folder is not None:
        user = _user_files(Path(folder))
        files += user
        digest = hashlib.sha256(b"".join(f"{p}\0{t}\0".encode() for p, t in user)).hexdigest()[:16]
    return ProfileSet(_resolve([(path, read_profile(text, path)) for path, text in files]), digest)


def reload_profiles(folder: str | os.PathLike[str] | None = None) -> ProfileSet:
    """load_profiles, reading the files again: a run's start, in a process that may hold older ones."""
    load_profiles.cache_clear()
    return load_profiles(folder)


def all_profiles() -> tuple[Profile, ...]:
    """Every built-in profile, most specific first; 'generic' last."""
    return load_profiles().ordered


def generic() -> Profile:
    """The generic profile: the same in every set, as no other file may take its name."""
    return load_profiles().generic


def _builtin_files() -> list[tuple[str, str]]:
    entries = [e for e in resources.files(__package__).iterdir() if e.name.endswith(".toml")]
    return [(f"pipeline/profiles/{e.name}", e.read_text(encoding="utf-8")) for e in sorted(entries, key=str)]


def _user_files(folder: Path) -> list[tuple[str, str]]:
    """(path, text) of each `*.toml` of a user's folder (not its subfolders, nor hidden files)."""
    if not folder.is_dir():
        raise ProfileError(str(folder), [("", "not a folder")], "profiles folder")
    paths = sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    if not paths:
        raise ProfileError(str(folder), [("", "holds no profile (*.toml file)")], "profiles folder")
    out = []
    for path in paths:
        try:
            out.append((str(path), path.read_bytes().decode("utf-8")))
        except OSError as exc:
            raise ProfileError(str(path), [("", f"cannot read it: {exc.strerror or exc}")]) from None
        except UnicodeDecodeError:
            raise ProfileError(str(path), [("", "not UTF-8 text")]) from None
    return out


def _resolve(files: list[tuple[str, ProfileData]]) -> list[Profile]:
    """Check what needs the other profiles (names, `extends`, priorities), then apply inheritance."""
    source: dict[str, str] = {}
    datas: dict[str, ProfileData] = {}
    for path, data in files:
        if data.name in datas:
            raise ProfileError(
                path, [("name", f"{data.name!r} is already the profile of {source[data.name]}")]
            )
        source[data.name], datas[data.name] = path, data
    parents = {name: _parent(data, datas, source[name]) for name, data in datas.items()}
    extended = set(parents.values())
    resolved: dict[str, Profile] = {}

    def resolve(name: str, seen: tuple[str, ...] = ()) -> Profile:
        if name in seen:
            cycle = " -> ".join((*seen[seen.index(name) :], name))
            raise ProfileError(source[name], [("extends", f"a cycle: {cycle}")])
        if name not in resolved:
            parent = parents[name]
            up = resolve(parent, (*seen, name)) if parent is not None else None
            resolved[name] = _compile(datas[name], up, source[name], name in extended)
        return resolved[name]

    return [resolve(name) for name in datas]


def _parent(data: ProfileData, datas: dict[str, ProfileData], path: str) -> str | None:
    if data.name == GENERIC:
        if data.extends is not None:
            raise ProfileError(path, [("extends", "generic is the root every profile extends")])
        return None
    parent = data.extends or GENERIC
    if parent not in datas:
        known = sorted(set(datas) - {data.name})
        hint = closest(parent, known)
        raise ProfileError(
            path, [("extends", f"no profile is named {parent!r} ({hint}known: {', '.join(known)})")]
        )
    return parent


def _compile(data: ProfileData, parent: Profile | None, path: str, extended: bool) -> Profile:
    """`data` with everything `parent` (resolved) says inherited: the one rule, key by key."""
    problems = []
    floor = parent.priority if parent is not None else -1
    priority = data.priority if data.priority is not None else floor + PRIORITY_STEP
    if priority <= floor:
        problems.append(
            (
                "priority",
                f"{priority} is not above {parent.name}'s {floor}, so {parent.name} would take its pages",
            )
        )
    if parent is not None and not data.detect and not extended:
        problems.append(("detect", "none given: a profile that detects nothing is never chosen"))
    if problems:
        raise ProfileError(path, problems)
    up = parent or _ROOT
    return Profile(
        name=data.name,
        priority=priority,
        source=path,
        lineage=(data.name, *up.lineage),
        detect=tuple(data.detect),
        article=_inherit(data.article, up.article),
        title=_inherit(data.title, up.title),
        no_article=_inherit(data.no_article, up.no_article),
        listing=_inherit(data.listing, up.listing),
        strip=frozenset(_inherit(data.strip, tuple(up.strip))),
        page=_by_kind(_inherit(_pairs(data.page), _flat(up.page), _first)),
        drop=_inherit(_pairs(data.drop), up.drop, _first),
        drop_short=_inherit(_pairs(data.drop_short), up.drop_short, _first),
        tokens=_token_table(_inherit(_pairs(data.tokens), _untable(up.tokens), _phrase_of)),
        protect=_token_table(
            _inherit([(w, "protect") for w in data.protect], _untable(up.protect), _phrase_of)
        ),
    )


T = TypeVar("T")


def _inherit(
    own: Iterable[T], parent: Iterable[T], key: Callable[[T], Hashable] = lambda e: e
) -> tuple[T, ...]:
    """The inheritance rule: a profile's own entries, then its parent's that it does not name itself."""
    own = tuple(own)
    named = {key(e) for e in own}
    return (*own, *(e for e in parent if key(e) not in named))


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


def _phrase_of(pair: tuple[str, str]) -> str:
    return _phrase(pair[0])


def _pairs(table: dict[str, list[str]]) -> Pairs:
    """A table's entries, (value, kind), in file order."""
    return tuple((value, kind) for kind, values in table.items() for value in values)


def _flat(table: dict[str, Selectors]) -> Pairs:
    return tuple((sel, kind) for kind, sels in table.items() for sel in sels)


def _by_kind(pairs: Pairs) -> dict[str, Selectors]:
    out: dict[str, list[str]] = {}
    for value, kind in pairs:
        out.setdefault(kind, []).append(value)
    return {kind: tuple(values) for kind, values in out.items()}


def _untable(table: dict[str, str]) -> Pairs:
    """A resolved token table's entries again, without the marks of opening words."""
    return tuple((phrase, kind) for phrase, kind in table.items() if kind)


_ROOT = Profile("", 0, "", (), (), (), (), (), (), frozenset(), {}, (), (), {}, {})  # what generic extends


# ------------------------------------------------------------------- pages


class PageScan:
    """What every profile's selectors match on one page, found in a single walk of its tree.

    Taken before cleaning; stages ask it for their profile's share.
    """

    def __init__(self, root: etree._Element, profiles: ProfileSet | None = None) -> None:
        self.root = root
        self.profiles = profiles or load_profiles()
        self._found = self.profiles.rules.scan(root)  # element -> the selectors it matches, in page order
        hits: dict[str, list[etree._Element]] = {}
        for el, selectors in self._found.items():
            for sel in selectors:
                hits.setdefault(sel, []).append(el)  # type: ignore[arg-type]
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
            self._order = {el: i for i, el in enumerate(self._found)}  # type: ignore[misc]
        return sorted(chain(*found), key=self._order.__getitem__)

    def articles(self, profile: Profile) -> list[tuple[int, etree._Element]]:
        """(selector rank, element) for `profile`'s article selectors, still attached to the page."""
        root = self.root
        return [
            (rank, el)
            for rank, sel in enumerate(profile.article)
            for el in self._hits.get(sel, ())
            if _attached(el, root)
        ]


def _attached(el: etree._Element, root: etree._Element) -> bool:
    """False once cleaning removed `el` (or an ancestor) from the page."""
    return el is root or any(a is root for a in el.iterancestors())
