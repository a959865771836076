"""``fazhi discretion load FILE [--user NAME]`` / ``fazhi discretion list``: the discretion standards
(fazhi/discretion/loader.py describes the file; docs/discretion.md the format)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.web import error_messages
from fazhi.discretion.loader import read_file, standard_load
from fazhi.discretion.models import StandardVersion


class Command(BaseCommand):
    help = (
        "Discretion standards. 'load FILE' checks a version file (JSON, format fazhi-discretion/1) and adds the "
        "version; loading the same file again changes nothing; 'list' prints the versions."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,list}")
        load = sub.add_parser("load", help="load a version from FILE (.json)")
        load.add_argument("file")
        load.add_argument("--user", default=None, help="username recorded as the loader (default: none)")
        sub.add_parser("list", help="print the versions")

    def handle(self, *args, **opts):
        if opts["action"] == "load":
            return self._load(opts)
        return self._list()

    def _load(self, opts):
        path = Path(opts["file"])
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"用户不存在：{opts['user']}")
        try:
            result = standard_load(data=read_file(path), actor=actor, source=path.name)
        except ValidationError as e:
            for message in error_messages(e):
                self.stderr.write(message)
            raise CommandError(f"未加载：{path} 有 {len(error_messages(e))} 处错误。") from None
        v = result.version
        if result.outcome == "created":
            c = result.counts
            self.stdout.write(f"已加载版本 {v.code}（{v.title}），{v.effective_from.isoformat()} 起施行"
                              f"{'，已公布' if v.published else '，未公布'}：{c['rules']} 条规则，{c['grades']} 个档次，"
                              f"{c['circumstances']} 个情节。")
        elif result.outcome == "published":
            self.stdout.write(f"版本 {v.code} 已公布。")
        else:
            self.stdout.write(f"版本 {v.code} 已存在，内容相同，未作更改。")

    def _list(self):
        for v in StandardVersion.objects.select_related("agency").order_by("effective_from", "code"):
            until = v.effective_until.isoformat() if v.effective_until else "—"
            scope = v.agency.code if v.agency_id else "*"
            self.stdout.write(f"{v.code}\t{v.effective_from.isoformat()}\t{until}\t{scope}\t"
                              f"{'已公布' if v.published else '未公布'}\t{v.title}")
