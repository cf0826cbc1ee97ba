"""Health-page pipeline: saved pages in, validated article records out.

Library API::

    from pipeline import process, PageError
    record = process(data, "calcinosis-cutis.html")   # -> Record
    record.model_dump(mode="json")
"""

from pipeline.errors import PageError
from pipeline.models import Record
from pipeline.process import Limits, process
from pipeline.thresholds import Thresholds
from pipeline.version import PIPELINE_VERSION

__version__ = PIPELINE_VERSION
__all__ = ["Limits", "PageError", "Record", "Thresholds", "__version__", "process"]
