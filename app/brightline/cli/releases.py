"""`brightline pack …`: signed releases of packs (`brightline.core.releases`).

For policy authors: `keygen`, `publish`, `endorse` (key rotation), `sign-rollback`.
For IT: `install`, `rollback`, `status`, `events`.
For officers and supervisors: `diff`, `acknowledge`, `acknowledgments` (the supervisor's report).

Exit codes: 0 done; 1 refused or failed (the message says why; installs, refusals and rollbacks
are in the machine's event log); 2 a usage error. The machine-wide configuration (pinned keys,
the folders) is read as at start-up (`brightline.core.machine_config`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from brightline import __version__
from brightline.core.catalogue import AUDIENCES
from brightline.core.releases.refusal import ReleaseRefused

if TYPE_CHECKING:
    from brightline.core.machine_config import MachineConfig
    from brightline.core.paths import Paths
    from brightline.core.releases.machine import MachineReleases

OK, FAILED, USAGE = 0, 1, 2


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_pack_arguments(pack: argparse.ArgumentParser) -> None:
    """The `pack` command's subcommands, on its parser."""
    sub = pack.add_subparsers(dest="pack_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("keygen", help="make a policy author's key (kept by the author, private)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="KEYFILE", help="the private key file to write")
    p.set_defaults(handler=cmd_keygen)

    p = sub.add_parser("publish", help="sign a pack into one release file")
    p.add_argument("pack", metavar="PACK", help="the pack's folder, or the id of a pack this program reads")
    p.add_argument("--key", type=Path, required=True, metavar="KEYFILE", help="your author key (pack keygen)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the release file to write")
    p.add_argument(
        "--sequence", type=int, required=True, metavar="N", help="this release's number: higher than any before"
    )
    p.add_argument(
        "--effective",
        type=_day,
        default=date.today().isoformat(),
        metavar="DATE",
        help="the day it comes into force, YYYY-MM-DD (default: today)",
    )
    p.add_argument(
        "--min-app-version",
        default=__version__,
        metavar="VERSION",
        help=f"the oldest Brightline that may install it (default: this one, {__version__})",
    )
    p.add_argument("--notes", default="", help="what changed and why, in a few words officers will read")
    p.add_argument(
        "--endorsement",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a key endorsement to carry (pack endorse), oldest key first; may be repeated",
    )
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("endorse", help="with your old key, endorse your new key (key rotation)")
    p.add_argument("--key", type=Path, required=True, metavar="OLD_KEYFILE")
    p.add_argument("--new", required=True, metavar="KEY", help="the new public key (ed25519:…), or its .pub file")
    p.add_argument("--note", default="", help="why (kept in the endorsement)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_endorse)

    p = sub.add_parser("sign-rollback", help="sign a statement that takes a pack back to an older release")
    p.add_argument("pack", metavar="PACK_ID")
    p.add_argument("--from", dest="from_sequence", type=int, required=True, metavar="N", help="the release withdrawn")
    p.add_argument(
        "--to",
        dest="to_sequence",
        type=int,
        required=True,
        metavar="M",
        help="the release to go back to (0: the program's own pack)",
    )
    p.add_argument("--reason", required=True)
    p.add_argument("--key", type=Path, required=True, metavar="KEYFILE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_sign_rollback)

    p = sub.add_parser("install", help="install release files (checked against the pinned keys)")
    p.add_argument(
        "source",
        nargs="?",
        type=Path,
        metavar="FILE|FOLDER",
        help="a release file, or a folder of them (default: the folder [packs] releases names)",
    )
    p.set_defaults(handler=cmd_install)

    p = sub.add_parser("rollback", help="apply an author's signed rollback statement")
    p.add_argument("statement", type=Path, metavar="STATEMENT")
    p.set_defaults(handler=cmd_rollback)

    p = sub.add_parser("status", help="which release of each pack is in force, and why")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("events", help="the machine's log of installs, refusals and rollbacks")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.set_defaults(handler=cmd_events)

    p = sub.add_parser("diff", help="what changed between two versions of a pack, for officers")
    p.add_argument("old", metavar="OLD", help="a release file, PACK@N (installed here) or PACK@program")
    p.add_argument("new", metavar="NEW", help="the same")
    p.add_argument("--role", choices=AUDIENCES, default="", help="only what concerns this role")
    p.set_defaults(handler=cmd_diff)

    p = sub.add_parser("acknowledge", help="show what the release in force changed, and acknowledge it")
    p.add_argument("pack", metavar="PACK_ID")
    p.add_argument("--name", default="", help="your name, as on the contact form (default: your account)")
    p.add_argument("--badge", default="", help="your badge or ID (default: your account)")
    p.add_argument("--role", choices=AUDIENCES, default="", help="show what concerns this role")
    p.set_defaults(handler=cmd_acknowledge)

    p = sub.add_parser("acknowledgments", help="the supervisor's report: per release, who acknowledged it")
    p.add_argument("--pack", default="", help="only this pack")
    p.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help='also list as not yet acknowledged everyone here: one "NAME (BADGE)" a line',
    )
    p.set_defaults(handler=cmd_acknowledgments)


# -- helpers --------------------------------------------------------------------------------------
def _say(message: str) -> None:
    print(f"brightline pack: {message}", file=sys.stderr)


def _refused(what: str, exc: ReleaseRefused) -> int:
    _say(f"{what}: refused: {exc.message}")
    if exc.event_note:
        _say(f"({exc.event_note})")
    return FAILED


def _config() -> MachineConfig:
    from brightline.core.machine_config import load_machine_config

    return load_machine_config()  # checked at start-up (`brightline.cli.main`)


def _machine(config: MachineConfig) -> MachineReleases:
    from brightline.core.releases.machine import read_machine

    return read_machine(config.packs.installed_folder(), set(config.packs.public_keys()), __version__)


def _machine_name(config: MachineConfig) -> str:
    from brightline.core.releases.trust import machine_name

    return machine_name(config)


# -- authors --------------------------------------------------------------------------------------
def cmd_keygen(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.signing import SigningKeyError, make_author_key, public_key_text

    try:
        key = make_author_key(args.output)
    except SigningKeyError as exc:
        _say(str(exc))
        return FAILED
    public = public_key_text(key.public_key)
    pub_file = args.output.with_name(args.output.name + ".pub")
    try:
        pub_file.write_text(public + "\n", encoding="ascii")
    except OSError as exc:
        _say(f"{pub_file}: could not write the public key ({exc.strerror or exc}); it is printed below")
    print(f"Wrote the author key {args.output} (readable by you alone) and its public key {pub_file}.")
    print(f"Key id: {key.key_id}")
    print("Public key, for IT to pin in brightline.toml ([packs] trusted_keys):")
    print(f"  {public}")
    print(
        f"Keep {args.output} private and backed up: whoever holds it can publish policy to every machine that pins it."
    )
    return OK


def _pack_folder(spec: str, paths: Paths) -> Path:
    folder = Path(spec)
    if folder.is_dir():
        return folder
    for root in (paths.packs, *paths.extra_packs):
        if (root / spec).is_dir():
            return root / spec
    raise FileNotFoundError(spec)


def cmd_publish(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.publish import PublishError, ReleasePlan, publish
    from brightline.core.signing import SigningKeyError, read_author_key

    try:
        folder = _pack_folder(args.pack, paths)
    except FileNotFoundError:
        _say(f"{args.pack}: no such pack folder, and no pack of that id here")
        return FAILED
    try:
        key = read_author_key(args.key)
        endorsements = b""
        if args.endorsement:
            endorsements = _endorsements(args.endorsement)
        plan = ReleasePlan(args.sequence, args.effective, args.min_app_version, args.notes, endorsements)
        manifest = publish(folder, key, args.output, plan, paths.packs, list(paths.extra_packs), paths.trust)
    except SigningKeyError as exc:
        _say(str(exc))
        return FAILED
    except PublishError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        _say(f"{folder}: not published: {len(exc.problems)} problem(s) (run 'brightline validate {folder.parent}')")
        return FAILED
    except (ValueError, OSError) as exc:
        _say(f"not published: {exc}")
        return USAGE if isinstance(exc, ValueError) else FAILED
    print(
        f"Published {manifest.pack} release {manifest.sequence} (version {manifest.version}) to {args.output}: "
        f"{len(manifest.files)} files, signed by key {key.key_id}, in force from {manifest.effective}, "
        f"for Brightline {manifest.min_app_version} or newer."
    )
    return OK


def _endorsements(files: list[Path]) -> bytes:
    """endorsements.json for a release: the endorsement files given, as one JSON list."""
    import json

    from brightline.core.releases.statements import read_endorsement, strict_json

    items = []
    for file in files:
        data = file.read_bytes()
        try:
            read_endorsement(data)
        except ReleaseRefused as exc:
            raise ValueError(f"{file}: {exc.message}") from None
        items.append(strict_json(data))
    return (json.dumps(items, indent=1) + "\n").encode("utf-8")


def cmd_endorse(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.statements import ENDORSEMENT_FORMAT, make_statement
    from brightline.core.signing import SigningKeyError, key_id, parse_public_key, public_key_text, read_author_key

    try:
        text = Path(args.new).read_text(encoding="ascii") if Path(args.new).is_file() else args.new
        new_key = parse_public_key(text)
        key = read_author_key(args.key)
        document = {
            "old_key": public_key_text(key.public_key),
            "new_key": public_key_text(new_key),
            "made": date.today().isoformat(),
            "note": args.note,
        }
        args.output.write_bytes(make_statement(key, ENDORSEMENT_FORMAT, document))
    except (ValueError, UnicodeDecodeError) as exc:
        _say(f"--new: {exc}")
        return USAGE
    except (SigningKeyError, OSError) as exc:
        _say(str(exc))
        return FAILED
    print(f"Wrote {args.output}: key {key.key_id} endorses key {key_id(new_key)}.")
    print("Publish with the new key and '--endorsement' this file; machines that pin the old key accept it.")
    return OK


def cmd_sign_rollback(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.statements import ROLLBACK_FORMAT, make_statement
    from brightline.core.signing import SigningKeyError, read_author_key

    if not 0 <= args.to_sequence < args.from_sequence:
        _say("--to must be lower than --from (and 0 or more)")
        return USAGE
    try:
        key = read_author_key(args.key)
        document = {
            "pack": args.pack,
            "from_sequence": args.from_sequence,
            "to_sequence": args.to_sequence,
            "reason": args.reason,
            "made": date.today().isoformat(),
        }
        args.output.write_bytes(make_statement(key, ROLLBACK_FORMAT, document))
    except (SigningKeyError, OSError) as exc:
        _say(str(exc))
        return FAILED
    back = f"release {args.to_sequence}" if args.to_sequence else "the program's own pack"
    print(f"Wrote {args.output}: {args.pack} goes back from release {args.from_sequence} to {back}.")
    return OK


# -- IT ---------------------------------------------------------------------------------------------
def cmd_install(args: argparse.Namespace, paths: Paths) -> int:
    config = _config()
    source = args.source or (Path(config.packs.releases) if config.packs.releases else None)
    if source is None:
        _say("name a release file or folder (no [packs] releases folder is configured)")
        return USAGE
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix == ".zip" and not p.name.startswith("."))
        if not files:
            _say(f"{source}: holds no release files (*.zip)")
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
            file, folder, pinned, paths.packs, __version__, date.today(), machine_name=_machine_name(config)
        )
    except ReleaseRefused as exc:
        if exc.code == "release.no_keys":
            exc.params["config"] = str(config.source or "no machine-wide brightline.toml")
        return _refused(str(file), exc)
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
        _say(done.event_note)
    return OK


def _older_than_installed(file: Path, config: MachineConfig) -> str:
    """Why a release file in a folder of them need not be installed ("" when it should be tried)."""
    from brightline.core.releases.container import read_release
    from brightline.core.releases.statements import parse_manifest

    try:
        manifest = parse_manifest(read_release(file).manifest_bytes)
    except ReleaseRefused:
        return ""
    machine = _machine(config)
    if manifest.sequence < machine.newest(manifest.pack):
        return f"{manifest.pack} release {manifest.sequence} is older than release {machine.newest(manifest.pack)}, installed"
    return ""


def cmd_rollback(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.install import apply_rollback

    config = _config()
    try:
        done = apply_rollback(
            args.statement,
            config.packs.installed_folder(),
            set(config.packs.public_keys()),
            __version__,
            machine_name=_machine_name(config),
        )
    except ReleaseRefused as exc:
        return _refused(str(args.statement), exc)
    rollback = done.rollback
    back = f"release {rollback.to_sequence}" if rollback.to_sequence else "the program's own pack"
    print(
        f"Rolled {rollback.pack} back from release {rollback.from_sequence} to {back} "
        f"(statement signed by key {rollback.signature.key_id}: {rollback.reason}). "
        "Brightline uses it from its next start."
    )
    if done.event_note:
        _say(done.event_note)
    return OK


def cmd_status(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.signing import key_id

    config = _config()
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
    return OK


def cmd_events(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.events import describe_event, read_events

    folder = _config().packs.installed_folder()
    events = read_events(folder, max(1, args.limit))
    if not events:
        print(f"No events in {folder}.")
    for entry in events:
        print(describe_event(entry))
    return OK


# -- officers and supervisors ----------------------------------------------------------------------
def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.versions import pack_changes, version_of
    from brightline.ui.releases.wording import change_lines, counts

    config = _config()
    pinned = set(config.packs.public_keys()) if config.packs.pinned else None
    machine = _machine(config) if config.packs.pinned else None
    today = date.today()
    try:
        old = version_of(args.old, paths.packs, pinned, __version__, machine, today)
        new = version_of(args.new, paths.packs, pinned, __version__, machine, today)
    except ReleaseRefused as exc:
        return _refused("cannot compare", exc)
    if old.pack.id != new.pack.id:
        _say(f"these are two packs ({old.pack.id}, {new.pack.id}), not two versions of one")
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

    config = _config()
    if not config.packs.pinned:
        _say("no author key is pinned on this machine, so there are no signed releases to acknowledge")
        return FAILED
    machine = _machine(config)
    try:
        found = in_force_changes(machine, paths.packs, args.pack, date.today())
    except ReleaseRefused as exc:
        return _refused(args.pack, exc)
    if found is None:
        _say(f"no release of '{args.pack}' is in force on this machine")
        return FAILED
    old, new, changes = found
    assert new.release is not None
    try:
        who, badge = officer(args.name, args.badge, account())
    except ValueError as exc:
        _say(str(exc))
        return USAGE
    print(f"{new.pack.id}: what changed from {old.label} to {new.label}")
    if new.release.notes:
        print(f"The author says: {' '.join(new.release.notes.split())}")
    print(counts(changes, args.role))
    for line in change_lines(changes, args.role):
        print(line)
    ack = Acknowledgment(
        who, badge, _machine_name(config), new.pack.id, new.release.sequence, new.release.version, now()
    )
    try:
        fresh = AcknowledgmentStore(paths.data / FILE_NAME).record(ack)
    except (OSError, sqlite3.Error) as exc:
        _say(f"{paths.data / FILE_NAME}: the acknowledgment could not be kept: {exc}")
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


def cmd_acknowledgments(args: argparse.Namespace, paths: Paths) -> int:
    import sqlite3

    from brightline.core.acknowledgments import FILE_NAME, AcknowledgmentStore, acknowledgment_report
    from brightline.ui.releases.wording import report_lines

    config = _config()
    releases = []
    if config.packs.pinned:
        machine = _machine(config)
        releases = [r.info for pack in machine.releases for r in machine.usable(pack)]
    try:
        roster = _roster(args.roster) if args.roster else []
        acks = AcknowledgmentStore(paths.data / FILE_NAME).all()
    except (OSError, UnicodeDecodeError, sqlite3.Error) as exc:
        _say(str(exc))
        return FAILED
    report = [row for row in acknowledgment_report(releases, acks, roster) if not args.pack or row.pack_id == args.pack]
    if not report:
        print("No release installed here, and no acknowledgment kept here.")
    print("Acknowledgments kept on this machine (in a department, the server holds every machine's).")
    for line in report_lines(report):
        print(line)
    return OK
