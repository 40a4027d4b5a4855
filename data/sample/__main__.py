"""``python -m data.sample --out DIR``: write the sample files."""

import sys

from data.sample.generate import main

sys.exit(main())
