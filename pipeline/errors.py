"""The one exception a page can end in, with a stable reason code.

Batch code turns it into an error entry of the run report; library users
catch it to tell "this page has no article" from a bug.
"""

from __future__ import annotations

import errno


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


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_BLOCKED = frozenset({errno.EISDIR, errno.ENOTDIR, errno.EEXIST})
_NO_FILES = frozenset({errno.EMFILE, errno.ENFILE})


def write_reason(exc: OSError) -> str:
    """The reason code of a record that could not be written, so a full disk reads as one.

    `disk_full` (no space or quota left), `output_blocked` (a folder stands
    where the record goes, or a file where one of its folders goes),
    `out_of_files` (the open-file limit), else `write_failed`.
    """
    if exc.errno in _FULL:
        return "disk_full"
    if exc.errno in _BLOCKED:
        return "output_blocked"
    if exc.errno in _NO_FILES:
        return "out_of_files"
    return "write_failed"


def is_out_of_files(exc: OSError) -> bool:
    """Whether an OSError is the process (or system) running out of file descriptors."""
    return exc.errno in _NO_FILES
