"""`brightline pack keygen|publish|endorse|sign-rollback`: what a policy author does (`brightline.cli.releases`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.cli.releases import FAILED, OK, USAGE, say
from brightline.core.releases.refusal import ReleaseRefused

if TYPE_CHECKING:
    from brightline.core.paths import Paths


def cmd_keygen(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.signing import SigningKeyError, make_author_key, public_key_text

    try:
        key = make_author_key(args.output)
    except SigningKeyError as exc:
        say(str(exc))
        return FAILED
    public = public_key_text(key.public_key)
    pub_file = args.output.with_name(args.output.name + ".pub")
    try:
        pub_file.write_text(public + "\n", encoding="ascii")
    except OSError as exc:
        say(f"{pub_file}: could not write the public key ({exc.strerror or exc}); it is printed below")
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
        say(f"{args.pack}: no such pack folder, and no pack of that id here")
        return FAILED
    try:
        key = read_author_key(args.key)
        endorsements = b""
        if args.endorsement:
            endorsements = _endorsements(args.endorsement)
        plan = ReleasePlan(args.sequence, args.effective, args.min_app_version, args.notes, endorsements)
        manifest = publish(folder, key, args.output, plan, paths.packs, list(paths.extra_packs), paths.trust)
    except SigningKeyError as exc:
        say(str(exc))
        return FAILED
    except PublishError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        say(f"{folder}: not published: {len(exc.problems)} problem(s) (run 'brightline validate {folder.parent}')")
        return FAILED
    except (ValueError, OSError) as exc:
        say(f"not published: {exc}")
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
        say(f"--new: {exc}")
        return USAGE
    except (SigningKeyError, OSError) as exc:
        say(str(exc))
        return FAILED
    print(f"Wrote {args.output}: key {key.key_id} endorses key {key_id(new_key)}.")
    print("Publish with the new key and '--endorsement' this file; machines that pin the old key accept it.")
    return OK


def cmd_sign_rollback(args: argparse.Namespace, paths: Paths) -> int:
    from brightline.core.releases.statements import ROLLBACK_FORMAT, make_statement
    from brightline.core.signing import SigningKeyError, read_author_key

    if not 0 <= args.to_sequence < args.from_sequence:
        say("--to must be lower than --from (and 0 or more)")
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
        say(str(exc))
        return FAILED
    back = f"release {args.to_sequence}" if args.to_sequence else "the program's own pack"
    print(f"Wrote {args.output}: {args.pack} goes back from release {args.from_sequence} to {back}.")
    return OK
