"""Who may do what with meetings. The one permission path for this area.

Officers and administrators with a role on the meeting's owner (or above it) organise it. Anyone
who can take part may come to a public meeting; who may come to a closed one (a co-operative's
general meeting, say) is for the owning area to say, through ``closed_meeting_access_register``.
"""

from __future__ import annotations

from collections.abc import Callable

from coopcouncil.accounts.models import Person, Role
from coopcouncil.accounts.permissions import can_take_part, has_role
from coopcouncil.meetings.models import Meeting

ORGANISES_MEETINGS = (Role.OFFICER, Role.ADMINISTRATOR)

ClosedMeetingAccess = Callable[[Person, Meeting], bool]
_closed_access: list[ClosedMeetingAccess] = []


def closed_meeting_access_register(check: ClosedMeetingAccess) -> None:
    _closed_access.append(check)


def can_organise_meeting(person: Person | None, meeting: Meeting) -> bool:
    if person is None or person.is_anonymised:
        return False
    return meeting.created_by_id == person.pk or has_role(person, ORGANISES_MEETINGS, on=meeting)


def can_schedule_meeting(person: Person | None, owner: object) -> bool:
    return has_role(person, ORGANISES_MEETINGS, on=owner)  # type: ignore[arg-type]


def can_come_to(person: Person | None, meeting: Meeting) -> bool:
    """May register, check in and take part in the meeting's decisions."""
    if person is None or not can_take_part(person):
        return False
    if meeting.is_public or can_organise_meeting(person, meeting):
        return True
    return any(check(person, meeting) for check in _closed_access)


def can_see_meeting(person: Person | None, meeting: Meeting) -> bool:
    """Closed meetings are listed for the people who may come; their decisions still go to the public log."""
    return meeting.is_public or can_come_to(person, meeting)
