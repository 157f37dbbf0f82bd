"""The kinds of decision in the public log, named by the area that took them.

A decision's kind is the app its subject belongs to (a budgeting round, a commissioning programme),
so no area has to remember to label what it records, and a decision can never be filed under the
wrong kind. An area that starts recording decisions adds its app label here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OTHER = "other"

KINDS: dict[str, Promise] = {
    "budgeting": _("Participatory budgeting"),
    "commissioning": _("Commissioning"),
    "meetings": _("Forums and meetings"),
    "cooperatives": _("Co-operatives"),
    OTHER: _("Other decisions"),
}


def kind_label(key: str) -> str:
    return str(KINDS.get(key, KINDS[OTHER]))
