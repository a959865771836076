"""The settings of the throughput benchmark (bench/scale/throughput.py): Fazhi's own, with a URL conf that adds
one bare view. Never used in production: the bare view is not in fazhi/config/urls.py."""

from fazhi.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
