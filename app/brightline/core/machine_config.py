"""The machine-wide configuration that a department's IT writes once per machine.

One TOML file, `brightline.toml`, in the platform's folder for configuration shared by every
account (`site_config_dir`: on Linux the first folder of $XDG_CONFIG_DIRS, usually
/etc/xdg/brightline; on Windows C:\\ProgramData\\Brightline; on macOS /Library/Application
Support/Brightline), or the file named by `--department FILE` or BRIGHTLINE_DEPARTMENT. No file:
a machine on its own, everything exactly as without a department.

    [department]
    name = "Pasadena Police Department"   # shown in reports
    machine = "booking-01"                # this machine's name; default: the host name
    unit = "Jail, booking"                # optional: for filters and reports

    [server]                              # the department's PostgreSQL (brightline.core.department)
    host = "db.pd.example"
    port = 5432
    database = "brightline"
    user = "machine_booking_01"
    sslmode = "verify-full"               # libpq's sslmode
    sslrootcert = "/etc/brightline/ca.pem"
    passfile = "/etc/brightline/pgpass"   # readable only by the accounts that use Brightline

    [packs]                               # signed pack releases (brightline.core.releases)
    trusted_keys = ["ed25519:Lk2D…="]     # the department's policy authors' keys, pinned
    releases = "/srv/share/brightline"    # a folder IT points at (a share, a USB stick)
    installed = "/var/lib/brightline/packs"  # where releases are installed (this default)

A pinned key is `ed25519:` followed by the author's 32-byte Ed25519 public key in standard
base64, as `brightline pack keygen` prints it (`brightline.core.signing.public_key_text`); a key
that is not one is an error here, never skipped. With at least one key pinned, only verified
releases and the program's own packs are read (`brightline.core.releases.trust`). `installed`
defaults to a machine-wide folder beside no program: /var/lib/brightline/packs on Linux,
%ProgramData%\\Brightline\\packs on Windows, /Library/Application Support/Brightline/packs on macOS.

Unknown sections and keys are errors, not ignored: a misspelt `trusted_keys` must never quietly
turn off the signature check. Every error names the file and the key, in words IT can act on.
The file holds no secret: the password lives in the passfile (libpq's pgpass format, read by
`brightline.core.department.connection`, refused when every account may read it), or libpq finds
it (PGPASSWORD, ~/.pgpass), or a client certificate stands for it (sslcert, sslkey).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "brightline.toml"
ENV_VARIABLE = "BRIGHTLINE_DEPARTMENT"


class MachineConfigError(Exception):
    """The configuration file exists but cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class DepartmentSettings:
    name: str
    machine: str
    unit: str = ""


@dataclass(frozen=True)
class ServerSettings:
    """Where the department's PostgreSQL server is; values as libpq names them."""

    host: str
    database: str
    user: str
    port: int = 5432
    sslmode: str = "verify-full"
    sslrootcert: str = ""
    sslcert: str = ""
    sslkey: str = ""
    passfile: str = ""
    connect_timeout: int = 10


@dataclass(frozen=True)
class PackSettings:
    """The [packs] section: pinned author keys (as text, each checked to be a key), the folder IT
    points at for releases ("" if none) and the machine's folder of installed releases."""

    trusted_keys: tuple[str, ...] = ()
    releases: str = ""
    installed: str = ""

    @property
    def pinned(self) -> bool:
        """Whether any author key is pinned: then only signed releases are trusted."""
        return bool(self.trusted_keys)

    def public_keys(self) -> tuple[bytes, ...]:
        """The pinned keys' 32 bytes each (checked when the file was read)."""
        from brightline.core.signing import parse_public_key

        return tuple(parse_public_key(text) for text in self.trusted_keys)

    def installed_folder(self) -> Path:
        """Where releases are installed on this machine: `installed`, else the platform's default."""
        return Path(self.installed).expanduser() if self.installed else default_installed_folder()


def default_installed_folder() -> Path:
    """The machine-wide folder of installed releases by the platform's rules (never inside the
    program's folder, which an update replaces whole)."""
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA") or "C:\\ProgramData") / "Brightline" / "packs"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Brightline/packs")
    return Path("/var/lib/brightline/packs")


@dataclass(frozen=True)
class MachineConfig:
    """What the machine-wide file says; `source` is the file it came from (None: no file)."""

    source: Path | None = None
    department: DepartmentSettings | None = None
    server: ServerSettings | None = None
    packs: PackSettings = field(default_factory=PackSettings)

    @property
    def in_department(self) -> bool:
        return self.department is not None and self.server is not None


