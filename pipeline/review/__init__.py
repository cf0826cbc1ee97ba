"""A review of a batch: a static site that shows, page by page, what the pipeline kept and dropped.

`python -m pipeline review OUT_DIR` (see build.py). Needs the `review`
extra (Jinja2 and nh3), which the core install does not have: this module
imports neither, so the command line can name the choices without them.
"""

from __future__ import annotations

# --only: which pages get a view and a row in the overview (the counts and charts cover every page).
ONLY = {
    "all": "every page",
    "trouble": "pages with a sign of trouble",
    "errors": "pages that gave no record",
}
