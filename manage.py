#!/usr/bin/env python
"""Developer entry point (production uses the `fazhi` console script with the environment it is given).
On a developer's machine manage.py runs in demo mode, so a generated local secret key is used."""

import os

from fazhi.__main__ import main

if __name__ == "__main__":
    os.environ.setdefault("FAZHI_DEMO", "1")
    main()
