"""The membership growth chart, drawn on the server as SVG with the same figures in a table beside it.

The target is a dashed line with its own label, so it is not told apart by colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coopcouncil.cooperatives.selectors import GrowthPoint

LINE = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
TARGET = "#505a5f"  # GOV.UK dark grey: 7:1 on white
INK = "#0b0c0c"
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
FONT_SIZE = 16
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 40


def growth_chart(points: list[GrowthPoint], *, target: int | None, target_on: date | None, chart_id: str) -> SafeString:
    if not points:
        return mark_safe("")
    top = max([point.members for point in points] + [target or 0]) or 1
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(1, len(points) - 1)

    def y_of(value: int) -> float:
        return TOP + plot_height * (1 - value / top)

    title = _("Members at the end of each month")
    description = _("%(latest)s members at the end of %(month)s.") % {
        "latest": number_format(points[-1].members, force_grouping=True),
        "month": date_format(points[-1].month, "F Y"),
    }
    if target is not None and target_on is not None:
        description += " " + _("The target is %(target)s members by %(on)s.") % {
            "target": number_format(target, force_grouping=True),
            "on": date_format(target_on, "j F Y"),
        }
    parts = [
        f'<svg class="cc-chart" role="img" font-family="{FONT_FAMILY}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_height}" stroke="{INK}"/>',
        f'<text x="{LEFT - 8}" y="{TOP + plot_height}" text-anchor="end" font-size="{FONT_SIZE}" fill="{INK}">0</text>',
        f'<text x="{LEFT - 8}" y="{TOP + FONT_SIZE}" text-anchor="end" font-size="{FONT_SIZE}" fill="{INK}">'
        f"{number_format(top, force_grouping=True)}</text>",
    ]
    if target is not None:
        y = y_of(target)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{TARGET}" stroke-width="2" '
            f'stroke-dasharray="8 6"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y - 6:.1f}" text-anchor="end" font-size="{FONT_SIZE}" fill="{INK}">'
            f"{escape(_('Target'))}: {number_format(target, force_grouping=True)}</text>"
        )
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{LEFT + index * step:.1f},{y_of(point.members):.1f}"
        for index, point in enumerate(points)
    )
    parts.append(f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="3"/>')
    last_x, last_y = LEFT + (len(points) - 1) * step, y_of(points[-1].members)
    parts.append(f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="5" fill="{LINE}"/>')
    for index in (0, len(points) - 1):
        anchor = "start" if index == 0 else "end"
        parts.append(
            f'<text x="{LEFT + index * step:.1f}" y="{HEIGHT - 12}" text-anchor="{anchor}" '
            f'font-size="{FONT_SIZE}" fill="{INK}">'
            f"{escape(date_format(points[index].month, 'M Y'))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
