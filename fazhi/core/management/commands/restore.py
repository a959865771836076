"""fazhi restore FILE [--force] [--check]: restore an archive written by ``fazhi backup`` into this (migrated)
database and data directory (fazhi/core/backup.py; docs/operations.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("fazhi restore FILE [--force] [--check] [--quiet]: verify the archive (SHA-256 of every member, "
            "migrations, tables), then restore it in one transaction into a fresh migrated database. "
            "--check: verify only, change nothing. --force: replace a database that already holds data.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by fazhi backup")
        parser.add_argument("--force", action="store_true",
                            help="replace the target's data (refused otherwise when it holds any)")
        parser.add_argument("--check", action="store_true", help="verify the archive against this installation only")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **opts):
        from fazhi.core.backup import BackupError, restore, verify_archive

        progress = False if opts["quiet"] else None
        try:
            if opts["check"]:
                verified = verify_archive(opts["archive"], progress=progress)
                m = verified.manifest
                self.stdout.write(self.style.SUCCESS("备份校验通过 / Archive verified: every member's SHA-256, the "
                                                     "migrations and the tables match this installation."))
                self.stdout.write(f"  created {m.get('created_at')} on {m.get('database', {}).get('vendor')}; "
                                  f"tables {len(m['tables'])}, rows {sum(t['rows'] for t in m['tables'])}, "
                                  f"files {len(m['files'])}; SHA-256 {verified.sha256}")
                return
            result = restore(opts["archive"], force=opts["force"], progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"恢复完成 / Restore complete: {opts['archive']}"))
        self.stdout.write(f"  备份时间 created {result.created_at} ({result.source_vendor}); 数据表 tables "
                          f"{result.tables}, 行 rows {result.rows}, 文件 files {result.files}")
        for path in result.replaced_files:
            self.stdout.write(f"  已替换 replaced: {path}")
        self.stdout.write("  请重启应用服务；运行 fazhi audit verify 核对。"
                          "Restart the application servers; run fazhi audit verify.")
