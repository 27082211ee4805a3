"""`brightline log …`: list, verify, export and report on the contact log; import pending records.

`add_log_arguments(parser)` gives the `log` command its subcommands. Each handler takes the
parsed arguments (and the resolved `Paths`, as the other commands do; without it `args.data_dir`
must already be the data folder as a Path) and returns an exit code:
  0  done (verify: the chain is intact)
  1  verification failed, or the log is shorter than this computer last saw, or some pending
     files could not be imported
  2  bad arguments or a contact record with problems
  3  the log could not be used (missing, locked, read-only, damaged, newer format, disk full);
     the message names the file and what is wrong
`record_walk(data_dir, draft)` logs a walk for `brightline walk --record`; when the log cannot
take it, the record is saved to a pending file to be entered later, so it is never lost.
Nothing here imports Qt unless a PDF is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.contact_log.errors import LogError, LogMissingError, LogValidationError
from brightline.core.contact_log.exports import (
    ExportInfo,
    build_report,
    period_filter,
    prepared_records,
    write_export,
)
from brightline.core.contact_log.filters import LogFilter
from brightline.core.contact_log.heads import check_last_head
from brightline.core.contact_log.pending import import_pending, pending_folder, save_or_keep_pending
from brightline.core.contact_log.records import ContactDraft, Problem, problem_words
from brightline.core.contact_log.store import LOG_FILE_NAME, ContactLog
from brightline.core.contact_log.verify import ChainHead, describe

if TYPE_CHECKING:
    from brightline.core.paths import Paths

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


def add_log_arguments(log: argparse.ArgumentParser) -> None:
    """The `log` command's subcommands, on its parser."""
    sub = log.add_subparsers(dest="log_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("list", help="one line per record, newest contact first")
    _period(p)
    p.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N records (default 50; 0 for all)")
    p.set_defaults(handler=cmd_log_list)

    p = sub.add_parser("verify", help="check the hash chain; exit 1 naming the first bad record")
    p.add_argument(
        "--expect-head",
        metavar="COUNT:HASH",
        help="a chain head printed earlier (on an export or report): also check that those records are all still there",
    )
    p.set_defaults(handler=cmd_log_verify)

    p = sub.add_parser("export", help="write the records as CSV, JSON or PDF")
    p.add_argument("--format", choices=("csv", "json", "pdf"), required=True)
    _period(p)
    p.add_argument("--redact-staff", action="store_true", help='replace staff names and badges with "[redacted]"')
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_log_export)

    p = sub.add_parser("report", help="the audit report (PDF): counts, charts, chain check")
    _period(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_log_report)

    p = sub.add_parser("import-pending", help="enter records saved while the log was unusable")
    p.set_defaults(handler=cmd_log_import_pending)


def _data_dir(args: argparse.Namespace, paths: Paths | None) -> Path:
    return paths.data if paths is not None else Path(args.data_dir)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _open(data_dir: Path, create: bool = False, busy_timeout: float = 5.0) -> ContactLog:
    return ContactLog.open(data_dir / LOG_FILE_NAME, create=create, busy_timeout=busy_timeout)


def _check_head(data_dir: Path, head: ChainHead) -> bool:
    """Warn (and return False) if the log is shorter than this computer last saw."""
    last = check_last_head(data_dir, head)
    if last is None:
        return True
    _err(
        f"WARNING: the contact log now has {head.count} records, but this computer saw "
        f"{last.count} before (head {last}): records may have been removed."
    )
    return False


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
    data_dir = _data_dir(args, paths)
    try:
        with _open(data_dir) as log:
            flt = LogFilter(date_from=args.date_from, date_to=args.date_to)
            with log.snapshot():
                total = log.count(flt)
                limit = args.limit if args.limit > 0 else max(total, 1)
                records = log.query(flt, limit=limit)
                head = log.head()
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
    return OK if _check_head(data_dir, head) else FAILED


