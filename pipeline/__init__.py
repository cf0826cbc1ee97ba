"""Health-page pipeline: saved pages in, validated article records out.

Library API::

    from pipeline import process, PageError
    record = process(data, "calcinosis-cutis.html")   # -> Record
    record.model_dump(mode="json")
"""

from pipeline.errors import PageError
from pipeline.models import Record
from pipeline.process import Limits, process

__version__ = "0.1.0"
__all__ = ["Limits", "PageError", "Record", "__version__", "process"]
