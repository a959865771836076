"""fazhi bench draw --candidates N: the draw at scale against its floor (see fazhi/inspection/bench.py).
fazhi bench norms --documents N: the public search of normative documents at scale (see fazhi/norms/bench.py).
fazhi bench report --cases N: the province's annual report over N cases of one year (see fazhi/reports/bench.py)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "fazhi bench draw --candidates N: complete commit-and-draw vs the floor (read + hash every candidate)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["draw", "norms", "report"])
        parser.add_argument("--candidates", type=int, default=100_000)
        parser.add_argument("--ratio", default="0.01", help="sampling ratio in every risk class (default 0.01)")
        parser.add_argument("--officers", type=int, default=200)
        parser.add_argument("--documents", type=int, default=100_000, help="norms: documents to search")
        parser.add_argument("--requests", type=int, default=360, help="norms: timed searches per measure")
        parser.add_argument("--cases", type=int, default=1_000_000, help="report: cases received in the year")

    def handle(self, *args, **opts):
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
