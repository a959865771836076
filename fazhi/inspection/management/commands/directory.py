"""``fazhi directory import entities|officers FILE [--agency CODE] [--user NAME] [--errors REPORT.xlsx]`` and
``fazhi directory export entities|officers FILE.xlsx [filters]``: the two directories (两库) from and to
spreadsheets (fazhi/inspection/directory.py describes the formats)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fazhi.core.models import Agency
from fazhi.inspection.directory import (
    ENTITIES,
    OFFICERS,
    entities_filtered,
    errors_xlsx,
    export_entities,
    export_officers,
    import_open,
    import_run,
    import_start,
    officers_filtered,
)
from fazhi.inspection.models import ImportBatch

KINDS = (ENTITIES, OFFICERS)
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "The two directories. 'import entities|officers FILE' upserts the rows of an XLSX or CSV file and "
        "reports each bad row (row, column, reason); 'export entities|officers FILE.xlsx' writes the directory "
        "with the same columns."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export}")
        imp = sub.add_parser("import", help="import FILE (.xlsx or .csv) into the directory")
        imp.add_argument("kind", choices=KINDS)
        imp.add_argument("file")
        imp.add_argument("--agency", default=None,
                         help="agency code: the batch's agency, and officers' 所属机关 when the file leaves it empty")
        imp.add_argument("--user", default=None, help="username recorded as the importer (default: none)")
        imp.add_argument("--errors", default=None, help="also write the error report to this XLSX file")
        imp.add_argument("--no-progress", action="store_true", help="no progress bar")
        exp = sub.add_parser("export", help="export the directory to FILE.xlsx")
        exp.add_argument("kind", choices=KINDS)
        exp.add_argument("file")
        exp.add_argument("--region", default="", help="entities: region code prefix (230100 = all of 2301xx)")
        exp.add_argument("--kind", dest="entity_kind", default="", help="entities: kind code (enterprise, organ, ...)")
        exp.add_argument("--risk", default="", help="entities: risk class A-D")
        exp.add_argument("--active", default="", help="entities: true (存续) or false (注销)")
        exp.add_argument("--agency", default="", help="officers: agency code")

    def handle(self, *args, **opts):
        if opts["action"] == "import":
            return self._import(opts)
        return self._export(opts)

    def _import(self, opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"无法读取文件 {path}")
        agency = None
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"机关不存在：{opts['agency']}")
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"用户不存在：{opts['user']}")
            agency = agency or actor.agency
        try:
            prepared = import_open(opts["kind"], path.name, path)
        except ValidationError as e:
            raise CommandError(f"{path.name} 未导入：" + "；".join(e.messages)) from None
        batch = import_start(prepared, actor=actor, agency=agency)
        bar = tqdm(total=prepared.total, unit="行", desc=path.name, file=getattr(self.stderr, "_out", self.stderr), disable=opts["no_progress"],
                   mininterval=0.5, dynamic_ncols=True)

        def progress(done: int, total: int | None) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        try:
            batch = import_run(batch, prepared, progress=progress)
        finally:
            bar.close()
        for e in batch.errors[:SHOWN_ERRORS]:
            sheet = f"[{e['sheet']}] " if e.get("sheet") else ""
            self.stdout.write(f"{sheet}第{e['row']}行 {e['column']}：{e['reason']}")
        if len(batch.errors) > SHOWN_ERRORS:
            self.stdout.write(f"……另有{len(batch.errors) - SHOWN_ERRORS}处错误（完整报告：--errors 报告.xlsx）")
        if opts["errors"]:
            Path(opts["errors"]).write_bytes(errors_xlsx(batch))
        self.stdout.write(
            f"批次 {batch.pk}：处理 {batch.processed_rows} 行，新增 {batch.created}，更新 {batch.updated}，"
            f"未变 {batch.unchanged}，错误 {len(batch.errors)} 处。{batch.message}")
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(batch.message)

    def _export(self, opts):
        path = Path(opts["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("导出文件名应以 .xlsx 结尾")
        try:
            if opts["kind"] == ENTITIES:
                qs = entities_filtered(region=opts["region"], kind=opts["entity_kind"], risk=opts["risk"],
                                       active=opts["active"] or None)
                count = qs.count()
                with path.open("wb") as out:
                    export_entities(out, queryset=qs)
            else:
                qs = officers_filtered(agency=opts["agency"])
                count = qs.count()
                with path.open("wb") as out:
                    export_officers(out, queryset=qs)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        except OSError as e:
            raise CommandError(f"无法写入 {path}：{e.strerror or e}") from None
        self.stdout.write(f"已导出 {count} 行到 {path}")
