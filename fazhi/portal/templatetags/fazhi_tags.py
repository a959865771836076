from django import template
from django.utils import translation
from django.utils.formats import date_format

from fazhi.process.definition import duration_text

register = template.Library()


@register.filter
def get(mapping, key):
    if not mapping:
        return ""
    try:
        value = mapping.get(key, "")
    except AttributeError:
        return ""
    return "" if value is None else value


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def cn_date(value):
    """2026年11月29日 in Chinese; 29 Nov 2026 in English."""
    if not value:
        return ""
    if (translation.get_language() or "zh-hans").startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return date_format(value, "j M Y")


@register.filter
def duration(n, unit):
    """A number of days of a unit ("workday" or "calendar"): 20个工作日 / 20 working days."""
    return duration_text(n, unit)


@register.filter
def sum_values(values):
    try:
        return sum(int(v) for v in values)
    except (TypeError, ValueError):
        return ""
