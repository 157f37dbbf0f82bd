"""What meetings hold about a person: registrations with access needs, attendance, and their part in decisions.

Access needs are special-category data: erased with the person. Attendance and a person's part in a
decision stay under the anonymised name, because the decisions are public records.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.core.personal_data import PersonalDataArea
from coopcouncil.meetings.models import Attendance, ConsentResponse, Registration


def meetings_export(person: Person) -> dict[str, Any]:
    return {
        "registrations": [
            {
                "meeting": r.meeting.title,
                "starts_at": r.meeting.starts_at.isoformat(),
                "joining_online": r.joining_online,
                "access_needs": r.access_needs,
                "language": r.language,
                "other_needs": r.other_needs,
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
            }
            for r in Registration.objects.filter(person=person).select_related("meeting")
        ],
        "attended": [
            {"meeting": a.meeting.title, "how": a.how, "recorded_at": a.recorded_at.isoformat()}
            for a in Attendance.objects.filter(person=person).select_related("meeting")
        ],
        "consent_answers": [
            {"decision": c.meeting_decision.title, "answer": c.answer, "reason": c.reason}
            for c in ConsentResponse.objects.filter(person=person).select_related("meeting_decision")
        ],
    }


def meetings_erase(person: Person) -> None:
    Registration.objects.filter(person=person).update(access_needs=[], language="", other_needs="")
    ConsentResponse.objects.filter(person=person).exclude(reason="").update(reason="(removed)")


MEETINGS_PERSONAL_DATA = PersonalDataArea(
    name="meetings",
    export=meetings_export,
    erase=meetings_erase,
    kept_after_erasure=_(
        "If you came to a meeting or took part in one of its decisions, that stays under an anonymised name, "
        "because the meeting's decisions are public records. Your access needs are removed."
    ),
    models=(
        "meetings.Meeting",
        "meetings.Registration",
        "meetings.Attendance",
        "meetings.Minutes",
        "meetings.ActionItem",
        "meetings.MeetingDecision",
        "meetings.ConsentResponse",
    ),
)
