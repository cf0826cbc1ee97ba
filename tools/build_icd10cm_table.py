"""Write pipeline/data/icd10cm.tsv.gz: every ICD-10-CM code (categories and below) with its title.

The pipeline checks US codes against this file rather than importing
simple-icd-10-cm at run time: that package parses its whole XML release on
import (1.4 s and about 180 MB in every worker that meets one US code), while
the table below loads in 0.03 s (its rows, sorted, looked up by bisection). Rerun this
after upgrading the package (pip install simple-icd-10-cm), and commit the result:

    python tools/build_icd10cm_table.py
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "icd10cm.tsv.gz"


def rows() -> list[str]:
    """'CODE<TAB>title' for every code that is neither a chapter nor a block, in the table's order."""
    with warnings.catch_warnings():  # the package reads its data with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    out = []
    for code in cm.get_all_codes(True):
        if not cm.is_chapter_or_block(code):
            title = " ".join(cm.get_description(code).split())
            out.append(f"{code}\t{title}")
    return out


def main() -> None:
    lines = rows()
    # mtime=0: the same table gives the same bytes, so a rebuild shows no diff
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        stream.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {len(lines)} codes to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
