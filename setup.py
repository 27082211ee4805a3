"""The one build step pyproject.toml cannot say: the wheel carries the shipped packs and resources.

decision_trees/ and resources/ stay top-level in the repository (authors and translators work
there), and go into the wheel as `brightline/shipped/decision_trees/` and
`brightline/shipped/resources/`, where `brightline.core.paths` finds them beside the package. An
editable install leaves them out: it reads them from the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("decision_trees", "resources")
PACKAGE_FOLDER = Path("brightline") / "shipped"


def _left_out(folder: str, names: list[str]) -> set[str]:
    """Caches, hidden files (a checkout's `.start-index`, written for that checkout) and bytecode."""
    return {n for n in names if n.startswith(".") or n == "__pycache__" or n.endswith(".pyc")}


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / PACKAGE_FOLDER
        for name in SHIPPED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=_left_out)


setup(cmdclass={"build_py": BuildWithShippedFiles})
