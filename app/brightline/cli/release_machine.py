"""`brightline pack install|rollback|status|events`: what IT does on a machine (`brightline.cli.releases`)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from brightline import __version__
from brightline.cli.releases import FAILED, OK, USAGE, machine_config, machine_releases, refused, say
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.trust import machine_name

if TYPE_CHECKING:
    from brightline.core.machine_config import MachineConfig
    from brightline.core.paths import Paths


def cmd_install(args: argparse.Namespace, paths: Paths) -> int:
    config = machine_config()
    source = args.source or (Path(config.packs.releases) if config.packs.releases else None)
    if source is None:
        say("name a release file or folder (no [packs] releases folder is configured)")
        return USAGE
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix == ".zip" and not p.name.startswith("."))
        if not files:
            say(f"{source}: holds no release files (*.zip)")
            return FAILED
        return max((_install_one(f, config, paths, quiet_if_older=True) for f in _by_sequence(files)), default=OK)
    return _install_one(source, config, paths)


def _by_sequence(files: list[Path]) -> list[Path]:
    """Release files oldest first (those that cannot be read last: their refusal says why)."""
    from brightline.core.releases.container import read_release
    from brightline.core.releases.statements import parse_manifest

    def key(file: Path) -> tuple[int, str, int]:
        try:
            manifest = parse_manifest(read_release(file).manifest_bytes)
        except ReleaseRefused:
            return (1, "", 0)
        return (0, manifest.pack, manifest.sequence)

    return sorted(files, key=key)


def _install_one(file: Path, config: MachineConfig, paths: Paths, quiet_if_older: bool = False) -> int:
    from brightline.core.releases.install import install_release

    pinned = set(config.packs.public_keys())
    folder = config.packs.installed_folder()
    if quiet_if_older and pinned:
        skipped = _older_than_installed(file, config)
        if skipped:
            print(f"{file}: {skipped}; skipped.")
            return OK
    try:
        done = install_release(
            file, folder, pinned, paths.packs, __version__, date.today(), machine_name=machine_name(config)
        )
    except ReleaseRefused as exc:
        if exc.code == "release.no_keys":
            exc.params["config"] = str(config.source or "no machine-wide brightline.toml")
        return refused(str(file), exc)
    info = done.release.info
    if done.already:
        print(f"{file}: {info.pack_id} {info.label} is installed already.")
    else:
        when = "now" if date.fromisoformat(info.effective) <= date.today() else f"on {info.effective}"
        print(
            f"Installed {info.pack_id} {info.label} from {file}, signed by key {info.key_id}, into {done.folder}; "
            f"it comes into force {when} (Brightline uses it from its next start)."
        )
    if done.event_note:
        say(done.event_note)
    return OK


def _older_than_installed(file: Path, config: MachineConfig) -> str:
    """Why a release file in a folder of them need not be installed ("" when it should be tried)."""
    from brightline.core.releases.container import read_release
    from brightline.core.releases.statements import parse_manifest

    try:
        manifest = parse_manifest(read_release(file).manifest_bytes)
    except ReleaseRefused:
        return ""
    machine = machine_releases(config)
    if manifest.sequence < machine.newest(manifest.pack):
        return f"{manifest.pack} release {manifest.sequence} is older than release {machine.newest(manifest.pack)}, installed"
    return ""


def cmd_rollback(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.install import apply_rollback

    config = machine_config()
    try:
        done = apply_rollback(
            args.statement,
            config.packs.installed_folder(),
            set(config.packs.public_keys()),
            __version__,
            machine_name=machine_name(config),
        )
    except ReleaseRefused as exc:
        return refused(str(args.statement), exc)
    rollback = done.rollback
    back = f"release {rollback.to_sequence}" if rollback.to_sequence else "the program's own pack"
    print(
        f"Rolled {rollback.pack} back from release {rollback.from_sequence} to {back} "
        f"(statement signed by key {rollback.signature.key_id}: {rollback.reason}). "
        "Brightline uses it from its next start."
    )
    if done.event_note:
        say(done.event_note)
    return OK


def cmd_status(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.signing import key_id

    config = machine_config()
    if not config.packs.pinned:
        print("No author key is pinned on this machine: packs are unsigned, and every pack folder named is read.")
        print(f"(Machine-wide configuration: {config.source or 'none'}.)")
        return OK
    print(f"Pinned author keys: {', '.join(key_id(k) for k in config.packs.public_keys())} ({config.source})")
    print(f"Installed releases: {config.packs.installed_folder()}")
    trust = paths.trust
    if trust is not None:
        for standing in trust.standings.values():
            print(f"  {standing.explain()}")
        if not trust.standings:
            print("  none: the program's own packs are used")
        for problem in trust.problems:
            print(f"  PROBLEM: {problem}")
        for folder in trust.refused:
            print(f"  REFUSED: {folder}: not a signed release (keys are pinned)")
        left_out = _releases_left_out(paths)
        for line in left_out:
            print(f"  PROBLEM: {line}")
        if left_out:
            return FAILED
    return OK


def _releases_left_out(paths: Paths) -> list[str]:
    """The releases in force whose files do not read as signed (a file edited in the release
    folder): the pack is left out of the guidance; its first problem, for each."""
    from brightline.core.library import load_library

    trust = paths.trust
    assert trust is not None
    library = load_library(paths.packs, list(paths.extra_packs), trust=trust)
    return [
        f"{key}: the release in force is left out of the guidance: {problems[0].format()}"
        for key, problems in library.broken.items()
        if key in trust.standings and problems
    ]


def cmd_events(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.events import describe_event, read_events

    folder = machine_config().packs.installed_folder()
    events = read_events(folder, max(1, args.limit))
    if not events:
        print(f"No events in {folder}.")
    for entry in events:
        print(describe_event(entry))
    return OK
