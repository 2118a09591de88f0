"""`python -m app` does what the `injectclaim` command does."""

import sys

from app.cli import main

sys.exit(main())
