"""What a profile file may say: a strict model, checked once when profiles are loaded.

A typo (`artcle`), an unknown drop kind, a selector the pipeline cannot
match or a token too long to ever match would otherwise be accepted and
do nothing. Every problem of a file is reported with the file, the key and
the reason (`ProfileError`); checks that need the other profiles (a known
`extends`, a unique name, priorities) are made by the loader.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from typing import Annotated, Any

from cssselect import HTMLTranslator, SelectorError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.profiles.rules import chain

# Kinds of boilerplate a profile's `drop`, `drop_short` and `tokens` may name: each becomes a count
# in a record's `extraction.removed`, and some steer cleaning (see clean.py and locate.py).
DROP_KINDS: dict[str, str] = {
    "ads": "advertising slots",
    "captions": "image and video captions",
    "comments": "reader comments and comment forms",
    "cookie": "cookie and consent notices",
    "feedback": "'was this helpful' ratings and surveys",
    "footer": "page and site footers (an article is never looked for inside one)",
    "forms": "form fields, and forms holding little text",
    "header": "site headers and mastheads",
    "hidden": "elements hidden until a click",
    "infobox": "info boxes and notice boxes beside the text (wikis)",
    "meta": "bylines, dates, tags and author boxes",
    "modal": "pop-ups and overlays",
    "navigation": "menus, breadcrumbs and pagination (an article is never looked for inside one)",
    "newsletter": "newsletter sign-up boxes",
    "print": "text for screen readers or print only",
    "references": "reference lists and citation marks",
    "related": "teasers of related articles",
    "share": "share buttons",
    "sidebar": "sidebars and widget areas",
    "toc": "tables of contents",
}
# Page-level facts a profile's `page` table says where to find (read by meta.py).
PAGE_FACTS: dict[str, str] = {
    "meta": "<meta> tags (description, og:*, article:published_time, ...)",
    "jsonld": "JSON-LD scripts",
    "canonical": "the canonical link (the page's URL)",
    "doc_title": "the document's <title>",
    "schema": "schema.org microdata and RDFa: items and their properties",
    "controls": "page controls that open a panel by its id (tabs, accordions, 'read more' toggles)",
}
MAX_TOKEN_WORDS = 3  # a token is matched against runs of at most this many words of a class name
RESERVED_NAMES = frozenset({"text-dump"})  # what a record's `profile` says of a text dump
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TAG = re.compile(r"[a-z][a-z0-9-]*")
_WORD = re.compile(r"[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*")
_WHOLE_PAGE_TAGS = frozenset({"html", "body"})
_TRANSLATOR = HTMLTranslator()


class ProfileError(ValueError):
    """A profile that cannot be used: the file (or folder), and each (key, reason) wrong in it."""

    def __init__(self, path: str, problems: list[tuple[str, str]], what: str = "profile") -> None:
        self.path = path
        self.problems = problems
        said = "; ".join(f"{key}: {reason}" if key else reason for key, reason in problems)
        super().__init__(f"bad {what} {path}: {said}")


def _selector(text: str) -> str:
    """A CSS selector the pipeline matches: its own one-walk matcher's kind, else one lxml's engine takes."""
    text = text.strip()
    if not text:
        raise ValueError("an empty selector")
    if chain(text) is None:
        try:
            _TRANSLATOR.css_to_xpath(text)
        except SelectorError as exc:
            raise ValueError(f"not a CSS selector the pipeline can match: {text!r} ({exc})") from None
    return text


def _name(text: str) -> str:
    if not _NAME.fullmatch(text):
        raise ValueError(f"{text!r}: a name is lower-case letters and digits, joined by '-'")
    if text in RESERVED_NAMES:
        raise ValueError(f"{text!r} is reserved (records of text dumps say it)")
    return text


def _tag(text: str) -> str:
    if not _TAG.fullmatch(text):
        raise ValueError(f"{text!r} is not a lower-case tag name")
    if text in _WHOLE_PAGE_TAGS:
        raise ValueError(f"stripping <{text}> would remove the whole page")
    return text


def _word(text: str) -> str:
    """A token: words of a class or id name, matched against runs of at most MAX_TOKEN_WORDS words."""
    if not _WORD.fullmatch(text):
        raise ValueError(f"{text!r}: a token is letters, digits, '-' and '_' (words of a class or id name)")
    words = text.replace("-", " ").replace("_", " ").split()
    if not words:
        raise ValueError(f"{text!r} holds no word")
    if len(words) > MAX_TOKEN_WORDS:
        raise ValueError(f"{text!r} has {len(words)} words; a token matches at most {MAX_TOKEN_WORDS}")
    return text


def _known(table: dict[str, str], what: str) -> Any:
    def check(key: str) -> str:
        if key not in table:
            raise ValueError(f"unknown {what} {key!r} ({closest(key, table)}known: {', '.join(table)})")
        return key

    return check


def closest(key: str, options: Any) -> str:
    """'did you mean X? ' for the option nearest `key`, when one is near."""
    close = difflib.get_close_matches(key, list(options), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


Selector = Annotated[str, AfterValidator(_selector)]
Name = Annotated[str, AfterValidator(_name)]
Tag = Annotated[str, AfterValidator(_tag)]
Word = Annotated[str, AfterValidator(_word)]
DropKind = Annotated[str, AfterValidator(_known(DROP_KINDS, "drop kind"))]
PageFact = Annotated[str, AfterValidator(_known(PAGE_FACTS, "page fact"))]


class ProfileData(BaseModel):
    """One profile file as written (before inheritance). See docs/profiles.md."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: Name = Field(description="The profile's name, as records' `extraction.profile` give it.")
    extends: Name | None = Field(
        default=None, description="The profile this one adds to (default: generic); see inheritance."
    )
    priority: int | None = Field(
        default=None,
        ge=0,
        description="Which profile wins when several detect a page, highest first; above its parent's "
        "(default: its parent's plus 10).",
    )
    detect: list[Selector] = Field(
        default=[], description="Any of these on a page: the page is this family's."
    )
    article: list[Selector] = Field(default=[], description="Where the article is, best first.")
    title: list[Selector] = Field(default=[], description="Where the article's heading is, best first.")
    no_article: list[Selector] = Field(
        default=[], description="Marks of a page with no article (search, 404)."
    )
    listing: list[Selector] = Field(
        default=[], description="Marks of a listing, refusing a page only when it is mostly linked teasers."
    )
    article_page: list[Selector] = Field(
        default=[],
        description="Marks of a page that is one article (a CMS's single-post view): it says so as og:type does.",
    )
    strip: list[Tag] = Field(default=[], description="Tags removed with everything inside, uncounted.")
    protect: list[Word] = Field(
        default=[], description="Words of class/id names marking content: never boilerplate by `tokens`."
    )
    page: dict[PageFact, list[Selector]] = Field(default={}, description="Where page-level facts are.")
    drop: dict[DropKind, list[Selector]] = Field(
        default={}, description="Boilerplate removed from the whole page before the article is located."
    )
    drop_short: dict[DropKind, list[Selector]] = Field(
        default={}, description="The same, only when the element holds under 300 characters of text."
    )
    tokens: dict[DropKind, list[Word]] = Field(
        default={}, description="Words of class/id names marking boilerplate, inside and around the article."
    )

    @model_validator(mode="after")
    def _each_entry_once(self) -> ProfileData:
        """A value listed twice (or under two kinds of one table) is a mistake: one of them does nothing."""
        problems = []
        for key in ("detect", "article", "title", "no_article", "listing", "article_page", "strip", "protect"):
            problems += _twice(key, [(None, v) for v in getattr(self, key)])
        for key in ("page", "drop", "drop_short", "tokens"):
            table = getattr(self, key)
            problems += _twice(key, [(kind, v) for kind, values in table.items() for v in values])
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _twice(key: str, entries: list[tuple[str | None, str]]) -> list[str]:
    seen: dict[str, str | None] = {}
    problems = []
    for kind, value in entries:
        if value in seen:
            where = f"{key}.{kind}" if kind else key
            also = f"under {seen[value]!r} and {kind!r}" if kind and kind != seen[value] else "twice"
            problems.append(f"{where}: {value!r} is listed {also}")
        else:
            seen[value] = kind
    return problems


def read_profile(text: str, path: str) -> ProfileData:
    """Parse and check one profile file's text; ProfileError names `path`, each key and its reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, [("", f"not valid TOML: {exc}")]) from None
    try:
        return ProfileData.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(path, [p for error in exc.errors() for p in _problems(error)]) from None


def _problems(error: Any) -> list[tuple[str, str]]:
    """(key, reason) pairs of one pydantic error, in a profile author's words."""
    loc = [part for part in error["loc"] if part != "[key]"]
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    if error["type"] == "extra_forbidden":
        hint = closest(str(loc[-1]), ProfileData.model_fields)
        return [(key, f"unknown key ({hint}a profile has: {', '.join(ProfileData.model_fields)})")]
    if error["type"] == "missing":
        return [(key, "required")]
    if error["type"] != "value_error":
        return [(key, f"{error['msg']} (got {error['input']!r})")]
    message = str(error["ctx"]["error"])
    if loc:
        return [(key, message)]
    # the model's own check: one "key: reason" line per problem
    return [tuple(line.split(": ", 1)) for line in message.splitlines()]  # type: ignore[misc]
