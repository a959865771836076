"""fazhi norms tick [--today D]: the daily run for cron — documents whose validity ended leave force (失效), and
review flags are raised (validity ending within six months; citations of a law version superseded since).
fazhi norms flags [--agency CODE]: the open flags and the documents nearing their validity end.
fazhi norms reindex: rebuild the public search index from the documents."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Normative documents: tick (expire, flag), flags (list), reindex (search index)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["tick", "flags", "reindex"])
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--agency", default="", help="agency code (flags)")

    def handle(self, *args, **opts):
        from fazhi.core import clock as sysclock

        today = sysclock.today()
        if opts["today"]:
            try:
                today = dt.date.fromisoformat(opts["today"])
            except ValueError:
                raise CommandError("--today: YYYY-MM-DD") from None
        getattr(self, f"_{opts['what']}")(today, opts)

    def _tick(self, today, opts):
        from fazhi.core import clock as sysclock
        from fazhi.norms.services import norms_tick

        with sysclock.frozen_today(today):
            result = norms_tick(today=today)
        self.stdout.write(f"{today}: expired {len(result['expired'])} {' '.join(result['expired'])}".rstrip())
        self.stdout.write(f"new flags: validity {result['validity']}, law {result['law']}")

    def _flags(self, today, opts):
        from fazhi.norms.models import IN_FORCE, NormativeDocument, ReviewFlag
        from fazhi.norms.services import add_months

        flags = ReviewFlag.objects.filter(resolved_on__isnull=True).select_related("document", "document__agency")
        docs = NormativeDocument.objects.filter(state__in=IN_FORCE, valid_until__lte=add_months(today, 6))
        if opts["agency"]:
            flags = flags.filter(document__agency__code=opts["agency"])
            docs = docs.filter(agency__code=opts["agency"])
        for f in flags.order_by("raised_on", "pk"):
            self.stdout.write(f"{f.raised_on}\t{f.document.agency.code}\t{f.document.number or f.document.case_id}\t"
                              f"{f.get_kind_display()}\t{f.detail}")
        for d in docs.order_by("valid_until", "pk"):
            self.stdout.write(f"{d.valid_until}\t{d.agency_id}\t{d.number}\t有效期至\t{d.title}")
        self.stdout.write(f"open flags {flags.count()}; validity ending within six months {docs.count()}")

    def _reindex(self, today, opts):
        from fazhi.norms.models import PUBLIC_STATES, NormativeDocument, SearchEntry
        from fazhi.norms.search import index_drop
        from fazhi.norms.services import index_document

        n = 0
        for doc in NormativeDocument.objects.filter(state__in=PUBLIC_STATES).iterator(chunk_size=500):
            index_document(doc)
            n += 1
        stale = SearchEntry.objects.exclude(document__state__in=PUBLIC_STATES).values_list("pk", flat=True)
        for pk in list(stale):
            index_drop(document_id=pk)
        self.stdout.write(f"indexed {n}")
