"""Fazhi's URLs plus ``/bench/bare/``: a plain Django view returning a constant page, the baseline of the
throughput benchmark (same server, same middleware, no work). Only under ``bench.settings``."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page

from fazhi.config.urls import urlpatterns as fazhi_urlpatterns
from fazhi.portal.views import guide

BARE_PAGE = ("<!doctype html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>基准</title></head>"
             "<body><p>基准页面：固定内容，不查询数据库。</p></body></html>").encode()


def bare(request):
    return HttpResponse(BARE_PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    # An experiment, not the product: the same guide page behind Django's page cache (the configured cache), to
    # show what rendering costs (bench/README.md, "Throughput").
    path("bench/cached-guide/<slug:code>/", cache_page(300)(guide), name="bench_cached_guide"),
    *fazhi_urlpatterns,
]
