"""fazhi backup [--out FILE]: write one self-describing archive of the database and the data directory's files
(fazhi/core/backup.py; docs/operations.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("fazhi backup [--out FILE] [--quiet]: back up the database (vendor-neutral) and every file of the data "
            "directory into one ZIP archive (default: $FAZHI_DATA_DIR/backups/fazhi-<UTC time>.zip). "
            "The archive holds personal data and the log's signing key: encrypt it (docs/operations.md).")

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="archive to write (must not exist)")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **opts):
        from fazhi.core.backup import BackupError, backup

        try:
            result = backup(opts["out"] or None, progress=False if opts["quiet"] else None,
                            log=lambda s: self.stderr.write(s))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"备份完成 / Backup written: {result.path}"))
        self.stdout.write(f"  数据表 tables {result.tables}, 行 rows {result.rows}, "
                          f"文件 files {result.files} ({result.file_bytes} bytes), 归档 archive {result.size} bytes")
        self.stdout.write(f"  SHA-256 {result.sha256}")
        self.stdout.write("  归档含个人信息和日志签名密钥，请加密保存（如 gpg -c）。"
                          "The archive holds personal data and the log signing key: store it encrypted (gpg -c).")
