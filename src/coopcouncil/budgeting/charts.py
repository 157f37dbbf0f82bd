"""Results charts drawn on the server as SVG: no JavaScript, and the same figures in a table beside them.

Colour is never the only cue: each bar is labelled with its votes and whether it was funded, and
both colours have a contrast of at least 3:1 with the white background (WCAG 1.4.1 and 1.4.11).
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coopcouncil.budgeting.presenters import PotResult

FUNDED = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
NOT_FUNDED = "#505a5f"  # GOV.UK dark grey: 7:1 on white
# Drawn for half the page width (about 450 pixels), so 18-unit text shows at about 15 pixels.
BAR_HEIGHT = 26
GAP = 10
FONT_SIZE = 18
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"  # the site's own
LABEL_WIDTH = 225
BAR_WIDTH = 180
WIDTH = LABEL_WIDTH + BAR_WIDTH + 165


def _truncate(text: str, length: int = 20) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def results_chart(result: PotResult) -> SafeString:
    """A horizontal bar per project: how many votes it had, and whether it was funded."""
    rows = result.rows
    if not rows:
        return mark_safe("")
    top = max((row.votes for row in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    title_id = f"chart-{result.pot.pk}-title"
    desc_id = f"chart-{result.pot.pk}-desc"
    funded = len(result.funded)
    # Outside the f-string, so that makemessages finds it.
    title = _("Votes for each project in %(pot)s") % {"pot": result.pot.name}
    parts = [
        f'<svg class="cc-chart" role="img" font-family="{FONT_FAMILY}" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">'
        + escape(
            _("%(funded)d of %(total)d projects were funded. The table beside the chart gives the same figures.")
            % {"funded": funded, "total": len(rows)}
        )
        + "</desc>",
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(2, round(BAR_WIDTH * row.votes / top))
        colour = FUNDED if row.funded else NOT_FUNDED
        status = _("funded") if row.funded else _("not funded")
        label = escape(_truncate(f"{row.proposal.ballot_number}. {row.proposal.title}"))
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 7}" text-anchor="end" font-size="{FONT_SIZE}" '
            f'fill="#0b0c0c">{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT - 7}" font-size="{FONT_SIZE}" fill="#0b0c0c">'
            f"{number_format(row.votes, force_grouping=True)} · {escape(status)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
