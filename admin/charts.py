"""The dashboard's charts, drawn on the server as SVG with pygal (no chart library is loaded by the browser, and the
page's Content-Security-Policy stays strict: the charts are images)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pygal
from pygal.style import Style

from core.thaidate import THAI_MONTHS_SHORT

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#374151",
    foreground_strong="#111827",
    foreground_subtle="#9ca3af",
    colors=("#1B7F4B", "#2563eb"),
    font_family="'Sarabun', 'Noto Sans Thai', 'Loma', 'Garuda', 'Tahoma', sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    title_font_size=14,
)


def _options() -> dict[str, object]:
    # No script of pygal's own is linked (js=[]): an SVG shown as an image runs none anyway.
    return {"style": STYLE, "js": [], "show_legend": False, "disable_xml_declaration": False, "print_values": False}


def _whole_numbers(top_value: int) -> list[int]:
    """Axis labels for counts: whole numbers only, about five of them."""
    step = max(1, -(-max(top_value, 1) // 5))
    return list(range(0, max(top_value, 1) + step, step))


def daily(days: Sequence[tuple[dt.date, int]], title: str) -> bytes:
    """Inquiries per day of a month, as bars."""
    chart = pygal.Bar(
        width=720,
        height=300,
        title=title,
        x_label_rotation=0,
        show_minor_x_labels=False,
        y_labels=_whole_numbers(max((n for _, n in days), default=0)),
        **_options(),
    )
    chart.x_labels = [str(d.day) for d, _ in days]
    chart.x_labels_major = [str(d.day) for d, _ in days if d.day in (1, 5, 10, 15, 20, 25, 30)]
    label = f"{THAI_MONTHS_SHORT[days[0][0].month - 1]}" if days else ""
    chart.add(label, [n for _, n in days])
    return bytes(chart.render())


def top(procedures: Sequence[tuple[str, int]], title: str) -> bytes:
    """The procedures asked about most, as horizontal bars."""
    chart = pygal.HorizontalBar(
        width=720,
        height=80 + 34 * max(1, len(procedures)),
        title=title,
        y_labels=_whole_numbers(max((n for _, n in procedures), default=0)),
        **_options(),
    )
    shown = list(reversed(procedures))
    chart.x_labels = [name if len(name) <= 48 else name[:47] + "…" for name, _ in shown]
    chart.add("คำถาม", [n for _, n in shown])
    return bytes(chart.render())
