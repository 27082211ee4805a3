"""This account's signing key: made once, private, stable; signatures check and forgeries fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brightline.core.paths import resolve_paths
from brightline.core.signing import (
    KEY_FILE_NAME,
    SigningKeyError,
    key_folder,
    key_id,
    load_or_create_key,
    verify_signature,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_key_is_made_on_first_use_and_the_same_afterwards(key_dir: Path) -> None:
    assert key_folder() == key_dir == resolve_paths().keys
    first = load_or_create_key()
    again = load_or_create_key(key_dir)
    assert first.public_key == again.public_key and len(first.public_key) == 32
    assert first.key_id == again.key_id == key_id(first.public_key)
    assert len(first.key_id) == 16 and int(first.key_id, 16) >= 0


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_private_key_is_readable_by_its_user_only(key_dir: Path) -> None:
    folder = key_dir / "fresh"
    load_or_create_key(folder)
    assert (folder.stat().st_mode & 0o777) == 0o700
    path = folder / KEY_FILE_NAME
    assert (path.stat().st_mode & 0o777) == 0o600
    path.chmod(0o644)  # e.g. copied with a careless tool
    load_or_create_key(folder)
    assert (path.stat().st_mode & 0o777) == 0o600


def test_signatures_check_and_anything_changed_does_not(key_dir: Path) -> None:
    key = load_or_create_key()
    signature = key.sign(b"42 records")
    assert len(signature) == 64
    assert verify_signature(key.public_key, b"42 records", signature)
    assert not verify_signature(key.public_key, b"41 records", signature)
    assert not verify_signature(key.public_key, b"42 records", signature[:-1] + bytes([signature[-1] ^ 1]))
    other = load_or_create_key(key_dir / "other account")
    assert other.key_id != key.key_id
    assert not verify_signature(other.public_key, b"42 records", signature)
    assert not verify_signature(b"short", b"42 records", signature)  # malformed: False, no exception


@pytest.mark.parametrize("content", ["", "brightline-ed25519-key-1 bm90IGEga2V5", "ssh-ed25519 AAAA", "\x00\xff"])
def test_a_damaged_key_file_is_named_and_never_replaced(key_dir: Path, content: str) -> None:
    path = key_dir / KEY_FILE_NAME
    path.write_text(content, encoding="latin-1")
    with pytest.raises(SigningKeyError) as caught:
        load_or_create_key()
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="latin-1") == content


def test_a_key_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "keys"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(SigningKeyError, match="cannot make a signing key"):
        load_or_create_key(blocker)


def test_processes_starting_at_once_share_one_key(key_dir: Path) -> None:
    folder = key_dir / "race"
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'app')!r}); from pathlib import Path; "
        "from brightline.core.signing import load_or_create_key; "
        f"print(load_or_create_key(Path({str(folder)!r})).key_id)"
    )
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(6)]
    ids = {child.communicate(timeout=60)[0].strip() for child in children}
    assert len(ids) == 1 and ids == {load_or_create_key(folder).key_id}
    assert [p.name for p in folder.iterdir()] == [KEY_FILE_NAME]  # no temporary files left
