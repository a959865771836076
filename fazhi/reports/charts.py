"""Charts as server-rendered SVG: plain markup, inline in the page, no script and no outside resource (the strict
CSP allows it: presentation attributes, not style attributes). Text is set in "Noto Sans CJK SC" (Debian's
fonts-noto-cjk, on the server and in the browser), so Chinese labels render without missing glyphs. Every bar is
a link to the records behind it; every point carries its value in a <title> (the browser's tooltip)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif"
COLORS = ["#b22222", "#1f5f99", "#2e7d32", "#8e5a00", "#6a3d9a", "#00838f"]
TEXT = "#222"
GRID = "#ddd"


@dataclass
class Bar:
    label: str
    value: float | int | None
    href: str | None = None
    display: str | None = None


def _text_width(text: str, size: float) -> float:
    """Rough advance width: CJK and full-width characters one em, others about half."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.55 for c in text)


def _svg(width: int, height: int, title: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text piece escaped by the callers
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def bar_chart(title: str, bars: list[Bar], *, width: int = 640, unit: str = "") -> SafeString:
    """A horizontal bar chart: the label on the left, the bar, the value after it; each bar links to its records."""
    bar_h, gap, top = 22, 10, 34
    label_w = min(max((_text_width(b.label, 13) for b in bars), default=40) + 12, width * 0.45)
    value_w = 70
    plot_w = max(width - label_w - value_w - 10, 40)
    top_value = max((float(b.value) for b in bars if b.value is not None), default=0) or 1
    height = top + len(bars) * (bar_h + gap) + 10
    parts = [format_html('<text x="0" y="18" font-size="15" font-weight="bold" fill="{}">{}</text>', TEXT, title)]
    for n, b in enumerate(bars):
        y = top + n * (bar_h + gap)
        w = 0 if b.value is None else max(float(b.value) / top_value * plot_w, 1 if b.value else 0)
        color = COLORS[n % len(COLORS)]
        shown = b.display if b.display is not None else ("—" if b.value is None else f"{b.value}{unit}")
        inner = format_html(
            '<title>{}：{}</title>'
            '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
            '<text x="{}" y="{}" fill="{}">{}</text>',
            b.label, shown,
            f"{label_w - 8:.0f}", y + bar_h - 6, TEXT, b.label,
            f"{label_w:.0f}", y, f"{w:.1f}", bar_h, color,
            f"{label_w + w + 6:.1f}", y + bar_h - 6, TEXT, shown)
        if b.href:
            parts.append(format_html('<a href="{}" class="bar">{}</a>', b.href, inner))
        else:
            parts.append(format_html('<g class="bar">{}</g>', inner))
    return _svg(width, int(height), title, "".join(str(p) for p in parts))


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]], *, width: int = 640,
               height: int = 260) -> SafeString:
    """A line chart (e.g. per month) with a legend; each point's value in its tooltip."""
    left, right, top, bottom = 44, 16, 56, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max((v for _name, values in series for v in values), default=0)
    step = _nice_step(top_value)
    y_max = max(step * 4, step * -(-top_value // step)) if top_value else 4
    parts = [format_html('<text x="0" y="18" font-size="15" font-weight="bold" fill="{}">{}</text>', TEXT, title)]
    # legend
    x = 0.0
    for n, (name, _values) in enumerate(series):
        color = COLORS[n % len(COLORS)]
        parts.append(format_html('<rect x="{}" y="30" width="14" height="4" fill="{}"></rect>'
                                 '<text x="{}" y="36" fill="{}">{}</text>', f"{x:.0f}", color, f"{x + 18:.0f}", TEXT,
                                 name))
        x += 18 + _text_width(name, 13) + 18
    # grid and y axis
    ticks = 4
    for t in range(ticks + 1):
        value = y_max * t / ticks
        y = top + plot_h - plot_h * t / ticks
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
                                 '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                                 left, f"{y:.1f}", width - right, f"{y:.1f}", GRID, left - 6, f"{y + 4:.1f}", TEXT,
                                 _fmt(value)))
    n_points = max(len(labels), 1)
    dx = plot_w / max(n_points - 1, 1)
    for i, label in enumerate(labels):
        parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                                 f"{left + i * dx:.1f}", height - 10, TEXT, label))
    for n, (name, values) in enumerate(series):
        color = COLORS[n % len(COLORS)]
        points = [(left + i * dx, top + plot_h - (plot_h * v / y_max if y_max else 0)) for i, v in enumerate(values)]
        parts.append(format_html('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"></polyline>', color,
                                 " ".join(f"{px:.1f},{py:.1f}" for px, py in points)))
        for (px, py), label, v in zip(points, labels, values, strict=False):
            parts.append(format_html('<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{} {}：{}</title></circle>',
                                     f"{px:.1f}", f"{py:.1f}", color, name, label, v))
    return _svg(width, height, title, "".join(str(p) for p in parts))


def _nice_step(top: float) -> int:
    if top <= 4:
        return 1
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return int(m * magnitude)
    return int(10 * magnitude)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
