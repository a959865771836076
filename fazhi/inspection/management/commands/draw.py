"""``fazhi draw verify RECORD.json [--candidates FILE]``: check a published fazhi-draw/1 record.

Prints "verified" (exit 0) for a genuine record; otherwise each discrepancy on its own line (exit 1), in the
active language (Chinese by default, English when English is active; ``--lang zh|en`` chooses).
The same check runs without Django: ``python -m fazhi.inspection.draw verify RECORD.json [--lang en]``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import get_language

from fazhi.inspection.draw import LANGUAGES, RecordFormatError, failed_summary, language, verify_file


class Command(BaseCommand):
    help = (
        "Random inspection draws (fazhi-draw/1). 'verify RECORD.json' recomputes the task digest, seed, "
        "selection and inspector assignment of a published record ('-' reads stdin; --candidates FILE for "
        "a record that gives candidates_url)."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        verify = sub.add_parser("verify", help="verify a draw record (JSON)")
        verify.add_argument("record", help="the record file; - reads stdin")
        verify.add_argument("--candidates", default=None,
                            help="local copy of the file a record's candidates_url points to")
        verify.add_argument("--lang", choices=LANGUAGES, default=None,
                            help="language of the messages (default: the active language; Chinese unless English)")

    def handle(self, *args, **opts):
        lang = language(opts.get("lang") or get_language())
        try:
            problems = verify_file(opts["record"], opts["candidates"], stdin=opts.get("stdin"), lang=lang)
        except RecordFormatError as e:
            raise CommandError(e.in_language(lang), returncode=1) from None
        if problems:
            for p in problems:
                self.stdout.write(p)
            raise CommandError(failed_summary(len(problems), lang), returncode=1)
        self.stdout.write("verified")
