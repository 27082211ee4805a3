"""The frozen entry point: PyInstaller runs this file as the bundle's main script.

It is the console script `brightline` (app.cli:main_exit) and nothing more, so the bundle and a
source checkout take the one start-up path documented in app/cli.py.
"""

from app.cli import main_exit

if __name__ == "__main__":
    main_exit()
