"""What process() tells of its work on one page, for `python -m pipeline explain` and a batch's review.

process() takes one optional trace and tells it, in its own order, what it
saw and what each stage settled on: the decoded page, each freshly parsed
tree, the profile and the selector that detected it, the profile's article
match, every element a stage dropped (each stage's own removal counter,
`Removed.took`, tells `dropped`, with the rule that dropped it), the
located element, any second or bare look, the article the blocks are read from, and the block
stream. There is no copy of the stage order here or in a trace, so no view
can drift from what the pipeline does. Without a trace, process() tells a
no-op one (NO_TRACE): a few calls a page that do nothing.

NoTrace is the protocol. Trace (here) collects the lines explain prints;
`pipeline.review.marks.PageMarks` marks the original page for a review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml.cssselect import CSSSelector

from pipeline.clean import CLASS_WORDS
from pipeline.elements import text_length
from pipeline.models import RawBlock
from pipeline.profiles import PageScan, Profile
from pipeline.read import Decoded

EXAMPLES = 3  # elements shown per rule; the rest are counted


class NoTrace:
    """The trace process() tells when it is given none: every report is ignored."""

    def dropped(self, kind: str, el: etree._Element, rule: str | None, counted: bool) -> None:
        """A stage dropped `el` as `kind` by `rule` (None: a profile's selector), still in the tree.

        `counted` is False for what leaves with an element already counted.
        Process() gives this method to every cleaning stage as its `on_drop`.
        """

    def decoded(self, decoded: Decoded) -> None:
        """The page as text, and whether it is HTML or a text dump."""

    def parsed(self, root: etree._Element) -> None:
        """A freshly parsed tree, before any stage changed it (again when the bare look parses anew)."""

    def detected(self, scan: PageScan, profile: Profile) -> None:
        """The profile the page's markers chose."""

    def step(self, title: str, quiet: bool = False) -> None:
        """A cleaning stage began: the drops that follow are its own (`quiet`: not shown when none)."""

    def chose(self, title: str, el: etree._Element | None, by: str = "") -> None:
        """A stage settled on `el` (None: on nothing), by the profile named `by`."""

    def article(self, el: etree._Element, by: str) -> None:
        """The article, cleaned, that the blocks are read from, found by the profile named `by`."""

    def front_end(self, blocks: list[RawBlock]) -> None:
        """The block stream the front end (HTML or text dump) hands to `structure`."""


NO_TRACE = NoTrace()


@dataclass
class Step:
    title: str
    cleans: bool  # a cleaning stage: says how much it dropped
    quiet: bool = False  # a cleaning stage not worth a line when it dropped nothing
    dropped: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (kind, rule) -> elements


class Trace(NoTrace):
    """Collects what process() reports of one page, for `lines()`."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.steps: list[Step] = []
        self._profile: Profile | None = None
        self._matches: dict[tuple[etree._Element, str], frozenset[etree._Element]] = {}

    def decoded(self, decoded: Decoded) -> None:
        if decoded.format != "html":
            self.notes.append("a text dump: read line by line (dump.py), no selectors")

    def detected(self, scan: PageScan, profile: Profile) -> None:
        self._profile = profile
        how = next(
            (f"detected by {sel}" for sel in profile.detect if scan.elements(sel)), "no family's marks"
        )
        extends = f"; extends {', '.join(profile.lineage[1:])}" if len(profile.lineage) > 1 else ""
        self.notes.append(f"profile: {profile.name} ({how}; {profile.source}{extends})")
        self.notes.append(f"page text before cleaning, scripts included: {text_length(scan.root)} characters")

    def step(self, title: str, quiet: bool = False) -> None:
        self.steps.append(Step(title, cleans=True, quiet=quiet))

    def chose(self, title: str, el: etree._Element | None, by: str = "") -> None:
        by = f" by {by}" if by else ""
        self.steps.append(Step(f"{title}{by}: {describe(el) if el is not None else 'none'}", cleans=False))

    def article(self, el: etree._Element, by: str) -> None:
        self.chose("article", el, by)

    def dropped(self, kind: str, el: etree._Element, rule: str | None, counted: bool) -> None:
        """What process() dropped, placed while it is still in the tree (what went with it is in its rule)."""
        if not counted:
            return
        if not self.steps:
            self.step("cleaning")
        if rule is None:
            rule = self._selector(kind, el)
        elif rule == CLASS_WORDS:
            names = f"{el.get('class', '')} {el.get('id', '')}".strip()
            rule = f'{CLASS_WORDS} "{names}"'
        self.steps[-1].dropped.setdefault((kind, rule), []).append(describe(el))

    def _selector(self, kind: str, el: etree._Element) -> str:
        """The profile's selector of `kind` that matches `el` (drop, else drop_short)."""
        if self._profile is not None:
            root = el.getroottree().getroot()
            for table, pairs in (("drop", self._profile.drop), ("drop_short", self._profile.drop_short)):
                for sel, of in pairs:
                    if of == kind and el in self._matching(root, sel):
                        return sel if table == "drop" else f"{sel} (drop_short)"
        return "a selector"

    def _matching(self, root: etree._Element, sel: str) -> frozenset[etree._Element]:
        """What `sel` matches in the tree of `root` (the page, or the bare look's fresh copy)."""
        key = (root, sel)
        if key not in self._matches:
            self._matches[key] = frozenset(CSSSelector(sel, translator="html")(root))
        return self._matches[key]

    def lines(self) -> list[str]:
        out = list(self.notes)
        for step in self.steps:
            count = sum(len(els) for els in step.dropped.values())
            if step.quiet and not count:
                continue
            said = f"{count} element{'' if count == 1 else 's'} dropped" if count else "nothing dropped"
            out.append(f"{step.title}: {said}" if step.cleans else step.title)
            for (kind, rule), els in step.dropped.items():
                more = f"; and {len(els) - EXAMPLES} more" if len(els) > EXAMPLES else ""
                out.append(f"  {kind:<11} {rule}  x{len(els)}: {'; '.join(els[:EXAMPLES])}{more}")
        return out


def describe(el: etree._Element) -> str:
    """Tag, id and first classes of an element and of its nearest ancestors, with its text length."""
    path = []
    for node in [el, *el.iterancestors()][:3]:
        name = node.tag if isinstance(node.tag, str) else "?"
        if ident := node.get("id"):
            name += "#" + ident
        if classes := node.get("class"):
            name += "." + ".".join(classes.split()[:2])
        path.append(name)
    return " < ".join(path) + f" ({text_length(el)} chars)"
