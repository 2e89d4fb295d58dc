"""``python -m graph`` is the ``kg`` command."""

import sys

from .cli import main

sys.exit(main())
