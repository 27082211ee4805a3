"""`brightline log …`: list, verify, export and report on the contact log; checkpoints;
redaction; import pending records.

`add_log_arguments(parser)` gives the `log` command its subcommands. Each handler takes the
parsed arguments (and the resolved `Paths`, as the other commands do; without it `args.data_dir`
must already be the data folder as a Path, and the key folder is `signing.key_folder()`) and
returns an exit code:
  0  done (verify: everything checked is intact)
  1  verification failed (an edit, a deletion, a log shorter than or diverging from a head seen
     before or a checkpoint given, a damaged file), or some pending files could not be imported
  2  bad arguments, a contact record with problems, a checkpoint line that is not genuine
  3  the log could not be used (missing, locked, newer format, disk full, cannot be opened);
     the message names the file and what is wrong. Never a finding about the records.
Commands that only read the log work on a read-only file, folder or medium. With `--department`,
list, export, report and verify read the department's log on its server instead
(`brightline.cli.department_log`; --machine and --unit choose records there). Every command that
reads the log compares it with the head this account saw last (`heads`) and remembers the new
head only when the log extends it.
`record_walk(data_dir, draft)` logs a walk for `brightline walk --record`; when the log cannot
take it, the record is saved to a pending file to be entered later, so it is never lost. Notes that
describe someone's immigration status (`brightline.core.status_words`) are refused unless allowed
(`--allow-status-words`), or asked about when both input and output are a terminal.
Nothing here imports Qt unless a PDF is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.contact_log.checkpoints import Checkpoint, find_checkpoints
from brightline.core.contact_log.errors import LogCorruptError, LogError, LogMissingError, LogValidationError
from brightline.core.contact_log.exports import (
    build_report,
)
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.heads import check_seen, load_seen, remember
from brightline.core.contact_log.pending import import_pending, pending_folder, save_or_keep_pending
from brightline.core.contact_log.records import FREE_TEXT_FIELDS, ContactDraft, Problem, problem_words
from brightline.core.contact_log.store import INTEGRITY_CHECK_UP_TO, LOG_FILE_NAME, ContactLog
from brightline.core.contact_log.verify import ChainHead, ExpectedHead, describe
from brightline.core.contact_log.wording import count_words
from brightline.core.signing import SigningKeyError, WorkstationKey, key_folder, load_or_create_key

if TYPE_CHECKING:
    from brightline.core.contact_log.wording import RecordWording
    from brightline.core.paths import Paths
    from brightline.reports.pdf import ChartColours

OK, FAILED, USAGE, LOG_UNUSABLE = 0, 1, 2, 3


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="date_from", type=_date, metavar="DATE", help="first contact date to include (YYYY-MM-DD, local)"
    )
    parser.add_argument(
        "--to", dest="date_to", type=_date, metavar="DATE", help="last contact date to include (YYYY-MM-DD, local)"
    )


def _machines(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the department's log (with --department)")
    group.add_argument("--machine", default="", metavar="NAME", help="only the records this machine sent")
    group.add_argument("--unit", default="", metavar="UNIT", help="only the records of this unit")


def _department(args: argparse.Namespace, paths: Paths | None, command: str) -> int | None:
    """Run `command` on the department's log when --department was given; None otherwise
    (then --machine and --unit are a usage error: one machine's log has neither)."""
    if getattr(args, "department", None) is None:
        if getattr(args, "machine", "") or getattr(args, "unit", ""):
            _err("error: --machine and --unit choose records of the department's log: add --department")
            return USAGE
        return None
    from brightline.cli import department_log
    from brightline.core.paths import resolve_paths

    handler = getattr(department_log, f"cmd_{command}")
    return int(handler(args, paths or resolve_paths(str(args.data_dir))))


def add_log_arguments(log: argparse.ArgumentParser) -> None:
    """The `log` command's subcommands, on its parser."""
    sub = log.add_subparsers(dest="log_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("list", help="one line per record, newest contact first")
    _period(p)
    _machines(p)
    p.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N records (default 50; 0 for all)")
    p.set_defaults(handler=cmd_log_list)

    p = sub.add_parser("verify", help="check every record, column and checkpoint; exit 1 naming the first problem")
    p.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        metavar="FILE|LINE",
        help="a signed checkpoint taken earlier (its line, or a file holding it, such as an export): "
        "also prove the log still extends it (may be given more than once)",
    )
    p.add_argument(
        "--expect-head",
        metavar="COUNT:HASH",
        help="a chain head printed earlier: also check that those records are all still there",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="run SQLite's integrity check at any size: every page of the file and every entry of every "
        f"index against its record (a plain verify runs it on logs of up to {INTEGRITY_CHECK_UP_TO:,} records; "
        "about half a minute more for a million)",
    )
    p.set_defaults(handler=cmd_log_verify)

    p = sub.add_parser("checkpoint", help="print a signed checkpoint of the log, in words and as a line to file")
    p.set_defaults(handler=cmd_log_checkpoint)

    p = sub.add_parser("redact", help="erase a free text of a record, recording who and why")
    p.add_argument("record", type=int, metavar="ID", help="the record's id")
    p.add_argument("--field", choices=FREE_TEXT_FIELDS, default="notes", help="the text to erase (default: notes)")
    p.add_argument("--by", required=True, metavar='"NAME (BADGE)"', help="who redacts it")
    p.add_argument("--reason", required=True, help="why (kept in the log)")
    p.add_argument("--allow-status-words", action="store_true", help="the reason may mention immigration status")
    p.set_defaults(handler=cmd_log_redact)

    p = sub.add_parser("export", help="write the records as CSV, JSON or PDF")
    p.add_argument("--format", choices=("csv", "json", "pdf"), required=True)
    _period(p)
    p.add_argument("--redact-staff", action="store_true", help='replace staff names and badges with "[redacted]"')
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    _machines(p)
    p.set_defaults(handler=cmd_log_export)

    p = sub.add_parser("report", help="the audit report (PDF): counts, charts, chain check")
    _period(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_log_report)

    p = sub.add_parser("import-pending", help="enter records saved while the log was unusable")
    p.set_defaults(handler=cmd_log_import_pending)


def _data_dir(args: argparse.Namespace, paths: Paths | None) -> Path:
    return paths.data if paths is not None else Path(args.data_dir)


def _key_dir(paths: Paths | None) -> Path:
    return paths.keys if paths is not None else key_folder()


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def signing_key(paths: Paths | None) -> WorkstationKey | None:
    """This account's signing key, or None (said on stderr) when it cannot be read or made."""
    try:
        return load_or_create_key(_key_dir(paths))
    except SigningKeyError as exc:
        _err(f"warning: nothing can be signed: {exc}")
        return None


def _open(
    data_dir: Path, create: bool = False, busy_timeout: float = 5.0, key: WorkstationKey | None = None
) -> ContactLog:
    return ContactLog.open(data_dir / LOG_FILE_NAME, create=create, busy_timeout=busy_timeout, key=key)


def _open_to_read(data_dir: Path, key: WorkstationKey | None = None) -> ContactLog:
    return ContactLog.open_for_reading(data_dir / LOG_FILE_NAME, key=key)


def _check_head(log: ContactLog, paths: Paths | None, data_dir: Path) -> bool:
    """Say FAILED (and return False) if the log does not extend the head this account saw."""
    failed = check_seen(log, _key_dir(paths), data_dir)
    if failed is None:
        return True
    _err(describe(failed))
    return False


def print_checkpoint(checkpoint: Checkpoint | None) -> None:
    if checkpoint is not None:
        print(checkpoint.words())
        print(f"Checkpoint: {checkpoint.line()}")


def _fail(exc: LogError) -> int:
    _err(f"error: {exc}")
    if isinstance(exc, LogMissingError):
        _err("(check --data-dir or BRIGHTLINE_DATA_DIR)")
    return LOG_UNUSABLE


def _problem_text(problems: tuple[Problem, ...]) -> list[str]:
    return [
        f"{p.field.replace('_', ' ')} {problem_words(p.code)}"
        + (f" ({p.params['value']})" if "value" in p.params else "")
        for p in problems
    ]


def cmd_log_list(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log list`: id, contact time, staff, agency, request type, verdict; newest first."""
    department = _department(args, paths, "list")
    if department is not None:
        return department
    data_dir = _data_dir(args, paths)
    try:
        with _open_to_read(data_dir) as log:
            flt = LogFilter(date_from=args.date_from, date_to=args.date_to)
            with log.snapshot():
                total = log.count(flt)
                limit = args.limit if args.limit > 0 else max(total, 1)
                records = log.query(flt, limit=limit)
                head = log.head()
            extends = _check_head(log, paths, data_dir)
    except LogError as exc:
        return _fail(exc)
    for r in records:
        d = r.draft
        mark = f" [{d.kind} of #{d.corrects}]" if d.corrects is not None else ""
        print(
            f"{r.id:>7}  {d.contact_time:<25}  {d.staff_name[:24]:<24}  {d.agency[:18]:<18}  "
            f"{d.request_type[:28]:<28}  {d.verdict or '-'}{mark}"
        )
    _err(f"{len(records)} of {total} records shown; chain head {head}")
    return OK if extends else FAILED


def _given_heads(args: argparse.Namespace) -> list[ExpectedHead] | str:
    """The heads given on the command line, or what is wrong with them."""
    heads: list[ExpectedHead] = []
    for given in args.checkpoint:
        try:
            is_file = Path(given).is_file()
        except OSError:  # a pasted line is longer than a file name may be
            is_file = False
        try:
            # A line pasted from a PDF or an e-mail may be broken over lines: no line has spaces.
            text = Path(given).read_text(encoding="utf-8", errors="replace") if is_file else "".join(given.split())
        except OSError as exc:
            return f"cannot read {given}: {exc.strerror or exc}"
        found, problems = find_checkpoints(text)
        if problems:
            return problems[0]
        if not found:
            pdf = " (a PDF's text cannot be read here: copy the line from it, or give the CSV or JSON export)"
            return f"no checkpoint line (blcp1:…) in {given}" + (pdf if text.startswith("%PDF") else "")
        for checkpoint in found:
            if not checkpoint.signature_ok():
                return (
                    f"the checkpoint of {checkpoint.count} records signed by key {checkpoint.key_id} is not "
                    "genuine (its signature does not match it: it was altered or made by hand); nothing was "
                    "checked against it"
                )
            origin = f"the checkpoint of {checkpoint.when():%Y-%m-%d %H:%M} UTC by key {checkpoint.key_id}"
            heads.append(ExpectedHead(checkpoint.chain_head, checkpoint.log_id, origin))
    if args.expect_head:
        try:
            heads.append(ExpectedHead(ChainHead.parse(args.expect_head), "", f"the head {args.expect_head}"))
        except ValueError as exc:
            return str(exc)
    return heads


def cmd_log_verify(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log verify`: check everything; "OK: N records, head N:HASH" and a fresh checkpoint, or
    FAILED naming the first problem."""
    department = _department(args, paths, "verify")
    if department is not None:
        return department
    data_dir = _data_dir(args, paths)
    given = _given_heads(args)
    if isinstance(given, str):
        _err(f"error: {given}")
        return USAGE
    # The key first: the log's checkpoints it signed are checked by signing them again (faster).
    key = signing_key(paths)
    try:
        with _open_to_read(data_dir, key) as log:
            seen = load_seen(_key_dir(paths), log.path, data_dir)
            result = log.verify([*given, *([seen.expected()] if seen else [])], full=args.full or None)
            if result.ok:
                checkpoint = log.checkpoint(key) if key else None
                _remember(paths, log, result.head)
    except LogCorruptError as exc:
        print(f"FAILED: {exc}")
        return FAILED
    except LogError as exc:
        return _fail(exc)
    print(describe(result))
    if not result.ok:
        return FAILED
    if not args.full and result.head.count > INTEGRITY_CHECK_UP_TO:
        print(
            f"SQLite's own integrity check was left out at {result.head.count:,} records "
            "(it takes most of a minute at a million); `log verify --full` runs it."
        )
    for head in given:
        print(f"The log extends {head.origin} ({head.head.count:,} records).")
    print_checkpoint(checkpoint)
    return OK


def cmd_log_checkpoint(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log checkpoint`: a signed checkpoint of the log as it is, to file."""
    data_dir = _data_dir(args, paths)
    key = signing_key(paths)
    if key is None:
        return LOG_UNUSABLE
    try:
        with _open_to_read(data_dir) as log:
            checkpoint = log.checkpoint(key)
            extends = _check_head(log, paths, data_dir)
    except LogError as exc:
        return _fail(exc)
    print_checkpoint(checkpoint)
    return OK if extends else FAILED


def record_wording(paths: Paths | None) -> RecordWording:
    """The words of exports and reports, with the packs to name citations and packs by (without
    `paths`, or with no pack loaded, they keep their references)."""
    from brightline.core.contact_log.wording import RecordWording

    if paths is None:
        return RecordWording()
    from brightline.cli.packs import load

    return RecordWording(load(paths).packs)


def chart_colours_for_print() -> ChartColours:
    """The window's verdict colours, so the printed report matches the screen."""
    from brightline.ui.contact_log.style import chart_colours

    return chart_colours()


def cmd_log_export(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log export`: the records in the period as CSV, JSON or PDF, with a signed checkpoint."""
    department = _department(args, paths, "export")
    if department is not None:
        return department
    data_dir = _data_dir(args, paths)
    out: Path = args.output
    key = signing_key(paths)
    try:
        with _open_to_read(data_dir) as log:
            from brightline.reports.log_export import export_log

            info = export_log(
                log,
                out,
                args.format,
                date_from=args.date_from,
                date_to=args.date_to,
                redact=args.redact_staff,
                key=key,
                wording=record_wording(paths),
            )
            extends = _check_head(log, paths, data_dir)
    except LogError as exc:
        return _fail(exc)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    print(f"Exported {count_words(info.count, 'record')} to {out} (chain head {info.head})")
    print_checkpoint(info.checkpoint)
    return OK if extends else FAILED


def cmd_log_report(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log report`: the audit report as PDF; exit 1 if the log did not verify."""
    department = _department(args, paths, "report")
    if department is not None:
        return department
    data_dir = _data_dir(args, paths)
    out: Path = args.output
    key = signing_key(paths)
    try:
        with _open_to_read(data_dir) as log:
            seen = load_seen(_key_dir(paths), log.path, data_dir)
            report = build_report(
                log,
                args.date_from,
                args.date_to,
                expected=[seen.expected()] if seen else [],
                key=key,
                wording=record_wording(paths),
            )
            if report.verification is not None and report.verification.ok:
                _remember(paths, log, report.verification.head)
        from brightline.reports.pdf import write_report_pdf

        write_report_pdf(out, report, chart_colours_for_print())
    except LogError as exc:
        return _fail(exc)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    check = report.verification
    print(
        f"Report written to {out}: {count_words(report.contacts, 'contact')}, "
        f"{report.decline_share:.0%} declined; chain head {report.head}"
    )
    print_checkpoint(report.checkpoint)
    if check is not None and not check.ok:
        _err(describe(check))
        return FAILED
    return OK


def _remember(paths: Paths | None, log: ContactLog, head: ChainHead) -> None:
    """Remember `head` (of a log found to extend the head remembered before)."""
    try:
        remember(_key_dir(paths), log.path, log.log_id, head)
    except OSError:
        pass  # a tripwire, not a store of record


def cmd_log_redact(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log redact ID --field F --by "NAME (BADGE)" --reason TEXT`: erase one free text."""
    from brightline.cli.walk import split_person
    from brightline.core.contact_log.redaction import redact

    data_dir = _data_dir(args, paths)
    if not status_words_allowed((args.reason,), args.allow_status_words, "reason"):
        return USAGE
    name, badge = split_person(args.by)
    try:
        with _open(data_dir, key=signing_key(paths)) as log:
            if not _check_head(log, paths, data_dir):
                _err("Nothing was redacted: the log does not extend the head this account saw.")
                return FAILED
            done = redact(log, args.record, args.field, name, badge, args.reason)
            head = log.head()
            _remember(paths, log, head)
    except LogValidationError as exc:
        _err("Nothing was redacted:")
        for line in _problem_text(exc.problems):
            _err(f"  {line}")
        return USAGE
    except LogError as exc:
        return _fail(exc)
    print(
        f"Record #{args.record}'s {args.field.replace('_', ' ')} was erased; the redaction is record "
        f"#{done.record.id} (chain head {head})."
    )
    if not done.wal_emptied:
        _err(
            "note: another program is reading the log, so a copy of the erased text remains in its "
            "write-ahead file until every Brightline using the log is closed."
        )
    return OK


def cmd_log_import_pending(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log import-pending`: enter the records saved while the log could not take them."""
    data_dir = _data_dir(args, paths)
    try:
        with _open(data_dir, create=True, key=signing_key(paths)) as log:
            extends = _check_head(log, paths, data_dir)
            result = import_pending(pending_folder(data_dir), log)
            head = log.head()
            if extends:
                _remember(paths, log, head)
    except LogError as exc:
        return _fail(exc)
    print(f"Imported {result.imported} pending records (chain head {head})")
    for path, reason in result.failed:
        _err(f"not imported: {path}: {reason}")
    return FAILED if result.failed or not extends else OK


def status_words_allowed(texts: tuple[str, ...], allow: bool, what: str = "notes") -> bool:
    """Whether free text may be logged: yes when it has no status words or `allow` is set; when
    it has some, ask on a terminal, and otherwise say which words and how to proceed."""
    from brightline.core.status_words import find_status_words

    found = find_status_words("\n".join(texts))
    if not found or allow:
        return True
    quoted = ", ".join(f"\u201c{w.phrase}\u201d" for w in found)
    _err(
        f"The {what} mention {quoted}. The contact log must never hold anyone's immigration or "
        "citizenship status; the policy forbids collecting it."
    )
    if sys.stdin.isatty() and sys.stderr.isatty():
        try:
            answer = input("Log it with these words anyway (only when quoting what was asked)? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return True
    _err(f"Not logged. Edit the {what}, or pass --allow-status-words to log them as written.")
    return False


def record_walk(
    data_dir: Path,
    draft: ContactDraft,
    *,
    busy_timeout: float = 5.0,
    allow_status_words: bool = False,
    paths: Paths | None = None,
) -> int:
    """Log `draft` (built from a finished walk) for `brightline walk --record`; an exit code.

    0: logged (prints the record id and chain head). 1: logged, but the log does not extend the
    head this account saw (said as verify says it). 2: the draft has problems (printed), or
    its notes hold status words and that was not allowed (`status_words_allowed`).
    3: the log could not take it; the draft was saved as a pending file (path printed) to be
    entered with `brightline log import-pending`, or, if even that failed, printed as JSON.
    `busy_timeout`: seconds to wait for another program writing to the log.
    """
    if not status_words_allowed((draft.notes, draft.official_name, draft.official_badge), allow_status_words):
        return USAGE
    folder = pending_folder(data_dir)
    head = None
    extends = True
    try:
        with _open(data_dir, create=True, busy_timeout=busy_timeout, key=signing_key(paths)) as log:
            extends = _check_head(log, paths, data_dir)
            result = save_or_keep_pending(log, draft, folder)
            if result.record is not None:
                head = log.head()
                if extends:
                    _remember(paths, log, head)
    except LogValidationError as exc:
        _err("The contact was not logged:")
        for line in _problem_text(exc.problems):
            _err(f"  {line}")
        return USAGE
    except LogError as exc:  # the log could not be opened
        result = save_or_keep_pending(None, draft, folder, unusable=exc)
    if result.record is not None and head is not None:
        print(f"Logged contact #{result.record.id} (chain head {head})")
        return OK if extends else FAILED
    _err(f"error: {result.error}")
    if result.pending_error is not None:
        _err(f"The record could not be saved either ({result.pending_error}). Copy it from here:")
        print(json.dumps(draft.to_content(), ensure_ascii=False, indent=1))
        return LOG_UNUSABLE
    _err(f"The record was saved to {result.pending_path}; enter it later with `brightline log import-pending`.")
    return LOG_UNUSABLE
