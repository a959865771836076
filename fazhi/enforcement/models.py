"""Models of fazhi.enforcement."""

from django.db import models  # noqa: F401
