"""What the contact-log windows say: labels for choices and fields, problems, log errors. Qt-free.

The core returns codes (`Problem.code`, `LogError.code`, verification problems); this module turns
them into sentences. The problem predicates ("is required" …) are the core's
(`brightline.core.contact_log.records.problem_words`), so the command line and the window say the
same thing; the field labels are the form's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

# The labels of a record's codes are the core's (brightline.core.contact_log.wording), so the
# exports say what the window says. Read from there on first use: this module is imported as the
# main window finishes building, and the core's record module is not needed until a record is.
_FROM_WORDING = ("DOCUMENT_LABELS", "KIND_LABELS", "METHOD_LABELS", "document_label", "method_label")


def __getattr__(name: str) -> Any:
    if name in _FROM_WORDING:
        from brightline.core.contact_log import wording

        return getattr(wording, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def records(n: int) -> str:
    """ "1 record", "12 records"."""
    from brightline.core.text import count_words

    return count_words(n, "record")


if TYPE_CHECKING:
    from brightline.core.contact_log.errors import LogError
    from brightline.core.contact_log.records import Problem
    from brightline.core.contact_log.verify import VerifyResult
    from brightline.ui.contact_log.service import LogHealth

# The labels of the record's codes are the core's, so the exports say what the window says.

# The window's one-line headline for a failed verification, by problem code (verify.py).
VERIFY_HEADLINES = {
    "truncated": "Contact log is shorter than before",
    "head_mismatch": "Contact log was rewritten or replaced",
    "replaced": "Contact log was replaced",
    "damaged": "Contact log file is damaged",
}
# Suggestions only: the agency field takes any text.
AGENCIES = ("ICE ERO", "ICE HSI", "CBP", "USCIS", "DHS (other)", "U.S. Marshals (for ICE)")

FIELD_LABELS = {
    "contact_time": "Date and time",
    "staff_name": "Your name",
    "staff_badge": "Your badge or ID",
    "agency": "Agency",
    "official_name": "Official's name",
    "official_badge": "Official's badge or ID",
    "method": "How the contact came",
    "document": "Document presented",
    "notes": "Notes text",
    "request_type": "What was requested",
    "verdict": "Response",
    "corrects": "The record corrected",
}

STATUS_WARNING = (
    "Do not write anyone's immigration or citizenship status here. The log never records it, "
    "and the policy forbids collecting it."
)


def status_words_found(phrases: Iterable[str], where: str = "Your notes") -> str:
    """ "Your notes mention “undocumented” and “sin papeles”." for the phrases the check found."""
    quoted = [f"\u201c{p}\u201d" for p in phrases]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return f"{where} mention{'s' if where != 'Your notes' else ''} {listed}."


_LOG_ERROR_HEADLINES = {
    "locked": "The contact log is in use by another program or Brightline window.",
    "read_only": "The contact log is read-only here.",
    "corrupt": "The contact log file is damaged, or is not a contact log.",
    "newer_schema": "The contact log was written by a newer version of Brightline.",
    "disk_full": "The disk holding the contact log is full.",
    "cannot_open": "The contact log cannot be opened.",
    "missing": "There is no contact log here yet.",
    "io": "The computer reported an error reading or writing the contact log.",
}

_LOG_ERROR_REASONS = {
    "locked": "the log is in use elsewhere",
    "read_only": "the log is read-only",
    "corrupt": "the log file is damaged",
    "newer_schema": "the log is from a newer Brightline",
    "disk_full": "the disk is full",
    "cannot_open": "the log cannot be opened",
    "missing": "there is no log",
    "io": "the disk reported an error",
}


def problem_message(problem: Problem) -> str:
    """ "Your name is required." for one problem with a draft."""
    from brightline.core.contact_log.records import problem_words

    label = FIELD_LABELS.get(problem.field, problem.field.replace("_", " ").capitalize())
    text = f"{label} {problem_words(problem.code)}"
    if problem.code == "too_long" and "max" in problem.params:
        text += f" (at most {int(problem.params['max']):,} characters)"
    elif problem.code == "not_original" and "original" in problem.params:
        text += f" (correct record #{problem.params['original']} instead)"
    return text + "."


def problem_messages(problems: Iterable[Problem]) -> list[str]:
    return [problem_message(p) for p in problems]


def error_headline(error: LogError) -> str:
    """One sentence saying what is wrong with the log, for a title or a status line."""
    return _LOG_ERROR_HEADLINES.get(error.code, "The contact log cannot be used.")


def error_reason(error: LogError) -> str:
    """A few words for "saved to a file to enter later (…)"."""
    return _LOG_ERROR_REASONS.get(error.code, "the log cannot be used")


def error_text(error: LogError) -> str:
    """The headline, the core's explanation (what to do) and the file."""
    detail = error.detail[:1].upper() + error.detail[1:].rstrip(".") + "."
    return f"{error_headline(error)}\n\n{detail}\n\nFile: {error.path}"


def verify_failure(result: VerifyResult) -> str:
    """What a failed verification found, in the command line's words."""
    from brightline.core.contact_log.verify import describe

    return describe(result).removeprefix("FAILED: ")


_OS_ERRORS = {
    "EROFS": "the disk or folder is read-only",
    "EACCES": "this account may not write there",
    "EPERM": "this account may not write there",
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is used up",
    "ENOENT": "the folder does not exist",
    "EISDIR": "a folder has that name",
    "ENAMETOOLONG": "the name is too long",
}


def os_error_words(error: OSError) -> str:
    """Why a file could not be written, in words ("the disk or folder is read-only"), never
    "[Errno 30] Read-only file system: '…'"."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_ERRORS.get(name) or (error.strerror or "the computer refused").lower()


def where_records_go(files_blocked: bool) -> str:
    """What becomes of a record saved while the log cannot take it."""
    if files_blocked:
        return (
            "Records cannot be kept as files here either: when you save one, Brightline offers to save it "
            "elsewhere (a folder you choose), copy it or print it."
        )
    return "Records you save are kept as files and entered when the log works again."


def save_notice(health: LogHealth) -> str:
    """What the record form says at its top when the log cannot take the record ("" when it can)."""
    if health.state == "unusable":
        problem = health.detail.partition("\n")[0]  # the error's headline
    elif health.write_problem:
        problem = health.write_problem.partition(". ")[0] + "."
    else:
        return ""
    return f"\u26a0 {problem.rstrip('.')}. You can still fill in the form. {where_records_go(health.files_blocked)}"
