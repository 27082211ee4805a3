"""Recording the contact a walk handled, from its outcome page, and the reminder before leaving.

The recorder keeps one state per walk (the controller makes a new Walk for each situation
opened): the walk's draft id, what was typed into the form, and what became of it — logged as
record N, or kept as a pending file. The draft id stays with the walk, so saving it again (a
second click, a retry once a locked log is free, the pending file imported later) logs it once.
Once logged, the outcome offers a correction instead.

The controller asks `may_leave` before any move away from a finished walk (new situation,
back, a step, restart, another pack) and the window asks before closing: an outcome the pack
marks `documentation_required` that has not been recorded gets "This contact has not been
recorded" with Record it now / Leave without recording / Stay on this page, which only a
deliberate choice answers (`brightline.ui.unrecorded_dialog`). Outcome pages that are not
recordable (training) are never offered for recording and never remind.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from brightline.ui.contact_log import words
from brightline.ui.contact_log.save_messages import explain_not_logged, offer_pending_import
from brightline.ui.contact_log.service import ContactLogService

if TYPE_CHECKING:
    from brightline.core.contact_log.pending import SaveResult
    from brightline.core.contact_log.records import ContactDraft
    from brightline.core.contact_log.wording import RecordWording
    from brightline.core.walk import Walk
    from brightline.ui.controller import WalkController
    from brightline.ui.outcome_page import OutcomePage
    from brightline.ui.settings import UiSettings

# The answers to the reminder.
RECORD_NOW, LEAVE, STAY = "record", "leave", "stay"
# What the form keeps between openings for one walk (so a cancelled or pending form is not retyped).
_ENTERED = ("contact_time", "staff_name", "staff_badge", "agency", "official_name", "official_badge", "method",
            "document", "notes")  # fmt: skip


class ContactRecorder(QObject):
    """'Record this contact' for the walk on the outcome page."""

    state_changed = Signal()
    """What is recorded for the current walk changed (saved, kept as pending, corrected)."""

    def __init__(
        self,
        controller: WalkController,
        outcome: OutcomePage,
        service: ContactLogService,
        settings: UiSettings,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.controller = controller
        self.outcome = outcome
        self.service = service
        self.settings = settings
        self._parent = parent_widget
        self._walk: Walk | None = None
        self.draft_id = ""
        self._entered: dict[str, Any] = {}
        self.record_id: int | None = None
        self.corrections: list[int] = []
        self.pending_reason = ""
        self.kept_outside = ""  # where the officer kept a record neither the log nor a file could take
        controller.walk_finished.connect(self._on_controller_walk_finished)
        outcome.record_requested.connect(self._on_outcome_record_requested)
        controller.set_leave_guard(self.may_leave)

    # -- state ----------------------------------------------------------------------------------
    def _sync_walk(self) -> None:
        import uuid  # here, not at start-up: most windows never record

        walk = self.controller.walk
        if walk is not self._walk:
            self._walk = walk
            self.draft_id = uuid.uuid4().hex
            self._entered = {}
            self.record_id = None
            self.corrections = []
            self.pending_reason = ""
            self.kept_outside = ""

    @property
    def is_kept(self) -> bool:
        """The walk's contact is logged, safely kept as a pending file, or kept by the officer
        (saved elsewhere or printed) when neither could be written."""
        return self.record_id is not None or bool(self.pending_reason) or bool(self.kept_outside)

    def _show_state(self) -> None:
        if self.record_id is not None:
            text = f"\u2713 Recorded as contact #{self.record_id}."
            if self.corrections:
                text += " Corrected by " + ", ".join(f"#{n}" for n in self.corrections) + "."
            self.outcome.show_record_state(text, True, f"Correct record #{self.record_id}\u2026")
        elif self.pending_reason:
            self.outcome.show_record_state(
                f"\u2713 Saved to a file to enter later ({self.pending_reason}). Record again to try the log now.",
                True,
                "Record this contact\u2026",
            )
        elif self.kept_outside:
            self.outcome.show_record_state(
                f"\u26a0 Not in the contact log yet: {self.kept_outside}. Enter it when the log works again.",
                True,
                "Record this contact\u2026",
            )
        self.state_changed.emit()

    @Slot()
    def _on_controller_walk_finished(self) -> None:
        self._sync_walk()
        if self.is_kept:
            self._show_state()

    # -- recording ------------------------------------------------------------------------------
    @Slot()
    def _on_outcome_record_requested(self) -> None:
        self.record()

    def base_draft(self) -> ContactDraft:
        """The draft for the walk on screen: from the walk (the document presented, where its
        answers name it), with what was typed before."""
        from datetime import datetime

        from brightline.core.contact_log.from_walk import document_from_answers, draft_from_walk

        c = self.controller
        assert c.pack is not None and c.tree is not None and c.walk is not None
        draft = draft_from_walk(
            c.pack,
            c.tree,
            c.walk,
            datetime.now().astimezone(),
            staff_name=self.settings.staff_name,
            staff_badge=self.settings.staff_badge,
            agency="",
            method="",
            document=document_from_answers(c.tree, c.walk.steps),
        )
        return replace(draft, draft_id=self.draft_id, **self._entered)

    def record(self) -> bool:
        """Open the form for this walk's contact (or its correction); True if it was kept."""
        import uuid

        from brightline.ui.contact_log.record_dialog import CORRECTION, RECORD, RecordContactDialog

        c = self.controller
        if not (c.finished and self.outcome.is_recordable()):
            return False
        self._sync_walk()
        # Whether this record can be saved is found out now, not after the form is filled in.
        self.service.log()
        self.service.check_writable()
        base = self.base_draft()
        mode = RECORD
        if self.record_id is not None:
            # Logged already: what the user wants now is a correction pointing at it.
            base = replace(base, kind="correction", corrects=self.record_id, draft_id=uuid.uuid4().hex)
            mode = CORRECTION
        dialog = RecordContactDialog(
            base,
            self.service.save,
            mode=mode,
            original_id=self.record_id,
            notice=words.save_notice(self.service.health),
            wording=self._wording(),
            parent=self._parent,
        )
        accepted = dialog.exec() == RecordContactDialog.DialogCode.Accepted
        draft = dialog.draft()
        self._entered = {name: getattr(draft, name) for name in _ENTERED}
        if accepted:
            # Unticking "Remember" forgets: the next person at a shared workstation starts blank.
            keep = dialog.remember.isChecked()
            self.settings.staff_name = draft.staff_name if keep else ""
            self.settings.staff_badge = draft.staff_badge if keep else ""
        result = dialog.saved
        dialog.deleteLater()
        if not accepted or result is None:
            return False
        return self._saved(draft, result, mode == CORRECTION)

    def _saved(self, draft: ContactDraft, result: SaveResult, correction: bool) -> bool:
        if result.record is not None:
            if correction:
                self.corrections.append(result.record.id)
            else:
                self.record_id = result.record.id
                self.pending_reason = ""
            self._show_state()
            if result.duplicate and not correction:
                self.outcome.show_record_state(
                    f"\u2713 Already recorded as contact #{result.record.id}; it was not saved twice.",
                    True,
                    f"Correct record #{result.record.id}\u2026",
                )
            offer_pending_import(self.service, self._parent)
            return True
        if result.pending_path is not None and not correction:
            self.pending_reason = words.error_reason(result.error) if result.error else ""
            self._show_state()
        kept = explain_not_logged(self._parent, draft, result, self._wording())
        if result.pending_path is None and kept and not correction:
            self.kept_outside = "you kept it yourself (saved elsewhere or printed)"
            self._show_state()
        return kept

    def _wording(self) -> RecordWording:
        from brightline.core.contact_log.wording import RecordWording

        pack = self.controller.pack
        return RecordWording({pack.id: pack} if pack is not None else {})

    # -- the reminder ---------------------------------------------------------------------------
    def needs_reminder(self) -> bool:
        """The outcome on screen must be documented and its contact has not been kept."""
        c = self.controller
        if not (c.finished and self.outcome.is_recordable()):
            return False
        assert c.current is not None
        self._sync_walk()
        return c.current.documentation_required and not self.is_kept

    def may_leave(self) -> bool:
        """Ask before leaving an outcome that must be documented and was not; False to stay."""
        if not self.needs_reminder():
            return True
        answer = self.ask_before_leaving()
        if answer == RECORD_NOW:
            return self.record()
        return answer == LEAVE

    def ask_before_leaving(self) -> str:
        """The reminder: RECORD_NOW, LEAVE or STAY (Stay on this page, Escape)."""
        from brightline.ui.unrecorded_dialog import UnrecordedContactDialog

        dialog = UnrecordedContactDialog(self._parent)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        return {"record": RECORD_NOW, "leave": LEAVE}.get(choice, STAY)
