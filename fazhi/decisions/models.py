"""Models of fazhi.decisions."""

from django.db import models  # noqa: F401
