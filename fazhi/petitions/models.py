"""Models of fazhi.petitions."""

from django.db import models  # noqa: F401
