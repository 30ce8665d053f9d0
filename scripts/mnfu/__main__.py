"""Allow ``python -m mnfu``."""

import sys

from .cli import main

sys.exit(main())
