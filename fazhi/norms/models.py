"""Models of fazhi.norms."""

from django.db import models  # noqa: F401
