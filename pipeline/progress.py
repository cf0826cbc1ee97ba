"""A one-line progress bar on stderr: how many of about how many, the rate, and the time left.

Drawn only on a terminal (or when asked with --progress), at most ten times
a second, so it costs nothing measurable however fast pages go by.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TextIO

from pipeline.results import PageResult

_WIDTH = 24  # characters of the bar itself


class Progress:
    """Counts results as they arrive and redraws one line; `total` is an estimate (a WARC counts once)."""

    def __init__(
        self, stream: TextIO, total: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream
        self._total = total
        self._clock = clock
        self._counts: Counter[str] = Counter()
        self._start = clock()
        self._drawn = float("-inf")

    def update(self, result: PageResult) -> None:
        self._counts[result.status] += 1
        now = self._clock()
        if now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def close(self) -> None:
        self._draw(self._clock())
        self._stream.write("\n")
        self._stream.flush()

    def line(self, now: float) -> str:
        """The text of the line at time `now`."""
        done = sum(self._counts.values())
        elapsed = now - self._start
        rate = done / elapsed if elapsed > 0 else 0.0
        counts = f"{self._counts['ok']} ok, {self._counts['error']} error, {self._counts['skipped']} skipped"
        if not self._total:
            return f"{done} done: {counts} ({rate:.1f}/s)"
        total = max(self._total, done)
        filled = round(_WIDTH * done / total)
        left = _clock_time((total - done) / rate) if rate > 0 else "?"
        bar = "#" * filled + "." * (_WIDTH - filled)
        return f"[{bar}] {done}/{total} {rate:.1f}/s, {left} left: {counts}"

    def _draw(self, now: float) -> None:
        self._stream.write("\r" + self.line(now) + "\033[K")  # clear what a longer line left
        self._stream.flush()


def _clock_time(seconds: float) -> str:
    """H:MM:SS, or M:SS under an hour: what people read at a glance."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
