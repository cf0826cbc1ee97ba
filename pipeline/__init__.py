"""Health-page pipeline: saved pages in, validated article records out.

Library API::

    from pipeline import process, PageError
    record = process(data, "calcinosis-cutis.html")   # -> Record
    record.model_dump(mode="json")
"""

from pipeline.compiled import run_from_source_if_stale

run_from_source_if_stale()  # before any stage is imported: compiled code runs only when built from these sources

from pipeline.errors import PageError  # noqa: E402
from pipeline.models import Record  # noqa: E402
from pipeline.process import Limits, process  # noqa: E402
from pipeline.thresholds import Thresholds  # noqa: E402
from pipeline.version import PIPELINE_VERSION  # noqa: E402

__version__ = PIPELINE_VERSION
__all__ = ["Limits", "PageError", "Record", "Thresholds", "__version__", "process"]
