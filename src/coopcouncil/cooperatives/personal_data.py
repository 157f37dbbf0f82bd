"""What co-operatives hold about a person: applications, memberships, and any expulsion case.

The register of members is a legal record the co-operative must keep: after erasure the line stays
under the anonymised name, with its member number and dates. What people wrote (why they wanted to
join, a note on leaving, representations) is removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives.models import Candidate, ExpulsionCase, InterestDeclared, Member, MembershipApplication
from coopcouncil.core.personal_data import PersonalDataArea


def cooperatives_export(person: Person) -> dict[str, Any]:
    return {
        "applications": [
            {
                "cooperative": application.cooperative.name,
                "class": application.membership_class.name,
                "submitted_at": application.submitted_at.isoformat(),
                "statement": application.statement,
                "status": application.status,
                "decision_reason": application.decision_reason,
            }
            for application in MembershipApplication.objects.filter(person=person).select_related(
                "cooperative__organisation", "membership_class"
            )
        ],
        "memberships": [
            {
                "cooperative": member.cooperative.name,
                "member_number": member.member_number,
                "class": member.membership_class.name,
                "joined_on": member.joined_on.isoformat(),
                "left_on": member.left_on.isoformat() if member.left_on else None,
                "leaving_reason": member.leaving_reason,
                "leaving_note": member.leaving_note,
            }
            for member in Member.objects.filter(person=person).select_related(
                "cooperative__organisation", "membership_class"
            )
        ],
    }


def cooperatives_erase(person: Person) -> None:
    MembershipApplication.objects.filter(person=person).update(statement="")
    Member.objects.filter(person=person).update(leaving_note="")
    ExpulsionCase.objects.filter(member__person=person).update(representations="")
    InterestDeclared.objects.filter(member__person=person).update(description="(removed)")
    Candidate.objects.filter(member__person=person).update(statement="")


COOPERATIVES_PERSONAL_DATA = PersonalDataArea(
    name="cooperatives",
    export=cooperatives_export,
    erase=cooperatives_erase,
    kept_after_erasure=_(
        "If you were a member of a co-operative, its register keeps your member number and dates under an "
        "anonymised name, because the law asks co-operatives to keep a register of members."
    ),
    models=(
        "cooperatives.MembershipApplication",
        "cooperatives.Member",
        "cooperatives.ExpulsionCase",
        # Governance: votes are kept (one member one vote is checked against them), never shown by name.
        "cooperatives.GeneralMeeting",
        "cooperatives.ResolutionVote",
        "cooperatives.InterestDeclared",
        "cooperatives.BoardMember",
        "cooperatives.BoardElection",
        "cooperatives.Candidate",
        "cooperatives.ElectionBallot",
        "cooperatives.IncomeRecord",
    ),
)
