"""The calendar upload form (system administrators)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.workdays.calendar import MAX_FILE_BYTES, NOTE_MAX, YEAR_MAX, YEAR_MIN, parse_calendar_file
from fazhi.workdays.models import CalendarYear


class CalendarUploadForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    file = forms.FileField(
        label=_("日历文件"),
        help_text=_("CSV（表头 date,kind,name，UTF-8）或 JSON 文件。"),
    )
    note = forms.CharField(
        label=_("说明"), max_length=NOTE_MAX, required=False, help_text=_("如：国务院办公厅通知的文号。")
    )
    replace = forms.BooleanField(label=_("替换该年份已有的数据"), required=False)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        upload = data.get("file")
        self.parsed = None
        if year is None or upload is None:
            return data
        if CalendarYear.objects.filter(year=year).exists() and not data.get("replace"):
            self.add_error(
                "replace",
                _("%(year)s 年日历已导入。如需替换，请勾选“替换该年份已有的数据”。") % {"year": year},
            )
        if upload.size > MAX_FILE_BYTES:
            self.add_error("file", _("文件过大（不超过 %(kb)s KB）。") % {"kb": MAX_FILE_BYTES // 1024})
            return data
        try:
            self.parsed = parse_calendar_file(year, upload.read(), upload.name)
        except ValidationError as e:
            self.add_error("file", e.messages)
        return data
