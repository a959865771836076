"""Models of fazhi.officers."""

from django.db import models  # noqa: F401
