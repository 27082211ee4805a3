"""A department sync in a process of its own, for the test that kills it at random moments.

Run as `python sync_child.py BATCH` with BRIGHTLINE_DATA_DIR, BRIGHTLINE_KEY_DIR and
BRIGHTLINE_DEPARTMENT set: one whole sync, in batches of BATCH records."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from brightline.core.department.sync import sync
from brightline.core.machine_config import load_machine_config
from brightline.core.signing import load_or_create_key

if __name__ == "__main__":
    sync(load_machine_config(), Path(os.environ["BRIGHTLINE_DATA_DIR"]), load_or_create_key(), batch=int(sys.argv[1]))
