"""The one exception a page can end in, with a stable reason code.

Batch code turns it into an error entry of the run report; library users
catch it to tell "this page has no article" from a bug.
"""

from __future__ import annotations


class PageError(Exception):
    """A page that cannot give a record, and why.

    `reason` is a short stable code (``empty``, ``binary``, ``too_large``,
    ``no_article``, ...) that reports and tests match on; the message says
    the rest in words.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class NoArticleText(PageError):
    """No block of article text was found where cleaning left the page (reason ``no_article``).

    Unlike a listing or an error page, such a page may still hold an article
    that cleaning took for furniture: process() looks again with less cleaning.
    """

    def __init__(self, message: str) -> None:
        super().__init__("no_article", message)
