"""The window's part of signed releases: which release is in force (status bar), a quiet reminder
of changes to acknowledge, what changed (old beside new), installing and rolling back, and the
supervisor's report. `attach.attach_releases(window, paths)` hooks it all into the main window."""
