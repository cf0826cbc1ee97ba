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
