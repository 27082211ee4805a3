"""The `brightline` command line: `main` parses and dispatches (start-up order in `main`)."""

from brightline.cli.main import main, main_exit

__all__ = ["main", "main_exit"]
