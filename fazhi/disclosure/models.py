"""Models of fazhi.disclosure."""

from django.db import models  # noqa: F401
