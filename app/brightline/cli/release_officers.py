"""`brightline pack diff|acknowledge|acknowledgments`: what changed, for officers, and the supervisor's
report (`brightline.cli.releases`)."""

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
    from brightline.core.acknowledgments import Acknowledgment
    from brightline.core.paths import Paths


def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.versions import pack_changes, version_of
    from brightline.ui.releases.wording import change_lines, counts

    config = machine_config()
    pinned = set(config.packs.public_keys()) if config.packs.pinned else None
    machine = machine_releases(config) if config.packs.pinned else None
    today = date.today()
    try:
        old = version_of(args.old, paths.packs, pinned, __version__, machine, today)
        new = version_of(args.new, paths.packs, pinned, __version__, machine, today)
    except ReleaseRefused as exc:
        return refused("cannot compare", exc)
    if old.pack.id != new.pack.id:
        say(f"these are two packs ({old.pack.id}, {new.pack.id}), not two versions of one")
        return USAGE
    changes = pack_changes(old, new)
    print(f"{new.pack.id}: {old.label} \u2192 {new.label}")
    if new.release is not None:
        print(f"In force from {new.release.effective}; signed by key {new.release.key_id}.")
        if pinned is None:
            print(
                "(No key is pinned on this machine: checked with the key the release names, not against a pinned one.)"
            )
        if new.release.notes:
            print(f"The author says: {' '.join(new.release.notes.split())}")
    print(counts(changes, args.role))
    for line in change_lines(changes, args.role):
        print(line)
    return OK


def cmd_acknowledge(args: argparse.Namespace, paths: Paths) -> int:
    import sqlite3

    from brightline.core.acknowledgments import FILE_NAME, Acknowledgment, AcknowledgmentStore, now, officer
    from brightline.core.releases.events import account
    from brightline.core.releases.versions import in_force_changes
    from brightline.ui.releases.wording import change_lines, counts

    config = machine_config()
    if not config.packs.pinned:
        say("no author key is pinned on this machine, so there are no signed releases to acknowledge")
        return FAILED
    machine = machine_releases(config)
    try:
        found = in_force_changes(machine, paths.packs, args.pack, date.today())
    except ReleaseRefused as exc:
        return refused(args.pack, exc)
    if found is None:
        say(f"no release of '{args.pack}' is in force on this machine")
        return FAILED
    old, new, changes = found
    assert new.release is not None
    try:
        who, badge = officer(args.name, args.badge, account())
    except ValueError as exc:
        say(str(exc))
        return USAGE
    print(f"{new.pack.id}: what changed from {old.label} to {new.label}")
    if new.release.notes:
        print(f"The author says: {' '.join(new.release.notes.split())}")
    print(counts(changes, args.role))
    for line in change_lines(changes, args.role):
        print(line)
    ack = Acknowledgment(
        who, badge, machine_name(config), new.pack.id, new.release.sequence, new.release.version, now()
    )
    try:
        fresh = AcknowledgmentStore(paths.data / FILE_NAME).record(ack)
    except (OSError, sqlite3.Error) as exc:
        say(f"{paths.data / FILE_NAME}: the acknowledgment could not be kept: {exc}")
        return FAILED
    print()
    print(
        f"{who} ({badge}) {'acknowledged' if fresh else 'had already acknowledged'} {new.pack.id} {new.release.label}."
    )
    return OK


def _roster(file: Path) -> list[tuple[str, str]]:
    import re

    people = []
    for line in file.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*(.+?)\s*\(([^()]+)\)\s*", line)
        if match:
            people.append((match[1], match[2].strip()))
        elif line.strip():
            people.append((line.strip(), line.strip()))
    return people


DEPARTMENT_UNUSABLE = 3  # the department cannot be used (`brightline.cli.department`)


def cmd_acknowledgments(args: argparse.Namespace, paths: Paths) -> int:
    import sqlite3

    from brightline.core.acknowledgments import FILE_NAME, AcknowledgmentStore, acknowledgment_report, merged
    from brightline.ui.releases.wording import report_lines

    config = machine_config()
    releases = []
    if config.packs.pinned:
        machine = machine_releases(config)
        releases = [r.info for pack in machine.releases for r in machine.usable(pack)]
    try:
        roster = _roster(args.roster) if args.roster else []
        acks = AcknowledgmentStore(paths.data / FILE_NAME).all()
    except (OSError, UnicodeDecodeError, sqlite3.Error) as exc:
        say(str(exc))
        return FAILED
    whole_department = getattr(args, "department", None) is not None
    if whole_department:
        from_server = _department_acknowledgments(args.department or None)
        if from_server is None:
            return DEPARTMENT_UNUSABLE  # as the department's commands say it
        acks = merged(from_server, acks)
    report = [row for row in acknowledgment_report(releases, acks, roster) if not args.pack or row.pack_id == args.pack]
    if not report:
        print("No release installed here, and no acknowledgment kept here.")
    if whole_department:
        print("Acknowledgments of the whole department: every machine's on the server, and this machine's.")
    else:
        print("Acknowledgments kept on this machine (with --department, every machine's on the server too).")
    for line in report_lines(report):
        print(line)
    return OK


def _department_acknowledgments(config_file: str | None) -> list[Acknowledgment] | None:
    """Every machine's acknowledgments on the department's server (None, said, when unreadable)."""
    from brightline.core.department.acknowledgments import department_acknowledgments
    from brightline.core.department.errors import DepartmentError
    from brightline.core.department.views import DepartmentLog
    from brightline.core.machine_config import MachineConfigError, load_machine_config

    try:
        with DepartmentLog.open(load_machine_config(config_file)) as log:
            return department_acknowledgments(log)
    except (MachineConfigError, DepartmentError) as exc:
        say(str(exc))
        return None
