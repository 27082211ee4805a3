"""`python -m brightline` runs the same entry point as the `brightline` console script."""

from brightline.cli import main_exit

if __name__ == "__main__":
    main_exit()
