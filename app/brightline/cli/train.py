"""`brightline train` and `brightline training export`: scenarios in the terminal, and records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brightline.cli.packs import load
from brightline.core.paths import Paths
from brightline.core.text import count_words
from brightline.core.training import debrief_text, score, write_training_csv
from brightline.core.training_log import TrainingLog, TrainingLogError, completion
from brightline.core.walk import Walk


def add_train_arguments(p: argparse.ArgumentParser) -> None:
    """`train`: scenarios played in the terminal."""
    p.add_argument("--pack", required=True)
    p.add_argument("--scenario", help="one scenario (default: every scenario of the pack in turn)")
    p.add_argument("--answers", help="answer non-interactively, e.g. 1,2,1 (needs --scenario)")
    p.add_argument("--list", action="store_true", help="one line per scenario: SCENARIO_ID  TREE_ID  title")
    p.add_argument("--trainee", help="record the results under this name (training records, never the contact log)")
    p.set_defaults(handler=cmd_train)


def add_training_arguments(p: argparse.ArgumentParser) -> None:
    """`training export` and `training list`: the training records."""
    tsub = p.add_subparsers(dest="training_command", metavar="SUBCOMMAND", required=True)
    e = tsub.add_parser("export", help="roster and per-trainee completion as CSV, or PDF with certificates")
    e.add_argument("--format", choices=("csv", "pdf"), required=True)
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.add_argument("--trainee", default="", help="only this trainee")
    e.set_defaults(handler=cmd_training_export)
    ls = tsub.add_parser("list", help="one line per training result")
    ls.add_argument("--trainee", default="")
    ls.set_defaults(handler=cmd_training_list)


def cmd_train(args: argparse.Namespace, paths: Paths) -> int:
    library = load(paths)
    pack = library.packs.get(args.pack)
    if pack is None:
        print(f"brightline: no loaded pack '{args.pack}'; packs: {', '.join(library.packs)}", file=sys.stderr)
        return 1
    scenarios = sorted(pack.scenarios.values(), key=lambda s: (s.tree, s.id))
    if args.list:
        for scenario in scenarios:
            print(f"{scenario.id}  {scenario.tree}  {scenario.title}")
        return 0
    if args.scenario:
        scenarios = [s for s in scenarios if s.id == args.scenario]
        if not scenarios:
            print(f"brightline: pack '{pack.id}' has no scenario '{args.scenario}'; see --list", file=sys.stderr)
            return 1
    elif args.answers:
        print("brightline: --answers needs --scenario", file=sys.stderr)
        return 2
    log = TrainingLog(paths.training_log) if args.trainee else None
    for scenario in scenarios:
        tree = pack.trees[scenario.tree]
        print(f"=== {scenario.title} [{scenario.difficulty}] — {tree.title}")
        print(" ".join(scenario.narrative.split()))
        walk = Walk(tree)
        if args.answers:
            from brightline.cli.walk import walk_answers

            code = walk_answers(walk, args.answers)
            if code:
                return code
        else:
            from brightline.cli.walk import walk_interactive

            if walk_interactive(walk):
                return 130
        result = score(pack, scenario, walk)
        print()
        print(debrief_text(pack, scenario, result))
        print()
        if log is not None:
            try:
                number = log.add(
                    args.trainee,
                    pack.id,
                    pack.manifest.version,
                    scenario.title,
                    scenario.difficulty,
                    "terminal",
                    result,
                )
                print(f"Recorded as training result {number}.")
            except TrainingLogError as exc:
                print(f"brightline: {exc}", file=sys.stderr)
                return 1
    return 0


def _packs(paths: Paths) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Each pack's scenario ids, and each pack's name."""
    library = load(paths)
    scenario_ids = {pid: sorted(p.scenarios) for pid, p in library.packs.items()}
    return scenario_ids, {pid: p.manifest.name for pid, p in library.packs.items()}


def cmd_training_list(args: argparse.Namespace, paths: Paths) -> int:
    try:
        records = TrainingLog(paths.training_log).records(trainee=args.trainee)
    except TrainingLogError as exc:
        print(f"brightline: {exc}", file=sys.stderr)
        return 1
    for r in records:
        print(
            f"{r.id}  {r.played_at}  {r.trainee}  {r.pack_id}/{r.scenario_id}  {r.points}/{r.max_points}  {r.seconds:.0f}s"
        )
    return 0


def cmd_training_export(args: argparse.Namespace, paths: Paths) -> int:
    try:
        records = TrainingLog(paths.training_log).records(trainee=args.trainee)
    except TrainingLogError as exc:
        print(f"brightline: {exc}", file=sys.stderr)
        return 1
    scenario_ids, names = _packs(paths)
    table = completion(records, scenario_ids)
    output = Path(args.output)
    try:
        if args.format == "csv":
            write_training_csv(output, records, table)
        else:
            from brightline.reports.training_pdf import write_training_pdf

            write_training_pdf(output, records, table, names)
    except OSError as exc:
        print(f"brightline: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {output} ({count_words(len(records), 'result')}, {count_words(len(table), 'trainee')}).")
    return 0
