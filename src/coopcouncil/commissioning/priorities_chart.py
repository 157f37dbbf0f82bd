"""The panel's priorities drawn on the server as SVG, with the same figures in a table beside it.

As in budgeting's charts, colour is never the only cue: each bar is labelled with its dots and
its share of the budget, in text with a contrast of at least 4.5:1 on white.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coopcouncil.budgeting.charts import BAR_HEIGHT, BAR_WIDTH, FONT_FAMILY, FONT_SIZE, FUNDED, GAP, LABEL_WIDTH
from coopcouncil.commissioning.selectors import PrioritiesResult

WIDTH = LABEL_WIDTH + BAR_WIDTH + 220


def _truncate(text: str, length: int = 20) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _pounds(pence: int) -> str:
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def priorities_chart(result: PrioritiesResult, *, chart_id: str) -> SafeString:
    """A horizontal bar per outcome for its dots, labelled with the dots and the budget set against it."""
    rows = result.rows
    if not rows or result.dots_cast == 0:
        return mark_safe("")
    top = max(row.dots for row in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    title = _("The panel's dots for each outcome")
    desc = _("%(members)d panel members placed %(dots)d dots. The table gives the same figures.") % {
        "members": result.members_voted,
        "dots": result.dots_cast,
    }
    parts = [
        f'<svg class="cc-chart" role="img" font-family="{FONT_FAMILY}" aria-labelledby="{chart_id}-title '
        f'{chart_id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(2, round(BAR_WIDTH * row.dots / top)) if row.dots else 0
        label = escape(_truncate(f"{row.rank}. {row.outcome.title}"))
        figures = _("%(dots)d dots · %(budget)s") % {"dots": row.dots, "budget": _pounds(row.budget_pence)}
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 7}" text-anchor="end" font-size="{FONT_SIZE}" '
            f'fill="#0b0c0c">{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{FUNDED}"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT - 7}" font-size="{FONT_SIZE}" fill="#0b0c0c">'
            f"{escape(figures)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
