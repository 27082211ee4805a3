"""The form of an id in the pack format (a pack, tree, node, source …), on its own so that code on
the way to the first paint (the signed releases' check) can test a pack id without loading the
schema readers."""

from __future__ import annotations

import re

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
