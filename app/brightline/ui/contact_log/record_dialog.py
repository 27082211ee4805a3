"""The contact form: what staff enter about one contact, beside what the walk filled in.

One form for the three kinds of record: a new record from an outcome, a correction of a logged
record (every field editable, filled from the version being corrected) and an addendum (the
contact's facts fixed; who adds it, and the notes). The form checks with `validate_draft` and
shows every problem at once, in words, beside a red outline on each field concerned; the first
one gets the focus. Saving goes through the `save` function it is given, so a record the log
refuses (say, naming a record that is not there) keeps the form open with the reason.

Words that describe someone's immigration status (`brightline.core.status_words`) are pointed out
as they are typed, and saving with them asks first: edit the notes (the default, also Enter and
Escape) or save as written.

When the log cannot take the record (read-only, locked, damaged), the form says so at its top
as it opens, before anything is typed, with what will become of the record. It opens as large as
the screen allows; on a small screen the fields scroll while the heading, the problems and the
buttons stay in view.

Keyboard: every field has a mnemonic, Tab goes through them in reading order (also out of the
notes), Enter in a one-line field or Ctrl+Enter anywhere saves, Escape cancels.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, Slot
from PySide6.QtGui import QIcon, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from brightline.core.contact_log.wording import RecordWording, count_words, document_label, method_label
from brightline.ui.contact_log import words
from brightline.ui.contact_log.form_parts import caption, fit_to_screen, scrolling
from brightline.ui.contact_log.style import log_style

if TYPE_CHECKING:
    from brightline.core.contact_log.pending import SaveResult
    from brightline.core.contact_log.reading import RecordDetail
    from brightline.core.contact_log.records import ContactDraft, Problem

RECORD, CORRECTION, ADDENDUM = "record", "correction", "addendum"
TITLES = {RECORD: "Record this contact", CORRECTION: "Correct record #{id}", ADDENDUM: "Add to record #{id}"}
_TIME_FORMAT = "yyyy-MM-dd HH:mm"
# As large as the form likes to be; smaller screens get less, and the form scrolls.
PREFERRED_SIZE = QSize(1000, 680)


def _choices(codes: Sequence[str], label: Callable[[str], str], current: str, placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(placeholder, "")
    for code in codes:
        combo.addItem(label(code), code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    # The longest choice must not set the form's width; the list pops up as wide as it needs.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo


def follow_up_base(detail: RecordDetail, kind: str, staff_name: str, staff_badge: str) -> ContactDraft:
    """The form's start for a correction (the record as it now stands) or an addendum (its facts,
    who adds it, empty notes) of `detail`'s original record."""
    corrections = [r for r in detail.corrections if r.draft.kind == "correction"]
    latest = (corrections[-1] if corrections else detail.record).draft
    base = replace(latest, kind=kind, corrects=detail.record.id, draft_id=uuid.uuid4().hex)
    if kind == ADDENDUM:
        base = replace(base, notes="", staff_name=staff_name, staff_badge=staff_badge)
    return base


