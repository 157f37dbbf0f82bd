"""How people are named on pages others can see."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import is_child
from coopcouncil.accounts.models import Person


def person_public_name(person: Person, *, on: date) -> str:
    """The name to show the public: never a child's, never an anonymised person's.

    Someone whose age is unknown is shown by the name they chose to be known by; children
    (or possible children, when only a year of birth is known) appear as "A young resident".
    """
    if person.is_anonymised:
        return _("A former participant")
    if is_child(person, on):
        return _("A young resident")
    return person.display_name
