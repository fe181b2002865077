"""The frozen program's entry point: the same ``gopy`` command line as the console script."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())
