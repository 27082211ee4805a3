"""The machine-wide configuration: absent means a machine on its own; anything wrong is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brightline.core.machine_config import MachineConfigError, load_machine_config

FULL = """\
[department]
name = "Pasadena Police Department"
machine = "booking-01"
unit = "Jail, booking"

[server]
host = "db.pd.example"
database = "brightline"
user = "machine_booking_01"
port = 5433
passfile = "/etc/brightline/pgpass"

[packs]
trusted_keys = ["ed25519:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", " ed25519:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8= "]
releases = "/srv/share/brightline"
installed = "/srv/brightline/installed"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brightline.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_at_the_default_place_means_a_machine_on_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BRIGHTLINE_DEPARTMENT", raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "nothing-here"))
    config = load_machine_config()
    assert config.source is None and not config.in_department and config.packs.trusted_keys == ()


def test_a_named_file_that_is_missing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MachineConfigError, match="there is no such file"):
        load_machine_config(tmp_path / "missing.toml")


def test_a_full_file_is_read(tmp_path: Path) -> None:
    config = load_machine_config(write(tmp_path, FULL))
    assert config.in_department
    assert config.department is not None and config.department.machine == "booking-01"
    assert config.server is not None and (config.server.port, config.server.sslmode) == (5433, "verify-full")
    assert config.packs.public_keys() == (bytes(range(32)), bytes(range(32, 64)))
    assert config.packs.installed_folder() == Path("/srv/brightline/installed")


def test_the_environment_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIGHTLINE_DEPARTMENT", str(write(tmp_path, FULL)))
    assert load_machine_config().department is not None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[packs]\ntrusted_key = ['x']\n", "unknown key 'trusted_key'"),
        ("[pack]\n", "unknown section 'pack'"),
        ("[server]\nhost = 'h'\ndatabase = 'd'\nuser = 'u'\n", "needs a [department] section"),
        ("[department]\nname = ''\n", "department.name: is required"),
        ("[department]\nname = 'x'\n[server]\nhost = 'h'\ndatabase = 'd'\nuser = 'u'\nport = 'five'\n", "server.port"),
        ("[packs]\ntrusted_keys = 'ed25519:abc'\n", "must be a list"),
        (
            "[packs]\ntrusted_keys = ['ed25519:abc']\n",
            "packs.trusted_keys: key 1: 'ed25519:abc' is not an Ed25519 public key",
        ),
        ("[packs]\ntrusted_keys = ['ssh-ed25519 AAAA']\n", "key 1: a key must start with 'ed25519:'"),
        ("[packs]\ninstall = '/x'\n", "unknown key 'install'"),
        ("[department\n", "is not valid TOML"),
    ],
)
def test_mistakes_are_named_with_the_file_and_key(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(MachineConfigError, match=re.escape(says)) as raised:
        load_machine_config(path)
    assert str(path) in str(raised.value)


def test_bytes_that_are_not_utf8_are_named(tmp_path: Path) -> None:
    path = tmp_path / "brightline.toml"
    path.write_bytes(b"[department]\nname = '\xff'\n")
    with pytest.raises(MachineConfigError, match="not UTF-8"):
        load_machine_config(path)
