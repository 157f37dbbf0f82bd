"""Who may do what in a co-operative. The one permission path for this area.

The co-operative's own staff and the council's officers hold roles on its organisation (or above
it); they approve members and keep the register. Members see their own membership, and come to
the co-operative's closed meetings (registered with meetings in ``CooperativesConfig.ready``).
"""

from __future__ import annotations

from coopcouncil.accounts.models import Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.cooperatives.models import Cooperative, Member
from coopcouncil.meetings.models import Meeting

RUNS_COOPERATIVES = (Role.OFFICER, Role.ADMINISTRATOR)


def can_manage_cooperative(person: Person | None, cooperative: Cooperative) -> bool:
    """Approve applications, keep the register, give notice of expulsion, set the classes."""
    if person is None or person.is_anonymised:
        return False
    return has_role(person, RUNS_COOPERATIVES, on=cooperative.organisation)


def current_membership(person: Person | None, cooperative: Cooperative) -> Member | None:
    if person is None or person.is_anonymised:
        return None
    return cooperative.members.filter(person=person, left_on__isnull=True).select_related("membership_class").first()


def can_see_register(person: Person | None, cooperative: Cooperative) -> bool:
    """The register holds members' names and ages: only the people who keep it see it."""
    return can_manage_cooperative(person, cooperative)


def is_member_for_meeting(person: Person, meeting: Meeting) -> bool:
    """A co-operative's closed meetings (its general meetings) are for its current members."""
    organisation = meeting.owner_organisation
    if organisation is None or person.is_anonymised:
        return False
    cooperative = Cooperative.objects.filter(organisation=organisation).first()
    return cooperative is not None and current_membership(person, cooperative) is not None
