"""Who may do what in a co-operative. The one permission path for this area.

The co-operative's own staff and the council's officers hold roles on its organisation (or above
it); they approve members and keep the register. Members see their own membership, and come to
the co-operative's closed meetings (registered with meetings in ``CooperativesConfig.ready``).
"""

from __future__ import annotations

from coopcouncil.accounts.models import Organisation, Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.cooperatives.models import Cooperative, GeneralMeeting, Member, MembershipClass
from coopcouncil.meetings.models import Meeting
from coopcouncil.meetings.permissions import can_see_meeting

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


def is_current_member(
    person: Person | None, cooperative: Cooperative, *, membership_class: MembershipClass | None = None
) -> bool:
    """Other areas ask this: budgeting rounds open to a co-operative's members, say."""
    if person is None or person.is_anonymised:
        return False
    members = cooperative.members.filter(person=person, left_on__isnull=True)
    if membership_class is not None:
        members = members.filter(membership_class=membership_class)
    return members.exists()


def cooperative_of(organisation: Organisation | None) -> Cooperative | None:
    """The co-operative an organisation is, if it is one on the platform."""
    if organisation is None:
        return None
    return Cooperative.objects.filter(organisation=organisation).first()


def provider_class_members_among(cooperative: Cooperative, people: list[Person]) -> list[Person]:
    """Who among these people is a current member of one of the co-operative's provider classes."""
    provider_ids = set(
        cooperative.members.filter(
            left_on__isnull=True, membership_class__is_provider_class=True, person__in=people
        ).values_list("person_id", flat=True)
    )
    return [person for person in people if person.pk in provider_ids]


def is_member_for_meeting(person: Person, meeting: Meeting) -> bool:
    """Members may come to their co-operative's closed meetings (its general meetings, say)."""
    cooperative = cooperative_of(meeting.owner_organisation)
    return cooperative is not None and is_current_member(person, cooperative)


def directors_among(cooperative: Cooperative, people: list[Person]) -> list[Person]:
    """Who among these people sits on the co-operative's board now."""
    ids = set(
        cooperative.board.filter(ended_on__isnull=True, member__person__in=people).values_list(
            "member__person_id", flat=True
        )
    )
    return [person for person in people if person.pk in ids]


def can_see_general_meeting(subject: Person | None, officer: Person | None, general_meeting: GeneralMeeting) -> bool:
    """General meetings are closed: members, and the people who run the co-operative, see their pages.
    The results are public in the decision log."""
    return can_see_meeting(subject, general_meeting.meeting) or can_manage_cooperative(
        officer, general_meeting.cooperative
    )
