"""`python -m brightline` runs the same entry point as the `brightline` console script."""

import sys

from brightline.cli import main

if __name__ == "__main__":
    sys.exit(main())
