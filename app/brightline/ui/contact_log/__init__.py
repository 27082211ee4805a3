"""The contact log in the window (issue 4): recording a contact from an outcome, the log view,
corrections and addenda, exports, the audit report, and what the window does when the log fails.

Thin over `brightline.core.contact_log`, which does all the work and is imported inside functions: the
log costs nothing at start-up and opens the first time it is needed. The pieces:

- `feature.ContactLogFeature` — what the main window makes: the service, the recorder, the status
  mark and (Ctrl+L) the log window, wired together;
- `service.ContactLogService` — the open log, saving (or keeping a record as a pending file when the
  log cannot take it), verification on a worker thread (`background`), the log's health;
- `recorder.ContactRecorder` — "Record this contact" for the walk on the outcome page, and the
  reminder before leaving an outcome that must be documented;
- `record_dialog.RecordContactDialog` — the form (also for corrections and addenda);
- `status_widget.LogStatusWidget` — the quiet "verified" mark or the loud warning;
- `log_window.ContactLogWindow` with `filter_bar`, `table_view` over `table_model` (pages read
  from SQLite, see `paging`), `detail_view` (`detail_html`);
- `export_dialog.ExportDialog`, `report_dialog.AuditReportDialog` (`report_html`);
- `save_messages` (what to say when a record is kept as a file) and `unsaved_dialog` (the record
  in words, to save elsewhere, copy or print, when not even a file could be written);
- `words` (every other sentence, Qt-free; the record's own words are the core's,
  `brightline.core.contact_log.wording`), `date_field`, `form_parts` (sizing a window to the
  screen, captions, elided lines with Copy), `style` (colours from the palette, sizes from the
  user's font).
"""
