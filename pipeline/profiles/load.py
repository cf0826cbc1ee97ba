"""Loading profiles: the built-in files and a user's folder, checked, with the one inheritance rule.

Each file is checked alone by schema.py; what needs the others is checked
here: a unique name, an `extends` naming a profile and no cycle, a priority
above the parent's, a `detect` on every profile that can be chosen. Then
each profile's keys are resolved, all by one rule (`_inherit`): its own
entries first, then those of the profile it extends that it does not name
itself. `name`, `extends`, `priority` and `detect` say what a profile is and
are its own. A set is loaded once per process and folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pipeline.profiles.profile import GENERIC, Pairs, Profile, ProfileSet, Selectors, phrase, token_table
from pipeline.profiles.schema import ProfileData, ProfileError, closest, read_profile

PRIORITY_STEP = 10  # a profile's priority when it gives none: the one it extends, plus this
T = TypeVar("T")


def load_profiles(folder: str | Path | None = None) -> ProfileSet:
    """The built-in profiles, plus those of `folder` when given, checked and resolved.

    Loaded once per process and folder, however the folder is spelled:
    `load_profiles()` and `load_profiles(None)` (a run's check, then each
    stage) are one set, not two loads. Raises ProfileError (the file, key
    and reason) on anything wrong, from a typo in a key to an `extends`
    naming no profile.
    """
    return _load(None if folder is None else str(folder))


@cache
def _load(folder: str | None) -> ProfileSet:
    files = _builtin_files()
    digest = ""
    if folder is not None:
        user = _user_files(Path(folder))
        files += user
        digest = hashlib.sha256(b"".join(f"{p}\0{t}\0".encode() for p, t in user)).hexdigest()[:16]
    return ProfileSet(_resolve([(path, read_profile(text, path)) for path, text in files]), digest)


def reload_profiles(folder: str | Path | None = None) -> ProfileSet:
    """load_profiles, reading the files again: a run's start, in a process that may hold older ones."""
    _load.cache_clear()
    return load_profiles(folder)


def _builtin_files() -> list[tuple[str, str]]:
    entries = [e for e in resources.files("pipeline.profiles").iterdir() if e.name.endswith(".toml")]
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
    floor = parent.priority if parent is not None else -PRIORITY_STEP  # generic: 0 unless it says
    priority = data.priority if data.priority is not None else floor + PRIORITY_STEP
    if parent is not None and priority <= floor:
        said = f"{priority} is not above {parent.name}'s {floor}, so {parent.name} would take its pages"
        problems.append(("priority", said))
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
        article_page=_inherit(data.article_page, up.article_page),
        strip=frozenset(_inherit(data.strip, tuple(up.strip))),
        page=_by_kind(_inherit(_pairs(data.page), _flat(up.page), _first)),
        drop=_inherit(_pairs(data.drop), up.drop, _first),
        drop_short=_inherit(_pairs(data.drop_short), up.drop_short, _first),
        tokens=token_table(_inherit(_pairs(data.tokens), _untable(up.tokens), _phrase_of)),
        protect=token_table(
            _inherit([(w, "protect") for w in data.protect], _untable(up.protect), _phrase_of)
        ),
    )


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
    return phrase(pair[0])


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


_ROOT = Profile("", 0, "", (), (), (), (), (), (), (), frozenset(), {}, (), (), {}, {})  # what generic extends
