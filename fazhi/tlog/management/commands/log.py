"""``fazhi log``: the transparency log from the command line.

- ``fazhi log verify [URL] [--key VKEY] [--no-proofs]``: check a whole deployment — every entry, every inclusion
  proof, consistency to earlier sizes, the checkpoint signature, and the content served now against each object's
  latest entry. Without URL, this deployment's own database (which also reports published objects missing from
  the log and stored checkpoints that don't match). Prints "verified …" and exits 0, or each discrepancy and exits 1.
- ``fazhi log monitor URL [--state FILE] [--interval S] [--once] [--key VKEY]``: follow a log; remember the
  checkpoints seen and raise an alarm (stderr, exit 2 with --once) when a new one is not consistent with them,
  the key changes or the log shrinks.
- ``fazhi log sync``: log every published object missing from the log (for a deployment that published before
  the log existed); prints what it added.
- ``fazhi log checkpoint``: print the current signed checkpoint.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.tlog import services
from fazhi.tlog.verify import HttpSource, LocalSource, SourceError, monitor_once, verify


class Command(BaseCommand):
    help = "The public transparency log: verify, monitor, sync, checkpoint."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,monitor,sync,checkpoint}")
        v = sub.add_parser("verify", help="check every entry, proof, signature and content")
        v.add_argument("url", nargs="?", help="the deployment's base URL (default: this database)")
        v.add_argument("--key", help="the log's verifier key (name+id+key) to trust instead of the one it serves")
        v.add_argument("--no-proofs", action="store_true", help="skip fetching one inclusion proof per entry")
        m = sub.add_parser("monitor", help="follow a log and alarm on an inconsistent checkpoint")
        m.add_argument("url")
        m.add_argument("--state", help="file keeping what was seen (default: $FAZHI_DATA_DIR/tlog/monitor-<host>.json)")
        m.add_argument("--interval", type=float, default=300.0, help="seconds between looks (default 300)")
        m.add_argument("--once", action="store_true", help="look once; exit 2 on an alarm")
        m.add_argument("--key", help="the log's verifier key to trust")
        sub.add_parser("sync", help="log published objects that are not in the log yet")
        sub.add_parser("checkpoint", help="print the current signed checkpoint")

    def handle(self, *args, **o):
        getattr(self, "_" + o["action"])(o)

    def _verify(self, o):
        source = HttpSource(o["url"]) if o["url"] else LocalSource()
        report = verify(source, vkey=o.get("key"), proofs=not o["no_proofs"])
        for p in report.problems:
            self.stdout.write(p)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) in the log", returncode=1)
        self.stdout.write(f"verified: {report.size} entries, root {report.root.hex()}, "
                          f"{report.checked_content} publications checked against their content, key {report.vkey}")

    def _monitor(self, o):
        from urllib.parse import urlparse
        host = urlparse(o["url"]).netloc.replace(":", "_") or "log"
        path = Path(o["state"]) if o["state"] else Path(settings.DATA_DIR) / "tlog" / f"monitor-{host}.json"
        source = HttpSource(o["url"])
        while True:
            state = json.loads(path.read_text()) if path.exists() else {}
            try:
                new, alarms = monitor_once(source, state, vkey=o.get("key"))
            except SourceError as e:
                new, alarms = state, []
                self.stderr.write(f"unreachable: {e}")
            for a in alarms:
                self.stderr.write(f"ALARM {o['url']}: {a}")
            if not alarms and new != state:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(new))
                os.replace(tmp, path)
                self.stdout.write(f"consistent: size {new['size']} (was {state.get('size', 0)})")
            if o["once"]:
                if alarms:
                    sys.exit(2)
                return
            time.sleep(o["interval"])

    def _sync(self, o):
        for kind, n in services.sync().items():
            self.stdout.write(f"{kind}: {n} new")

    def _checkpoint(self, o):
        self.stdout.write(services.latest_checkpoint().note, ending="")
