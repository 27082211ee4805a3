"""The frozen entry point: PyInstaller runs this file as the bundle's main script.

It is the console script `brightline` (brightline.cli:main_exit) and nothing more, so the bundle and a
source checkout take the one start-up path documented in app/brightline/cli/main.py.
"""

from brightline.cli import main_exit

if __name__ == "__main__":
    main_exit()
