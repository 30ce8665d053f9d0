"""Allow ``python -m mnfu``."""

import sys

from mnfu.cli import main

sys.exit(main())
