"""KPI charts drawn on the server as SVG: no JavaScript, and the same figures in a table beside them.

A bar per reporting period, coloured by its RAG status and labelled with a letter (G, A, R) so
colour is never the only cue (WCAG 1.4.1); the dashed line is the target. Every colour has a
contrast of at least 3:1 with the white background (WCAG 1.4.11). Periods with no verified value
are drawn as a grey tick on the axis.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coopcouncil.commissioning.models import RAG
from coopcouncil.commissioning.selectors import KPISeries

COLOURS = {
    RAG.GREEN: "#00703c",  # GOV.UK green: 5.9:1 on white
    RAG.AMBER: "#a35200",  # a dark amber: 5.3:1 on white (GOV.UK orange is too light for shapes)
    RAG.RED: "#d4351c",  # GOV.UK red: 4.5:1 on white
    RAG.GREY: "#505a5f",  # GOV.UK dark grey: 7:1 on white
}
LETTERS = {RAG.GREEN: "G", RAG.AMBER: "A", RAG.RED: "R", RAG.GREY: "-"}
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"  # the site's own
FONT_SIZE = 16
WIDTH = 640
HEIGHT = 280
LEFT = 70
RIGHT = 20
TOP = 20
BOTTOM = 50
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
# Beyond this many periods the axis names every few of them, so the labels do not overlap.
LABELLED_PERIODS = 12


def _pixels(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kpi_chart(series: KPISeries) -> SafeString:
    """The KPI's verified value in each period, coloured by status, against its target."""
    points = series.points
    if not points:
        return mark_safe("")
    kpi = series.kpi
    values = [p.value for p in points if p.value is not None]
    top = max([*values, kpi.target, kpi.green_at, kpi.amber_at, Decimal(1)]) * Decimal("1.1")

    def y_for(value: Decimal) -> int:
        return TOP + PLOT_HEIGHT - _pixels(max(value, Decimal(0)) / top * PLOT_HEIGHT)

    slot = Decimal(PLOT_WIDTH) / len(points)
    bar = max(2, _pixels(slot * Decimal("0.6")))
    every = max(1, (len(points) + LABELLED_PERIODS - 1) // LABELLED_PERIODS)
    title_id, desc_id = f"kpi-{kpi.pk}-title", f"kpi-{kpi.pk}-desc"
    # Outside the f-strings, so that makemessages finds them.
    title = _("%(kpi)s in each period") % {"kpi": kpi.name}
    desc = _(
        "%(verified)d of %(periods)d periods have a verified value. The target is %(target)s %(unit)s. "
        "The table beside the chart gives the same figures."
    ) % {"verified": len(values), "periods": len(points), "target": number_format(kpi.target), "unit": kpi.unit}
    parts = [
        f'<svg class="cc-chart" role="img" font-family="{FONT_FAMILY}" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + PLOT_HEIGHT}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_HEIGHT}" stroke="#0b0c0c"/>',
        f'<text x="{LEFT - 6}" y="{TOP + PLOT_HEIGHT + 5}" text-anchor="end" font-size="{FONT_SIZE}" fill="#0b0c0c">0'
        "</text>",
    ]
    for index, point in enumerate(points):
        x = LEFT + _pixels(slot * index + (slot - bar) / 2)
        centre = x + bar // 2
        if point.value is None:
            parts.append(
                f'<rect x="{x}" y="{TOP + PLOT_HEIGHT - 4}" width="{bar}" height="4" fill="{COLOURS[RAG.GREY]}"/>'
            )
        else:
            y = y_for(point.value)
            colour = COLOURS[point.rag]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{bar}" height="{max(1, TOP + PLOT_HEIGHT - y)}" fill="{colour}"/>'
                f'<text x="{centre}" y="{y - 4}" text-anchor="middle" font-size="{FONT_SIZE}" fill="#0b0c0c">'
                f"{LETTERS[point.rag]}</text>"
            )
        if index % every == 0:
            label = escape(date_format(point.period_start, "M Y"))
            parts.append(
                f'<text x="{centre}" y="{TOP + PLOT_HEIGHT + 22}" text-anchor="middle" font-size="{FONT_SIZE - 2}" '
                f'fill="#0b0c0c">{label}</text>'
            )
    target_y = y_for(kpi.target)
    parts.append(
        f'<line x1="{LEFT}" y1="{target_y}" x2="{WIDTH - RIGHT}" y2="{target_y}" stroke="#0b0c0c" '
        f'stroke-dasharray="6 4"/>'
        f'<text x="{LEFT - 6}" y="{target_y + 5}" text-anchor="end" font-size="{FONT_SIZE}" fill="#0b0c0c">'
        f"{escape(number_format(kpi.target))}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
