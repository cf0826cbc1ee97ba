"""What every worker needs besides its task, in one picklable value that travels with each task."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import __version__
from pipeline.models import Limits, Record
from pipeline.process import process

PageFn = Callable[..., Record]


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs besides the task; picklable, so it travels with each task."""

    out_dir: str
    limits: Limits = field(default_factory=Limits)
    force: bool = False
    page_fn: PageFn = process
    only_medical: bool = False  # refuse records whose page_kind is "other" (reason not_medical)
    version: str = __version__
    started: float = 0.0  # wall-clock start of the run (time.time()): records newer than it are its own
    profiles: str | None = None  # the user's profiles folder, handed to the page function
    fingerprint: str | None = None  # of the code that shapes records (fingerprint.py); stamped on each
