"""Models of fazhi.advisers."""

from django.db import models  # noqa: F401
