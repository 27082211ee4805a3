"""The contact log in the window (issue 4): recording a contact from an outcome, the log view,
corrections and addenda, exports, the audit report, and what the window does when the log fails.

Thin over `app.core.contact_log`, which does all the work and is imported lazily: the log costs
nothing at start-up and opens the first time it is needed. The pieces:

- `feature.ContactLogFeature` — what the main window creates: the service, the recorder, the
  status mark and (on Ctrl+L) the log window, wired together;
- `service.ContactLogService` — the open log, saving (or keeping a record as a pending file when the
  log cannot take it), background verification and the log's health;
- `recorder.ContactRecorder` — "Record this contact" for the walk on the outcome page, and the
  reminder before leaving an outcome that must be documented;
- `record_dialog.RecordContactDialog` — the form (also for corrections and addenda);
- `log_window.ContactLogWindow` with `table_model`, `filter_bar`, `detail_view`;
- `export_dialog.ExportDialog`, `report_dialog.AuditReportDialog`;
- `words` and `detail_html` — what the window says, Qt-free.
"""
