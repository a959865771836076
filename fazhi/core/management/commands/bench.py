"""fazhi bench draw --candidates N: the draw at scale against its floor (see fazhi/inspection/bench.py).
fazhi bench norms --documents N: the public search of normative documents at scale (see fazhi/norms/bench.py).
fazhi bench report --cases N: the province's annual report over N cases of one year (see fazhi/reports/bench.py).
fazhi bench seed --scale province|city|tiny [--db-url URL] [--resume]: a province's five years of data in the
configured database, resumable, with the database's own bulk load of the same rows measured (bench/scale/seed.py).
fazhi bench pages: the page figures over a seeded database (bench/scale/pages.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("fazhi bench draw|norms|report|seed|pages: figures at scale (draw vs its floor, search, annual report, "
            "a seeded province, the pages over it). bench/README.md.")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["draw", "norms", "report", "seed", "pages"])
        parser.add_argument("--candidates", type=int, default=100_000)
        parser.add_argument("--ratio", default="0.01", help="sampling ratio in every risk class (default 0.01)")
        parser.add_argument("--officers", type=int, default=200)
        parser.add_argument("--documents", type=int, default=100_000, help="norms: documents to search")
        parser.add_argument("--requests", type=int, default=360, help="norms: timed searches per measure")
        parser.add_argument("--cases", type=int, default=1_000_000, help="report: cases received in the year")
        parser.add_argument("--scale", choices=["province", "city", "tiny"], default="tiny",
                            help="seed: province (1,000,000 cases, 10,000,000 units …), city (1/100), tiny (1/1000)")
        parser.add_argument("--db-url", help="seed: a database URL to seed instead of the configured one (it is "
                                             "migrated first)")
        parser.add_argument("--resume", action="store_true", help="seed: continue a seed that was interrupted")
        parser.add_argument("--stop-after", type=int, default=None,
                            help="seed: stop after this many chunks (what a killed run leaves; for tests)")
        parser.add_argument("--no-floor", action="store_true",
                            help="seed: skip the measurement of the database's own bulk load")
        parser.add_argument("--no-progress", action="store_true", help="seed: no progress bar")

    def handle(self, *args, **opts):
        root = str(Path(__file__).resolve().parents[4])  # the checkout: bench/ lives beside fazhi/
        if opts["what"] in ("seed", "pages") and root not in sys.path:
            sys.path.insert(0, root)
        if opts["what"] == "seed":
            return self._seed(opts)
        if opts["what"] == "pages":
            from bench.scale.pages import run as run_pages

            n = opts["requests"] if opts["requests"] != 360 else 100  # 360: the norms bench's default
            run_pages(out=self.stdout.write, requests=n, warmup=min(10, n))
            return
        if opts["what"] == "report":
            from fazhi.reports.bench import run as run_report

            r = run_report(opts["cases"], out=self.stdout.write)
            self.stdout.write(f"database            {r['database']}")
            self.stdout.write(f"cases in {r['year']}       {r['cases']}")
            for key, value in r["figures"].items():
                self.stdout.write(f"  {key:<40} {value}")
            self.stdout.write(f"create (defaults)   {r['create_seconds']:.3f} s  ({r['figure_count']} figures)")
            self.stdout.write(f"dashboard figures   {r['dashboard_seconds']:.3f} s")
            self.stdout.write(f"generate report     {r['generate_seconds']:.3f} s  (figures + DOCX, "
                              f"{r['docx_bytes']} bytes; target < 10 s)")
            return
        if opts["what"] == "norms":
            from fazhi.norms.bench import run as run_norms
            from fazhi.norms.bench import table

            for line in table(run_norms(opts["documents"], requests=opts["requests"], out=self.stdout.write)):
                self.stdout.write(line)
            return
        from fazhi.inspection.bench import run

        r = run(opts["candidates"], ratio=opts["ratio"], officers=opts["officers"], out=self.stdout.write)
        self.stdout.write(f"database            {r['database']}")
        self.stdout.write(f"candidates          {r['candidates']}  (selected {r['selected']}, pool {r['officers']})")
        self.stdout.write(f"floor               {r['floor_seconds']:.3f} s  (read every candidate in id order, hash once)")
        self.stdout.write(f"commit + draw       {r['draw_seconds']:.3f} s  (commit {r['commit_seconds']:.3f} s, "
                          f"draw {r['draw_seconds_only']:.3f} s)")
        self.stdout.write(f"peak memory         {r['peak_rss_mib']:.1f} MiB RSS (after the floor: "
                          f"{r['peak_rss_mib_after_floor']:.1f} MiB; candidate file {r['candidate_file_mib']:.1f} MiB)")
        self.stdout.write(f"ratio {r['ratio']}")

    def _seed(self, opts):
        if opts["db_url"]:
            # The settings read DATABASE_URL once: the other database is seeded by a child process.
            env = {**os.environ, "DATABASE_URL": opts["db_url"]}
            base = [sys.executable, "-m", "fazhi"]
            subprocess.run([*base, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
            cmd = [*base, "bench", "seed", "--scale", opts["scale"]]
            for flag in ("resume", "no_floor", "no_progress"):
                if opts[flag]:
                    cmd.append("--" + flag.replace("_", "-"))
            if opts["stop_after"] is not None:
                cmd += ["--stop-after", str(opts["stop_after"])]
            code = subprocess.run(cmd, env=env, check=False).returncode  # noqa: S603
            if code:
                raise CommandError(f"seeding {opts['db_url']} failed (exit {code})")
            return
        from bench.scale.seed import SeedError, run

        try:
            run(opts["scale"], resume=opts["resume"], stop_after=opts["stop_after"], floor=not opts["no_floor"],
                progress=not opts["no_progress"], out=self.stdout.write)
        except SeedError as e:
            raise CommandError(str(e)) from None
