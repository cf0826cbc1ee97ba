"""Write pipeline/data/icd10cm.zip: every ICD-10-CM code (categories and below) with its title.

The pipeline checks US codes against this file rather than importing
simple-icd-10-cm at run time: that package parses its whole XML release on
import (1.4 s and about 180 MB in every worker that meets one US code). The
archive holds one member per first letter ("M.tsv"), its rows sorted, so a
process inflates only the letters its pages name (2 ms each) and looks codes
up by bisection; the whole table in one gzip file took 0.045 s to load, 0.03
of it inflating 7.9 MB. Rerun this after upgrading the package (pip install
simple-icd-10-cm), and commit the result:

    python tools/build_icd10cm_table.py
"""

from __future__ import annotations

import itertools
import warnings
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "icd10cm.zip"


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


def write_table(lines: list[str], out: Path) -> None:
    """The rows, sorted, one deflated member per first letter; a fixed date, so the same table gives
    the same bytes and a rebuild shows no diff."""
    with zipfile.ZipFile(out, "w") as archive:
        for letter, group in itertools.groupby(sorted(lines), key=lambda line: line[0]):
            member = zipfile.ZipInfo(f"{letter}.tsv", date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, "\n".join(group) + "\n", compresslevel=9)


def main() -> None:
    lines = rows()
    write_table(lines, OUT)
    print(f"wrote {len(lines)} codes to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
