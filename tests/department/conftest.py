"""The department tests run against a real PostgreSQL that the session starts (tests/pgserver.py)
in a temporary folder and stops at its end; each test gets a database of its own."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from deptlib import Cluster, Department
from pgserver import PostgresServer, find_binaries, missing_message


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if find_binaries() is None:
        if os.environ.get("CI"):
            pytest.fail(missing_message())
        pytest.skip(missing_message())
    folder = Path(tempfile.mkdtemp(prefix="brightline-pg-"))
    server = PostgresServer(folder).start()
    try:
        yield Cluster(server)
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def department(cluster: Cluster, tmp_path: Path) -> Department:
    """A fresh department database, initialised; its machines' folders under tmp_path."""
    return cluster.department(tmp_path)
