"""The department in the window (issue 16), in files of their own:

- `feature.DepartmentFeature` — what the contact log's feature makes when the machine belongs to a
  department: the sync service, the status mark and the department's log window;
- `sync_service.DepartmentSyncService` — the background sync: on a worker thread, every few
  minutes and soon after each record, never holding up the window or a recording;
- `words` — the sync's state in a line, quiet or loud (Qt-free);
- `status_widget.DepartmentStatusWidget` — that line in the status bar;
- `log_window.DepartmentLogWindow` over `table_model.DepartmentTableModel` — the department's log,
  filtered by machine and unit as well, read from the server on a worker thread;
- `calls.BackgroundCalls` — the worker thread both use.
"""
