"""`python -m cchc`: the command line."""

import sys

from cchc.cli import main

sys.exit(main())
