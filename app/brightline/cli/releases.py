"""`brightline pack …`: signed releases of packs (`brightline.core.releases`).

For policy authors: `keygen`, `publish`, `endorse` (key rotation), `sign-rollback`
(`release_authors`). For IT: `install`, `rollback`, `status`, `events` (`release_machine`). For
officers and supervisors: `diff`, `acknowledge`, `acknowledgments`, the supervisor's report
(`release_officers`). This module gives the command its subcommands and the helpers they share;
each handler's module is imported only when it runs.

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
    p.set_defaults(handler="brightline.cli.release_authors:cmd_keygen")

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
    p.set_defaults(handler="brightline.cli.release_authors:cmd_publish")

    p = sub.add_parser("endorse", help="with your old key, endorse your new key (key rotation)")
    p.add_argument("--key", type=Path, required=True, metavar="OLD_KEYFILE")
    p.add_argument("--new", required=True, metavar="KEY", help="the new public key (ed25519:…), or its .pub file")
    p.add_argument("--note", default="", help="why (kept in the endorsement)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler="brightline.cli.release_authors:cmd_endorse")

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
    p.set_defaults(handler="brightline.cli.release_authors:cmd_sign_rollback")

    p = sub.add_parser("install", help="install release files (checked against the pinned keys)")
    p.add_argument(
        "source",
        nargs="?",
        type=Path,
        metavar="FILE|FOLDER",
        help="a release file, or a folder of them (default: the folder [packs] releases names)",
    )
    p.set_defaults(handler="brightline.cli.release_machine:cmd_install")

    p = sub.add_parser("rollback", help="apply an author's signed rollback statement")
    p.add_argument("statement", type=Path, metavar="STATEMENT")
    p.set_defaults(handler="brightline.cli.release_machine:cmd_rollback")

    p = sub.add_parser("status", help="which release of each pack is in force, and why")
    p.set_defaults(handler="brightline.cli.release_machine:cmd_status")

    p = sub.add_parser("events", help="the machine's log of installs, refusals and rollbacks")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.set_defaults(handler="brightline.cli.release_machine:cmd_events")

    p = sub.add_parser("diff", help="what changed between two versions of a pack, for officers")
    p.add_argument("old", metavar="OLD", help="a release file, PACK@N (installed here) or PACK@program")
    p.add_argument("new", metavar="NEW", help="the same")
    p.add_argument("--role", choices=AUDIENCES, default="", help="only what concerns this role")
    p.set_defaults(handler="brightline.cli.release_officers:cmd_diff")

    p = sub.add_parser("acknowledge", help="show what the release in force changed, and acknowledge it")
    p.add_argument("pack", metavar="PACK_ID")
    p.add_argument("--name", default="", help="your name, as on the contact form (default: your account)")
    p.add_argument("--badge", default="", help="your badge or ID (default: your account)")
    p.add_argument("--role", choices=AUDIENCES, default="", help="show what concerns this role")
    p.set_defaults(handler="brightline.cli.release_officers:cmd_acknowledge")

    p = sub.add_parser("acknowledgments", help="the supervisor's report: per release, who acknowledged it")
    p.add_argument("--pack", default="", help="only this pack")
    p.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help='also list as not yet acknowledged everyone here: one "NAME (BADGE)" a line',
    )
    p.set_defaults(handler="brightline.cli.release_officers:cmd_acknowledgments")


# -- helpers --------------------------------------------------------------------------------------
def say(message: str) -> None:
    print(f"brightline pack: {message}", file=sys.stderr)


def refused(what: str, exc: ReleaseRefused) -> int:
    say(f"{what}: refused: {exc.message}")
    if exc.event_note:
        say(f"({exc.event_note})")
    return FAILED


def machine_config() -> MachineConfig:
    from brightline.core.machine_config import load_machine_config

    return load_machine_config()  # checked at start-up (`brightline.cli.main`)


def machine_releases(config: MachineConfig) -> MachineReleases:
    from brightline.core.releases.machine import read_machine

    return read_machine(config.packs.installed_folder(), set(config.packs.public_keys()), __version__)
