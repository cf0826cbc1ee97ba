"""`python -m pipeline ...`: the same as the `health-pipeline` command."""

import sys

from pipeline.cli import command

# Guarded: worker processes (forkserver, dask) import this module again as __mp_main__.
if __name__ == "__main__":
    sys.exit(command())
