"""`brightline log list|export|report|verify --department`: the same commands over the
department's log on its server (`brightline.core.department.views.DepartmentLog`), read with the
account the machine-wide configuration names (an auditor's configuration names the auditor's).

Exit codes as `brightline.cli.log`'s: 0 done (verify: every machine's chain, checkpoints and
kept counts hold, no machine is refused); 1 verification found something, naming the machine; 2 bad arguments; 3 the department's log could not be read (the message says why).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.cli.log import chart_colours_for_print, print_checkpoint, record_wording, signing_key
from brightline.core.contact_log.filters import LogFilter
from brightline.core.department.errors import DepartmentError
from brightline.core.machine_config import MachineConfig, MachineConfigError, load_machine_config
from brightline.core.text import count_words

if TYPE_CHECKING:
    from brightline.core.department.views import DepartmentLog
    from brightline.core.paths import Paths

OK, FAILED, USAGE, UNUSABLE = 0, 1, 2, 3


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _open(args: argparse.Namespace) -> tuple[DepartmentLog, MachineConfig] | int:
    from brightline.core.department.views import DepartmentLog

    try:
        config = load_machine_config(args.department or None)
        return DepartmentLog.open(config), config
    except (MachineConfigError, DepartmentError) as exc:
        _err(f"error: {exc}")
        return UNUSABLE


def _filter(args: argparse.Namespace) -> LogFilter:
    return LogFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        machine=getattr(args, "machine", "") or "",
        unit=getattr(args, "unit", "") or "",
    )


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    """`log list --department`: machine, id, contact time, staff, agency, request, verdict."""
    opened = _open(args)
    if isinstance(opened, int):
        return opened
    log, _ = opened
    flt = _filter(args)
    try:
        with log, log.snapshot():
            total = log.count_quickly(flt, 1_000_000)
            limit = args.limit if args.limit > 0 else max(total.at_least, 1)
            records = log.query(flt, limit=limit)
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    for r in records:
        d = r.draft
        mark = f" [{d.kind} of #{d.corrects}]" if d.corrects is not None else ""
        print(
            f"{r.machine[:16]:<16} {r.id:>7}  {d.contact_time:<25}  {d.staff_name[:24]:<24}  {d.agency[:18]:<18}  "
            f"{d.request_type[:28]:<28}  {d.verdict or '-'}{mark}"
        )
    more = "" if total.exact else " or more"
    _err(f"{len(records)} of {total.at_least:,}{more} records shown, from the department's server")
    return OK


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    """`log export --department`: the department's records as CSV, JSON or PDF."""
    from brightline.core.department.summary import export_header
    from brightline.reports.log_export import export_log

    opened = _open(args)
    if isinstance(opened, int):
        return opened
    log, config = opened
    assert config.department is not None
    out: Path = args.output
    try:
        with log:
            info = export_log(
                log, out, args.format, date_from=args.date_from, date_to=args.date_to, redact=args.redact_staff,
                key=signing_key(paths), department=export_header(log, config.department.name), flt=_filter(args),
                wording=record_wording(paths),
            )  # fmt: skip
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    print(f"Exported {info.count} records of the department's log to {out}")
    print_checkpoint(info.checkpoint)
    return OK


def cmd_report(args: argparse.Namespace, paths: Paths) -> int:
    """`log report --department`: the department's audit report for a period (PDF)."""
    from brightline.core.contact_log.exports import build_report
    from brightline.core.department.summary import department_summary
    from brightline.core.department.verify import verify_department
    from brightline.reports.pdf import write_report_pdf

    opened = _open(args)
    if isinstance(opened, int):
        return opened
    log, config = opened
    assert config.department is not None
    out: Path = args.output
    try:
        with log:
            check = verify_department(log)
            report = build_report(
                log, args.date_from, args.date_to, verify=False, key=signing_key(paths), wording=record_wording(paths)
            )
            summary = department_summary(log, config.department.name, args.date_from, args.date_to, check)
        report = replace(report, verification=check.overall(), department=summary)
        write_report_pdf(out, report, chart_colours_for_print())
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return USAGE
    print(
        f"Report written to {out}: {count_words(report.contacts, 'contact')} from "
        f"{count_words(len(summary.machines), 'machine')}, {report.decline_share:.0%} declined; "
        f"{count_words(summary.machines_with_unsent, 'machine')} had unsent records at their last check-in; "
        f"{count_words(len(summary.open_refusals), 'machine')} refused"
    )
    if not check.ok or check.refusals:
        for line in check.lines():
            if "FAILED" in line or "REFUSED" in line:
                _err(line)
        return FAILED
    return OK


def cmd_verify(args: argparse.Namespace, paths: Paths) -> int:
    """`log verify --department`: every machine's chain, signed checkpoints and the counts the
    report sums, and the machines whose own history diverges from the server's."""
    from brightline.core.department.verify import verify_department

    opened = _open(args)
    if isinstance(opened, int):
        return opened
    log, _ = opened
    try:
        with log:
            check = verify_department(log)
    except DepartmentError as exc:
        _err(f"error: {exc}")
        return UNUSABLE
    for line in check.lines():
        print(line)
    records = sum(m.result.count for m in check.machines)
    if check.ok and not check.refusals:
        print(
            f"OK: {count_words(len(check.machines), 'machine')}, {count_words(records, 'record')}, "
            f"department head {check.head}"
        )
        return OK
    print(f"FAILED: {', '.join(check.failed_machines())}")
    return FAILED
