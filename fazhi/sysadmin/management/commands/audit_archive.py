"""``fazhi audit_archive --before DATE --out FILE``: move audit records older than DATE out of the database.

The records (``core.AuditEvent``) created before DATE (00:00, Asia/Shanghai) are written to FILE as JSON lines, the
file's SHA-256 to FILE.sha256 (``sha256sum -c`` checks it), and then deleted. A DATE that would take records younger
than the retention period (``FAZHI_AUDIT_RETENTION_DAYS``, at least 180 days: 网络安全法 第二十一条) is refused, and
the database's trigger refuses such a deletion too. The archive is itself recorded in the audit trail.

(``fazhi audit verify`` belongs to the process app; this is a separate command so that app stays untouched.)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.sysadmin.services import audit_archive, earliest_archivable_before


class Command(BaseCommand):
    help = ("Archive audit records older than --before DATE to --out FILE (JSON lines + SHA-256) and delete them; "
            "records younger than FAZHI_AUDIT_RETENTION_DAYS are refused.")

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM-DD: archive records created before this day")
        parser.add_argument("--out", required=True, help="the JSON-lines file to write (must not exist)")

    def handle(self, *args, **opts):
        try:
            before = dt.date.fromisoformat(opts["before"])
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{opts['before']}") from None
        try:
            result = audit_archive(before=before, out=opts["out"])
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        self.stdout.write(f"已归档 {result.count} 条 {before.isoformat()} 以前的审计记录到 {result.path}")
        self.stdout.write(f"SHA-256 {result.sha256}")
        self.stdout.write(f"（当前最晚可归档到 {earliest_archivable_before().isoformat()} 以前。）")
