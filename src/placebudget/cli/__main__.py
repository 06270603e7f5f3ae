"""``python -m placebudget.cli``."""

import sys

from placebudget.cli import main

sys.exit(main())
