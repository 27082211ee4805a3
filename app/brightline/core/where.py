"""`Where`: the file, line and node a pack object or a problem comes from.

Its own module, because the model needs it at every start, while the YAML readers (`yamlio`), and
what they import, are needed only when pack files are read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """Where a problem or an object comes from: file (relative for display), line, node."""

    file: str
    line: int = 0
    node: str = ""