def default_config_file() -> Path:
    """The machine-wide file's place by the platform's rules."""
    from brightline.core.folders import site_config_dir

    return Path(site_config_dir()) / CONFIG_NAME


def config_file(named: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The file to read and whether someone named it (`--department FILE`, BRIGHTLINE_DEPARTMENT):
    a file someone named must exist; the default one may be absent."""
    if named:
        return Path(named).expanduser(), True
    if os.environ.get(ENV_VARIABLE):
        return Path(os.environ[ENV_VARIABLE]).expanduser(), True
    return default_config_file(), False


def load_machine_config(named: str | os.PathLike[str] | None = None) -> MachineConfig:
    """Read the machine-wide configuration; MachineConfig() when there is none to read."""
    path, was_named = config_file(named)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if was_named:
            raise MachineConfigError(f"{path}: there is no such file") from None
        return MachineConfig()
    except OSError as exc:
        raise MachineConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    import tomllib  # here, not at the top: most machines have no file, and every start reads this

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MachineConfigError(f"{path}: is not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MachineConfigError(f"{path}: is not valid TOML: {exc}") from exc
    return parse_machine_config(data, path)


def parse_machine_config(data: dict[str, Any], path: Path) -> MachineConfig:
    """The configuration from parsed TOML; MachineConfigError for anything unknown or mistyped."""
    reader = _Reader(path)
    reader.only(data, "", {"department", "server", "packs"})
    department = server = None
    if "department" in data:
        section = reader.table(data, "department")
        reader.only(section, "department", {"name", "machine", "unit"})
        department = DepartmentSettings(
            name=reader.text(section, "department", "name", required=True),
            machine=reader.text(section, "department", "machine") or _host_name(),
            unit=reader.text(section, "department", "unit"),
        )
    if "server" in data:
        section = reader.table(data, "server")
        names = {f for f in ServerSettings.__dataclass_fields__}
        reader.only(section, "server", names)
        server = ServerSettings(
            host=reader.text(section, "server", "host", required=True),
            database=reader.text(section, "server", "database", required=True),
            user=reader.text(section, "server", "user", required=True),
            port=reader.number(section, "server", "port", 5432),
            sslmode=reader.text(section, "server", "sslmode") or "verify-full",
            sslrootcert=reader.text(section, "server", "sslrootcert"),
            sslcert=reader.text(section, "server", "sslcert"),
            sslkey=reader.text(section, "server", "sslkey"),
            passfile=reader.text(section, "server", "passfile"),
            connect_timeout=reader.number(section, "server", "connect_timeout", 10),
        )
        if department is None:
            raise MachineConfigError(f"{path}: [server] needs a [department] section naming the department")
    packs = PackSettings()
    if "packs" in data:
        section = reader.table(data, "packs")
        reader.only(section, "packs", {"trusted_keys", "releases", "installed"})
        packs = PackSettings(
            trusted_keys=reader.keys(section, "packs", "trusted_keys"),
            releases=reader.text(section, "packs", "releases"),
            installed=reader.text(section, "packs", "installed"),
        )
    return MachineConfig(source=path, department=department, server=server, packs=packs)


def _host_name() -> str:
    import socket  # here: every start imports this module, and few machines need the host name

    return socket.gethostname()


class _Reader:
    """Typed access to the parsed file, with messages naming the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> MachineConfigError:
        return MachineConfigError(f"{self.path}: {where}: {message}")

    def only(self, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            place = f"[{where}]" if where else "the file"
            raise self.fail(
                place, f"unknown {'key' if where else 'section'} '{unknown[0]}'; allowed: {', '.join(sorted(allowed))}"
            )

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data[name]
        if not isinstance(value, dict):
            raise self.fail(name, "must be a section ([" + name + "])")
        return value

    def text(self, table: dict[str, Any], section: str, key: str, required: bool = False) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{section}.{key}", f"must be text in quotes, not {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(f"{section}.{key}", "is required")
        return value.strip()

    def number(self, table: dict[str, Any], section: str, key: str, default: int) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self.fail(f"{section}.{key}", "must be a positive whole number")
        return value

    def texts(self, table: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f"{section}.{key}", "must be a list of texts in quotes")
        return tuple(item.strip() for item in value if item.strip())

    def keys(self, table: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
        """A list of public keys as text, each checked (`signing.parse_public_key`)."""
        from brightline.core.signing import parse_public_key

        texts = self.texts(table, section, key)
        for number, text in enumerate(texts, start=1):
            try:
                parse_public_key(text)
            except ValueError as exc:
                raise self.fail(f"{section}.{key}", f"key {number}: {exc}") from None
        return texts
