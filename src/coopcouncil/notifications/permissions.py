"""Who may be written to. The one rule every notification goes through (docs/privacy.md)."""

from __future__ import annotations

from coopcouncil.accounts.models import ConsentPurpose, Person
from coopcouncil.accounts.permissions import can_take_part
from coopcouncil.accounts.selectors import consent_state


def may_be_told(person: Person, *, about_their_own: bool = False) -> bool:
    """May a notification go to ``person``?

    Never to an anonymised person, nor to a child under 13 whose parent or carer has not agreed
    (``can_take_part``), whatever the message. News about something they follow needs an active
    contact_updates consent. A message ``about_their_own`` doing (the outcome of the review of a
    proposal they made) does not: it is part of what they asked us to do, not an update they
    signed up for.
    """
    if person.is_anonymised or not can_take_part(person):
        return False
    return about_their_own or consent_state(person=person, purpose=ConsentPurpose.CONTACT_UPDATES) == "agreed"
