"""Models of fazhi.discretion."""

from django.db import models  # noqa: F401