def cmd_log_verify(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log verify`: walk the chain; "OK: N records, head N:HASH" or name the first bad one."""
    data_dir = _data_dir(args, paths)
    expected = None
    if args.expect_head:
        try:
            expected = ChainHead.parse(args.expect_head)
        except ValueError as exc:
            _err(f"error: {exc}")
            return USAGE
    try:
        with _open(data_dir) as log:
            result = log.verify(expected)
    except LogError as exc:
        _err(f"FAILED: {exc}")
        return FAILED
    print(describe(result))
    if not result.ok:
        return FAILED
    return OK if _check_head(data_dir, result.head) else FAILED


def cmd_log_export(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log export`: the records in the period as CSV, JSON or PDF, with the chain head."""
    data_dir = _data_dir(args, paths)
    out: Path = args.output
    try:
        with _open(data_dir) as log:
            if args.format == "pdf":
                from brightline.reports.pdf import write_records_pdf

                with log.snapshot():
                    now = datetime.now(UTC).isoformat(timespec="seconds")
                    info = ExportInfo(log.head(), now, args.date_from, args.date_to, args.redact_staff)
                    flt = period_filter(args.date_from, args.date_to)
                    count = write_records_pdf(out, prepared_records(log, flt, args.redact_staff), info)
                head = info.head
            else:
                done = write_export(
                    log, out, args.format, date_from=args.date_from, date_to=args.date_to, redact=args.redact_staff
                )
                count, head = done.count, done.head
    except LogError as exc:
        return _fail(exc)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    print(f"Exported {count} records to {out} (chain head {head})")
    return OK if _check_head(data_dir, head) else FAILED


def cmd_log_report(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log report`: the audit report as PDF; exit 1 if the chain did not verify."""
    data_dir = _data_dir(args, paths)
    out: Path = args.output
    try:
        with _open(data_dir) as log:
            report = build_report(log, args.date_from, args.date_to)
        from brightline.reports.pdf import write_report_pdf

        write_report_pdf(out, report)
    except LogError as exc:
        return _fail(exc)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    check = report.verification
    print(
        f"Report written to {out}: {report.contacts} contacts, "
        f"{report.decline_share:.0%} declined; chain head {report.head}"
    )
    if check is not None and not check.ok:
        _err(describe(check))
        return FAILED
    return OK if _check_head(data_dir, report.head) else FAILED


def cmd_log_import_pending(args: argparse.Namespace, paths: Paths | None = None) -> int:
    """`log import-pending`: enter the records saved while the log could not take them."""
    data_dir = _data_dir(args, paths)
    try:
        with _open(data_dir, create=True) as log:
            result = import_pending(pending_folder(data_dir), log)
            head = log.head()
    except LogError as exc:
        return _fail(exc)
    print(f"Imported {result.imported} pending records (chain head {head})")
    for path, reason in result.failed:
        _err(f"not imported: {path}: {reason}")
    _check_head(data_dir, head)
    return FAILED if result.failed else OK


def record_walk(data_dir: Path, draft: ContactDraft, *, busy_timeout: float = 5.0) -> int:
    """Log `draft` (built from a finished walk) for `brightline walk --record`; an exit code.

    0: logged (prints the record id and chain head). 2: the draft has problems (printed).
    3: the log could not take it; the draft was saved as a pending file (path printed) to be
    entered with `brightline log import-pending`, or, if even that failed, printed as JSON.
    `busy_timeout`: seconds to wait for another program writing to the log.
    """
    folder = pending_folder(data_dir)
    head = None
    try:
        with _open(data_dir, create=True, busy_timeout=busy_timeout) as log:
            result = save_or_keep_pending(log, draft, folder)
            if result.record is not None:
                head = log.head()
    except LogValidationError as exc:
        _err("The contact was not logged:")
        for line in _problem_text(exc.problems):
            _err(f"  {line}")
        return USAGE
    except LogError as exc:  # the log could not be opened
        result = save_or_keep_pending(None, draft, folder, unusable=exc)
    if result.record is not None and head is not None:
        print(f"Logged contact #{result.record.id} (chain head {head})")
        _check_head(data_dir, head)
        return OK
    _err(f"error: {result.error}")
    if result.pending_error is not None:
        _err(f"The record could not be saved either ({result.pending_error}). Copy it from here:")
        print(json.dumps(draft.to_content(), ensure_ascii=False, indent=1))
        return LOG_UNUSABLE
    _err(f"The record was saved to {result.pending_path}; enter it later with `brightline log import-pending`.")
    return LOG_UNUSABLE
