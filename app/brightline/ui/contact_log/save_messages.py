"""What the window tells the user when a record could not go into the log, and when the records
kept as files while it could not are entered.

Shared by the outcome page's recorder and the log window (corrections, addenda): the record was
kept as a pending file (a warning: nothing is lost, it will be entered later), or even that failed
(the record in words, to save elsewhere, copy or print, so that still nothing is lost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from brightline.ui.contact_log import words

if TYPE_CHECKING:
    from brightline.core.contact_log.pending import SaveResult
    from brightline.core.contact_log.records import ContactDraft
    from brightline.core.contact_log.wording import RecordWording
    from brightline.ui.contact_log.service import ContactLogService


def explain_not_logged(parent: QWidget, draft: ContactDraft, result: SaveResult, wording: RecordWording) -> bool:
    """Tell the user why `draft` is not in the log; True if it was kept: as a pending file, or, when
    even that failed, saved elsewhere or printed by the user (`UnsavedRecordDialog`)."""
    assert result.error is not None
    if result.pending_path is None:
        from brightline.ui.contact_log.unsaved_dialog import UnsavedRecordDialog

        why = words.os_error_words(result.pending_error) if result.pending_error else "it could not be written"
        reason = f"{words.error_headline(result.error)} It could not be kept as a file here either: {why}."
        dialog = UnsavedRecordDialog(draft, reason, wording, parent)
        dialog.exec()
        kept = dialog.kept
        dialog.deleteLater()
        return kept
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Contact saved to enter later",
        f"{words.error_headline(result.error)} The record was not added to the log.\n\n"
        f"It was saved to a file instead, so nothing you typed is lost:\n{result.pending_path}\n\n"
        "Brightline offers to enter it when the log works again (the contact log's status, or "
        "\u201cbrightline log import-pending\u201d).",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(words.error_text(result.error))
    box.setObjectName("notLoggedMessage")
    box.exec()
    box.deleteLater()
    return True


def offer_pending_import(service: ContactLogService, parent: QWidget) -> None:
    """The log took a record: if records kept as files are waiting, offer to enter them now."""
    waiting = service.health.pending
    if not waiting:
        return
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Enter the saved records?",
        f"The contact log works again. {words.records(waiting)} saved to a file while it did not "
        f"{'is' if waiting == 1 else 'are'} waiting to be entered.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("pendingOffer")
    enter = box.addButton("&Enter them now", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(enter)
    box.exec()
    chosen = box.clickedButton() is enter
    box.deleteLater()
    if chosen:
        import_pending_with_message(service, parent)


def import_pending_with_message(service: ContactLogService, parent: QWidget) -> None:
    """Enter the records kept as files and say how it went."""
    from brightline.core.contact_log.errors import LogError

    try:
        result = service.import_pending()
    except LogError as exc:
        QMessageBox.warning(parent, "Saved records not entered", words.error_text(exc) + "\n\nThe files are kept.")
        return
    text = f"{words.records(result.imported)} entered into the contact log."
    if result.failed:
        text += "\n\nThese files could not be entered and were left where they are:\n" + "\n".join(
            f"{path.name}: {reason}" for path, reason in result.failed
        )
    box = QMessageBox(
        QMessageBox.Icon.Information, "Saved records entered", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("pendingImportedMessage")
    box.exec()
    box.deleteLater()
