"""Trust follows the signature: what start-up reads when author keys are pinned on the machine.

With no key pinned (no machine-wide file, or `[packs] trusted_keys` empty) nothing changes: the
program's packs and every folder named with --packs or BRIGHTLINE_PACKS are read, and the window
says, quietly, that the packs are unsigned. With keys pinned:

- the program's own packs are read (they are as trusted as the program, which IT installed and
  which the platform's code signing covers);
- for each pack with a release in force in the machine's release folder, that release stands in
  for the program's pack of the same id, each of its files checked against the signed manifest
  as it is read; the start-up cache is keyed on those checked bytes;
- any other folder of packs (--packs, BRIGHTLINE_PACKS) is refused, with a message saying why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from brightline.core.machine_config import MachineConfig
    from brightline.core.packtrust import PackTrust
    from brightline.core.paths import Paths
    from brightline.core.releases.machine import MachineReleases


def trust_for_machine(paths: Paths, today: date | None = None) -> Paths:
    """`paths` under the machine-wide configuration's pinned keys (`decide_trust`); raises
    MachineConfigError, naming the file and the key, when the configuration cannot be used: a
    damaged file must never quietly turn the signature check off."""
    if not _machine_config_may_exist():
        return paths
    from brightline.core.machine_config import load_machine_config

    return decide_trust(paths, load_machine_config(), today)


def start_up_trust(paths: Paths) -> tuple[Paths, str]:
    """What start-up calls (`brightline.cli.main`): `trust_for_machine`, with why the machine-wide
    configuration cannot be used as text instead of an exception ("" when it can), so that a
    start with no such file never imports its reader."""
    try:
        return trust_for_machine(paths), ""
    except Exception as exc:
        from brightline.core.machine_config import MachineConfigError

        if isinstance(exc, MachineConfigError):
            return paths, str(exc)
        raise


def _machine_config_may_exist() -> bool:
    """Whether there may be a machine-wide configuration to read, asked without importing its
    reader: most machines have none, and making that module's classes cost every start about
    5 % of a bare window (tests/benchmarks/README.md, "Signed releases"). The same place as
    `machine_config.config_file` (a test holds the two together); when in doubt, True."""
    if os.environ.get("BRIGHTLINE_DEPARTMENT"):
        return True
    from brightline.core.folders import site_config_dir

    try:
        return os.path.lexists(os.path.join(site_config_dir(), "brightline.toml"))
    except (OSError, ValueError, RuntimeError):
        return True


def decide_trust(paths: Paths, config: MachineConfig, today: date | None = None) -> Paths:
    """`paths` as start-up must read them under `config`'s pinned keys (see the module's notes);
    `paths` unchanged when no key is pinned."""
    if not config.packs.pinned:
        return paths
    from datetime import date

    from brightline import __version__
    from brightline.core.releases.machine import read_machine

    pinned = set(config.packs.public_keys())
    machine = read_machine(config.packs.installed_folder(), pinned, __version__)
    return paths.trusting(trust_from(machine, paths, today or date.today(), pinned))


def machine_of(trust: PackTrust) -> MachineReleases:
    """The machine's releases as start-up verified them (read again, against the same keys)."""
    from brightline import __version__
    from brightline.core.releases.machine import read_machine

    return read_machine(trust.installed, set(trust.pinned), __version__)


def trust_from(machine: MachineReleases, paths: Paths, today: date, pinned: set[bytes]) -> PackTrust:
    """What `machine`'s verified releases (checked against `pinned`) mean for reading packs on `today`."""
    from brightline.core.packtrust import PackTrust

    releases: dict[Path, dict[str, str]] = {}
    standings = {}
    for pack in machine.releases:
        standings[pack] = machine.standing(pack, today)
        current = machine.in_force(pack, today)
        if current is not None:
            releases[current.pack_folder] = current.manifest.digests()
    return PackTrust(
        installed=machine.folder,
        pinned=tuple(sorted(pinned)),
        releases=releases,
        refused=paths.extra_packs,
        standings=standings,
        problems=tuple(machine.problems),
    )


def machine_name(config: MachineConfig | None = None) -> str:
    """This machine's name: the department's name for it, else the host name."""
    if config is None:
        from brightline.core.machine_config import MachineConfigError, load_machine_config

        try:
            config = load_machine_config()
        except MachineConfigError:
            config = None
    if config is not None and config.department is not None:
        return config.department.machine
    import socket

    return socket.gethostname()
