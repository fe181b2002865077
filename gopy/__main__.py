import sys

from gopy.cli import main

sys.exit(main())
