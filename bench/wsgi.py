"""WSGI entry of the throughput benchmark: ``gunicorn bench.wsgi:application`` (bench.settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_wsgi_application()
