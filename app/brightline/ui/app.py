"""Starting the window.

Start-up order (the one path; `brightline.cli` has done arguments, paths and logging before this):
  1. the start index of the packs (`brightline.core.startcache`): this user's, else the one beside
     the shipped packs, when one was kept for exactly these pack bytes; else the library (from
     the library cache, else read and validated) — before any Qt object exists, so a slow or
     broken pack folder is reported the same way with or without a display;
  2. UiSettings on `paths.data / "settings.ini"` (opened lazily, only when first read);
  3. QApplication (an existing instance is reused, e.g. under pytest-qt), organisation and
     application name "Brightline", the style sheet from `paths.resources` at the zoom the user
     chose (`brightline.ui.style`; the window icon, the menus' commands and the signed releases'
     status and menu, `ui.releases`, come just after the first paint);
  4. MainWindow, shown; painted from the start index, it loads the library right after its first
     paint (`LibraryOnDemand`: from the library cache when it holds these packs); once the window
     is built, what this start did not find kept is kept for the next (`StartCache.save`);
  5. with a crash log, a `CrashNotifier` that names it in a dialog when an error is written;
  6. the event loop — or, with `exec=False`, a `Started(app, window)` for tests to drive. When
     the command turned cyclic garbage collection off for the start, it comes back on here, with
     the start's objects frozen out of it (`collect_garbage_again`).

With BRIGHTLINE_QUIT_WHEN_READY=1 the loop quits as soon as the window has been painted once
(the cold-start benchmark measures exactly that) and nothing is printed; with =built, once the
parts built after the first paint are built too (`MainWindow.built`).

Nothing here, or anywhere in the window, opens a network connection: QtNetwork is never imported,
text views are told not to follow links, and pack HTML references no resources.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from brightline.core.paths import Paths
from brightline.core.startcache import LibraryOnDemand, StartCache, StartIndex
from brightline.ui.main_window import MainWindow
from brightline.ui.settings import UiSettings
from brightline.ui.style import AppStyle

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from brightline.core.crash_log import CrashLog
    from brightline.core.library import Library

ORGANISATION = "Brightline"
APPLICATION = "Brightline"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
_STYLED = "brightlineStyled"


class Started:
    """What `run(..., exec=False)` returns: the application and its shown main window."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        self.app = app
        self.window = window


class _QuitWhenPainted(QObject):
    """Quits the application right after the watched window's first paint."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def make_application(argv: list[str], resources: Path, zoom: float = 1.0) -> tuple[QApplication, AppStyle]:
    """The QApplication (reused if one exists), named for QSettings, styled at `zoom`."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion from the command line (Qt reads and removes "-style"): the same look on every
        # platform, and cheaper than setStyle(), whose return value makes PySide build QStyle.
        app = QApplication([*argv[:1], "-style", "Fusion", *argv[1:]])
        app.setProperty(_STYLED, True)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    # Setting a style or style sheet re-polishes every widget alive; skip it when it is in place
    # already (a reused application, as under pytest-qt). A property marks it rather than asking
    # app.style() for its name: touching QStyle from Python costs start-up time
    # (tests/benchmarks/README.md, "Figures behind the code").
    if app.property(_STYLED) is None:
        app.setStyle("Fusion")  # the same look on every platform; the style sheet builds on it
        app.setProperty(_STYLED, True)
    style = AppStyle(app, resources)
    style.apply(zoom)
    return app, style


def window_icon(resources: Path) -> QIcon:
    """The window icon, from PNG renders of installers/art/brightline.svg (installers/icons.py
    --resources): loading an SVG loads Qt's SVG library and two plug-ins on every start."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        png = resources / f"icons/brightline-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def _attach_releases(window: MainWindow, paths: Paths) -> None:
    """Which signed release is in force, the reminder to acknowledge, the Releases menu."""
    from brightline.ui.releases.attach import attach_releases

    attach_releases(window, paths)
    window.menus.keep_help_last()


def _name_crashes_in(window: MainWindow, crash_log: CrashLog) -> None:
    from brightline.ui.crash_dialog import CrashNotifier

    crash_log.listeners.append(CrashNotifier(window).report)


def collect_garbage_again() -> None:
    """Turn cyclic garbage collection back on, leaving out everything made so far: the start's
    objects live as long as the window, and walking them would only lengthen every later
    collection (a pause while the user types) and the last one, as the program ends."""
    gc.freeze()
    gc.enable()


def build(
    paths: Paths,
    argv: list[str],
    library: Library | Callable[[], Library] | LibraryOnDemand,
    settings: UiSettings | None = None,
    start: StartIndex | None = None,
) -> Started:
    """Create the application and show the main window for an already loaded `library`, or for
    one loaded on demand and the `start` index to paint from meanwhile.

    `settings` defaults to the settings file in the data folder; pass `UiSettings(None)` to keep
    everything in memory (the self-test does, so it never changes what the user chose).
    """
    settings = settings if settings is not None else UiSettings(paths.data / "settings.ini")
    app, style = make_application(argv, paths.resources, settings.zoom)
    window = MainWindow(
        library,
        settings,
        training_log=paths.training_log,
        data_dir=paths.data,
        start=start,
        style=style,
        resources=paths.resources,
    )
    when = os.environ.get("BRIGHTLINE_QUIT_WHEN_READY")
    if when == "1":
        quitter = _QuitWhenPainted(window)
        window.installEventFilter(quitter)
    elif when == "built":
        window.built.connect(lambda: QTimer.singleShot(0, QApplication.quit))
    # The icon just after the first paint: PySide's set-up of QIcon is not needed to paint, and
    # the window manager shows the icon a moment later.
    window.after_first_paint(lambda: app.setWindowIcon(window_icon(paths.resources)))
    window.after_first_paint(lambda: _attach_releases(window, paths))
    window.show()
    window.activateWindow()  # keys go to the search field at once, even without a window manager
    return Started(app, window)


def run(
    paths: Paths,
    argv: list[str],
    exec: bool = True,  # noqa: A002 (the brief's name)
    crash_log: CrashLog | None = None,
    cache: StartCache | None = None,
) -> int | Started:
    """Start Brightline's window; returns the exit code, or `Started` when `exec` is False.
    With `crash_log`, the window says where it is when an unexpected error is written to it.
    `cache`: the start-up cache of `paths`, when the caller made it (default: made here)."""
    cache = cache if cache is not None else StartCache(paths)
    start = cache.start_index()
    library = LibraryOnDemand(cache.library)
    if start is None:
        library.get()  # nothing to paint from: the library first
    started = build(paths, argv, library, start=start)
    window = started.window

    def save_for_next_start() -> None:
        # Once this window is complete, not on the way to its first paint; or when it is closed.
        loaded = library.loaded()
        if loaded is not None:
            cache.save(loaded)

    if crash_log is not None:
        # After the first paint, as the window's other extras: an error before it is still written
        # to the crash log and named on standard error.
        window.after_first_paint(lambda: _name_crashes_in(window, crash_log))
    window.built.connect(save_for_next_start)
    started.app.aboutToQuit.connect(save_for_next_start)
    if not gc.isenabled():  # turned off for the start (`brightline.cli.cmd_gui`)
        collect_garbage_again()
    if not exec:
        return started
    return started.app.exec()
