"""Models of fazhi.complaints."""

from django.db import models  # noqa: F401
