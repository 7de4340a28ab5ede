"""`python -m cchc`: the command line."""

import sys

from cchc.cli.main import main

sys.exit(main())
