"""Models of fazhi.reconsideration."""

from django.db import models  # noqa: F401