class RecordContactDialog(QDialog):
    """The form for one contact record, correction or addendum."""

    def __init__(
        self,
        base: ContactDraft,
        save: Callable[[ContactDraft], SaveResult],
        *,
        mode: str = RECORD,
        original_id: int | None = None,
        notice: str = "",
        wording: RecordWording | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`notice`, when given, is said above the form before anything is typed (the log cannot
        take the record, and what will become of it); `wording` (with the packs) names the guidance."""
        super().__init__(parent)
        self.setObjectName("recordContactDialog")
        self.setStyleSheet(log_style())
        self._base = base
        self._save = save
        self._mode = mode
        self._wording = wording or RecordWording()
        self.saved: SaveResult | None = None
        title = TITLES[mode].format(id=original_id)
        self.setWindowTitle(f"{title} \u2014 Brightline")
        self._make_fields()
        self._make_status_warnings()
        self._connect_fields()
        self._lay_out(title, notice)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self).activated.connect(self._on_save_button_clicked)
        self._on_notes_text_changed()
        fit_to_screen(self, PREFERRED_SIZE)
        # The first field still to fill: the name (unless remembered), else the agency.
        self._first: QWidget = self.staff_name if mode == ADDENDUM or not base.staff_name else self.agency
        self._first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -------------------------------------------------------------------------------
    def _make_fields(self) -> None:
        """The fields, filled from the draft; an addendum keeps the contact's facts as logged."""
        from brightline.core.contact_log.records import DOCUMENTS, METHODS

        base = self._base
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat(_TIME_FORMAT)
        self.when.setCalendarPopup(True)
        wall = self._wall_time(base.contact_time)
        self.when.setDateTime(QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute)))
        self.staff_name = QLineEdit(base.staff_name)
        self.staff_badge = QLineEdit(base.staff_badge)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.addItems(list(words.AGENCIES))
        self.agency.setCurrentText(base.agency)
        agency_edit = self.agency.lineEdit()
        assert agency_edit is not None
        agency_edit.setPlaceholderText("e.g. ICE ERO, CBP")
        self.official_name = QLineEdit(base.official_name)
        self.official_name.setPlaceholderText("as they gave it")
        self.official_name.setToolTip("As the official gave it; leave it empty if they would not say")
        self.official_badge = QLineEdit(base.official_badge)
        self.official_badge.setPlaceholderText("as shown or given")
        self.method = _choices(METHODS, method_label, base.method, "Choose how\u2026")
        self.document = _choices(DOCUMENTS, document_label, base.document, "Choose the document\u2026")
        self.notes = QPlainTextEdit(base.notes)
        self.notes.setObjectName("notesField")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes: the form stays keyboard-only
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.notes.setPlaceholderText("What happened, what was said, what was handed over\u2026")
        self.remember = QCheckBox("&Remember my name and badge on this workstation")
        self.remember.setChecked(True)
        self._fields: dict[str, QWidget] = {
            "contact_time": self.when,
            "staff_name": self.staff_name,
            "staff_badge": self.staff_badge,
            "agency": self.agency,
            "official_name": self.official_name,
            "official_badge": self.official_badge,
            "method": self.method,
            "document": self.document,
            "notes": self.notes,
        }
        for name, widget in self._fields.items():
            widget.setAccessibleName(words.FIELD_LABELS.get(name, name))
        if self._mode == ADDENDUM:
            # The contact's facts stay as logged; an addendum adds who wrote it and what.
            for widget in (self.when, self.agency, self.official_name, self.official_badge, self.method, self.document):
                widget.setEnabled(False)

    def _make_status_warnings(self) -> None:
        """The standing warning against immigration status, and the words found as they are typed."""
        self._status_warning = QLabel("\u26a0 Never write anyone's immigration or citizenship status here.")
        self._status_warning.setObjectName("statusWarning")
        self._status_warning.setToolTip(words.STATUS_WARNING)
        self._status_warning.setWordWrap(True)
        self._status_found = QLabel()
        self._status_found.setObjectName("formProblems")
        self._status_found.setWordWrap(True)
        self._status_found.setVisible(False)

    def _connect_fields(self) -> None:
        self.notes.textChanged.connect(self._on_notes_text_changed)
        for line in (self.staff_name, self.staff_badge, self.official_name, self.official_badge):
            line.textChanged.connect(self._on_fields_changed)
        self.agency.currentTextChanged.connect(self._on_fields_changed)
        self.method.currentIndexChanged.connect(self._on_fields_changed)
        self.document.currentIndexChanged.connect(self._on_fields_changed)
        self.when.dateTimeChanged.connect(self._on_fields_changed)

    def _form_column(self) -> QVBoxLayout:
        """Who, when, with whom, how: the fields staff type, with their captions."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        for text, widget, required in (
            ("Date and &time", self.when, True),
            ("Your na&me", self.staff_name, True),
            ("Your &badge or ID", self.staff_badge, True),
            ("&Agency", self.agency, True),
            ("&Official's name", self.official_name, False),
            ("Official's badge or &ID", self.official_badge, False),
            ("&How the contact came", self.method, True),
            ("&Document presented", self.document, True),
        ):
            form.addRow(caption(text, widget, required), widget)
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(self.remember)
        hint = QLabel("* required. Enter or Ctrl+Enter saves; Escape cancels.")
        hint.setObjectName("statusHint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addStretch(1)
        return column

    def _notes_column(self) -> QVBoxLayout:
        """What the walk says, then the notes with the warning against status words."""
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(self._facts_box())
        column.addWidget(caption("&Notes", self.notes, self._mode == ADDENDUM))
        column.addWidget(self._status_warning)
        column.addWidget(self.notes, 1)
        column.addWidget(self._status_found)
        return column

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save record")
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setAutoDefault(False)
        cancel.setIcon(QIcon())  # no style icon: the Save button has none either
        buttons.rejected.connect(self.reject)
        return buttons

    def _lay_out(self, title: str, notice: str) -> None:
        """Heading, notice and problems on top, the two columns (scrolling on a small screen), the
        buttons always in view at the bottom."""
        heading = QLabel(title)
        heading.setObjectName("logHeading")
        self.notice = QLabel(notice)
        self.notice.setObjectName("formNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(notice))
        self.problems = QLabel()
        self.problems.setObjectName("formProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setVisible(False)
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        row.addLayout(self._form_column(), 4)
        row.addLayout(self._notes_column(), 5)
        scroll = scrolling(columns, "recordFormScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.problems)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._buttons())
        # A fixed minimum rather than one that follows the content: the problems banner appearing
        # must not resize a shown window (and offscreen Qt warns whenever one is asked to).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(560, 400)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Showing a dialog focuses its first field in the tab order; start where typing is needed.
        if not self.problems.isVisible():
            self._first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    @staticmethod
    def _wall_time(contact_time: str) -> datetime:
        from brightline.core.contact_log.records import parse_contact_time

        try:
            when = parse_contact_time(contact_time)
        except ValueError:
            return datetime.now().replace(second=0, microsecond=0)
        return when.replace(tzinfo=None)  # the wall time as it was entered

    def _facts_box(self) -> QFrame:
        """What the walk (or the record corrected) says, shown but not editable."""
        base = self._base
        wording = self._wording
        stored = (
            f"Stored with the record: the guidance ({wording.guidance(base)}), the "
            f"walk's {count_words(len(base.path), 'step')} (answers and notes read) with their times, and the "
            f"{count_words(len(base.citations), 'citation')} shown."
        )
        box = QFrame()
        box.setObjectName("logFacts")
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        for label_text, text in (
            ("What was requested", wording.request(base)),
            ("Response given", wording.response(base)),
            ("", stored),
        ):
            if label_text:
                label = QLabel(label_text)
                label.setObjectName("factLabel")
                layout.addWidget(label)
            value = QLabel(text)
            value.setObjectName("factText" if label_text else "logMuted")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            layout.addWidget(value)
        return box

    # -- the draft ------------------------------------------------------------------------------
    def draft(self) -> ContactDraft:
        """The draft as the form now stands."""
        wall = self.when.dateTime().toPython()
        assert isinstance(wall, datetime)
        when = wall.replace(second=0, microsecond=0).astimezone()  # local time with its offset
        return replace(
            self._base,
            contact_time=when.isoformat(timespec="minutes"),
            staff_name=self.staff_name.text().strip(),
            staff_badge=self.staff_badge.text().strip(),
            agency=self.agency.currentText().strip(),
            official_name=self.official_name.text().strip(),
            official_badge=self.official_badge.text().strip(),
            method=str(self.method.currentData() or ""),
            document=str(self.document.currentData() or ""),
            notes=self.notes.toPlainText().strip(),
        )

    def check(self, focus: bool = True) -> list[Problem]:
        """Show (and return) what stops the draft from being saved; none clears the messages."""
        from brightline.core.contact_log.records import Problem, validate_draft

        draft = self.draft()
        problems = validate_draft(draft)
        if self._mode == ADDENDUM and not draft.notes:
            problems.append(Problem("notes", "missing"))
        self.show_problems(problems, focus)
        return problems

    def show_problems(self, problems: Sequence[Problem], focus: bool = True) -> None:
        """List the problems above the form, outline their fields, focus the first one."""
        bad = {p.field for p in problems}
        for name, widget in self._fields.items():
            if widget.property("invalid") != (name in bad):
                widget.setProperty("invalid", name in bad)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        if not problems:
            self.problems.setVisible(False)
            return
        lines = words.problem_messages(problems)
        self.problems.setText("Please check: " + " ".join(lines))
        self.problems.setAccessibleDescription(" ".join(lines))
        self.problems.setVisible(True)
        first = next((self._fields[p.field] for p in problems if p.field in self._fields), None)
        if focus and first is not None and first.isEnabled():
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def problem_text(self) -> str:
        return self.problems.text() if self.problems.isVisible() else ""

    # -- slots ----------------------------------------------------------------------------------
    def status_words(self) -> list[str]:
        """The status words in what was typed (notes, official's name and badge), each once."""
        from brightline.core.status_words import find_status_words

        draft = self.draft()
        return [
            w.phrase for w in find_status_words("\n".join((draft.notes, draft.official_name, draft.official_badge)))
        ]

    def confirm_status_words(self, found: Sequence[str]) -> bool:
        """Ask whether to save with these status words; False (edit them) unless clearly chosen.

        The buttons have no mnemonics, so no stray letter answers; Enter and Escape both keep
        the form open to edit the notes."""
        box = QMessageBox(self)
        box.setObjectName("statusWordsQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Immigration status in the notes \u2014 Brightline")
        box.setText(words.status_words_found(found, "The record"))
        box.setInformativeText(
            "The contact log must never hold anyone's immigration or citizenship status; the policy "
            "forbids collecting it. Remove these words unless you are quoting what was asked."
        )
        edit = box.addButton("Edit the notes", QMessageBox.ButtonRole.RejectRole)
        keep = box.addButton("Save as written", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(edit)
        box.setEscapeButton(edit)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        return chosen is keep

    @Slot()
    def _on_save_button_clicked(self) -> None:
        from brightline.core.contact_log.errors import LogValidationError

        if not self.save_button.isEnabled() or self.check():
            return
        found = self.status_words()
        if found and not self.confirm_status_words(found):
            self._select_in_notes(found[0])
            return
        self.save_button.setEnabled(False)  # one save, however many clicks
        try:
            self.saved = self._save(self.draft())
        except LogValidationError as exc:
            self.show_problems(exc.problems)
            return
        finally:
            self.save_button.setEnabled(True)
        self.accept()

    @Slot()
    def _on_fields_changed(self) -> None:
        if self.problems.isVisible():
            self.check(focus=False)  # the messages follow the typing, the focus stays put

    def _select_in_notes(self, phrase: str) -> None:
        """Put the cursor on `phrase` in the notes, to edit it."""
        self.notes.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.notes.document().find(phrase)
        if not cursor.isNull():
            self.notes.setTextCursor(cursor)

    @Slot()
    def _on_notes_text_changed(self) -> None:
        from brightline.core.status_words import find_status_words

        self._on_fields_changed()
        found = [w.phrase for w in find_status_words(self.notes.toPlainText())]
        if found:
            self._status_found.setText(
                words.status_words_found(found[:4])
                + " Remove anything about a person's immigration or citizenship status."
            )
        visible = bool(found)
        if self._status_found.isHidden() == visible:
            self._status_found.setVisible(visible)
