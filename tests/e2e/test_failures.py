"""Failures a user can act on, in the real program run as a subprocess: an unexpected error or a
native crash leaves a crash log in the data folder and says where it is; a start with no display
says so in one line instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python(code: str, data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIGHTLINE_")}
    environment.update(BRIGHTLINE_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_an_unexpected_error_in_a_command_is_written_to_the_crash_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # The program's own entry point, with one command made to fail as a bug would.
    done = python(
        """
        import sys
        import brightline.cli.packs as packs
        def cmd_list(args, paths):
            raise RuntimeError("forced for the test")
        packs.cmd_list = cmd_list
        sys.argv = ["brightline", "list"]
        from brightline.cli import main_exit
        main_exit()
        """,
        data,
    )
    crash_log = data / "crash.log"
    assert done.returncode == 1
    assert f"brightline: an unexpected error; the details are in {crash_log}" in done.stderr
    assert "RuntimeError: forced for the test" in done.stderr  # still printed as before
    text = crash_log.read_text(encoding="utf-8")
    assert text.startswith("=== ") and "brightline 0.1" in text.splitlines()[0]
    assert "in cmd_list" in text and "RuntimeError: forced for the test" in text


def test_an_error_in_another_thread_is_written_too(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = python(
        """
        import threading
        from pathlib import Path
        from brightline.core.crash_log import install_crash_log
        install_crash_log(Path(r"{data}"))
        def work():
            raise ValueError("in a worker")
        worker = threading.Thread(target=work, name="verifier")
        worker.start(); worker.join()
        """.replace("{data}", str(data)),
        data,
    )
    assert done.returncode == 0
    text = (data / "crash.log").read_text(encoding="utf-8")
    assert "thread verifier" in text.splitlines()[0] and "ValueError: in a worker" in text


def test_a_native_crash_is_written_to_the_crash_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = python(
        """
        import faulthandler
        from pathlib import Path
        from brightline.core.crash_log import install_crash_log
        install_crash_log(Path(r"{data}"))
        faulthandler._sigsegv()
        """.replace("{data}", str(data)),
        data,
    )
    assert done.returncode != 0
    text = (data / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text


def test_no_crash_log_is_needed_when_the_data_folder_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    done = python(
        "from pathlib import Path\nfrom brightline.core.crash_log import install_crash_log\n"
        f"print(install_crash_log(Path(r'{blocked}') / 'data'))",
        tmp_path,
    )
    assert done.stdout.strip() == "None"


def test_a_start_with_no_display_says_so_in_one_line(tmp_path: Path) -> None:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("BRIGHTLINE_")
    }
    environment["BRIGHTLINE_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "brightline"], capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=60
    )
    if not sys.platform.startswith("linux"):
        return
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "there is no display to open the window on" in done.stderr
    assert "xcb" not in done.stderr


def test_qt_options_reach_qt(tmp_path: Path) -> None:
    """-platform chooses Qt's platform plug-in even with no display and QT_QPA_PLATFORM unset."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("BRIGHTLINE_")
    }
    environment.update(BRIGHTLINE_DATA_DIR=str(tmp_path / "data"), BRIGHTLINE_QUIT_WHEN_READY="1")
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "-platform", "offscreen", "-reverse"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
