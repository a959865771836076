"""Models of fazhi.powers."""

from django.db import models  # noqa: F401
