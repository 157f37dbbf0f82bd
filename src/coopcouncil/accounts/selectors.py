"""Reads about people. Special-category data is only read through ``access_needs_for``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from coopcouncil.accounts.models import (
    AccessNeeds,
    ActingForSession,
    AreaClaim,
    AreaClaimKind,
    AreaClaimStatus,
    Consent,
    ConsentPurpose,
    DataRequest,
    DataRequestStatus,
    ParentalConsentRequest,
    Person,
)
from coopcouncil.accounts.permissions import (
    area_claims_covered_by,
    can_take_part,
    can_view_access_needs,
    people_covered_by,
    people_visible_to,
    place_lookup,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from coopcouncil.core.personal_data import personal_data_areas

# Where the id of an officer's live acting-for session is kept in their web session.
ACTING_FOR_SESSION_KEY = "acting_for_session_id"


def person_for_user(user: Any) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def actor_from_request(request: HttpRequest) -> Actor:
    """The signed-in person and, in acting-for mode, the resident they act for."""
    person = person_for_user(request.user)
    session: ActingForSession | None = getattr(request, "acting_for", None)
    return Actor(person=person, on_behalf_of=session.resident if session else None)


def acting_for_session_active(*, officer: Person, session_id: int) -> ActingForSession | None:
    session = (
        ActingForSession.objects.select_related("resident")
        .filter(pk=session_id, officer=officer, ended_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return session


def access_needs_for(*, viewer: Person | None, person: Person) -> AccessNeeds | None:
    if not can_view_access_needs(viewer, person):
        raise PermissionDenied("You cannot see this person's access needs.")
    return AccessNeeds.objects.filter(person=person).first()


def people_search(*, officer: Person | None, query: str, limit: int = 20) -> QuerySet[Person]:
    """Find residents at a hub by name, postcode or email, among the people the officer's roles
    cover. Anonymised people are never found."""
    query = query.strip()
    people = Person.objects.filter(anonymised_at__isnull=True).filter(people_covered_by(officer))
    if not query:
        return people.none()
    return people.filter(
        Q(full_name__icontains=query)
        | Q(known_as__icontains=query)
        | Q(postcode__iexact=query)
        | Q(contact_email__iexact=query)
        | Q(user__email__iexact=query)
    ).order_by("full_name")[:limit]


def person_for_officer(*, officer: Person | None, pk: int) -> Person | None:
    """A profile an officer may open, or None (the page then says it does not exist)."""
    return Person.objects.filter(pk=pk, anonymised_at__isnull=True).filter(people_visible_to(officer)).first()


def area_claims_of(*, person: Person) -> QuerySet[AreaClaim]:
    return AreaClaim.objects.filter(person=person).select_related("reviewed_by")


def area_claims_to_check(*, officer: Person | None) -> QuerySet[AreaClaim]:
    """Claims waiting for a check that this officer may make, oldest first."""
    if officer is None:
        return AreaClaim.objects.none()
    return (
        AreaClaim.objects.filter(status=AreaClaimStatus.PENDING, person__anonymised_at__isnull=True)
        .filter(area_claims_covered_by(officer))
        .exclude(person=officer)
        .select_related("person")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class VerifiedAreaClaim:
    claim: AreaClaim
    # The ward the claim's postcode lies in, or None when the lookup does not know it.
    ward: models.Model | None


def area_claims_verified_for(
    person: Person, kinds: Iterable[AreaClaimKind | str] = tuple(AreaClaimKind)
) -> list[VerifiedAreaClaim]:
    """A person's verified claims to live, work, study or volunteer somewhere, each with its ward.

    For eligibility rules such as "lives, works, studies or volunteers in the area": the caller
    (in places or above) decides which wards count. Claims waiting or not verified never appear.
    """
    lookup = place_lookup()
    claims = AreaClaim.objects.filter(
        person=person, status=AreaClaimStatus.VERIFIED, kind__in=[str(kind) for kind in kinds]
    )
    return [
        VerifiedAreaClaim(claim=claim, ward=lookup.ward_for_postcode(claim.postcode) if lookup else None)
        for claim in claims
    ]


def parental_consent_status(*, person: Person, on: date | None = None) -> str | None:
    """Why a child under 13 cannot take part yet, from the parental consent alone.

    "waiting" while the latest request to a parent or carer is unanswered, "refused" when they
    said no, "needed" when none was asked (registered at a hub) or it was withdrawn; None when the
    child may take part or is not under 13. Other consents make no difference.
    """
    if person.is_anonymised or can_take_part(person, on=on):
        return None
    latest = ParentalConsentRequest.objects.filter(child=person).order_by("-sent_at", "-pk").first()
    if latest is None:
        return "needed"
    if latest.answered_at is None:
        return "waiting"
    return "needed" if latest.granted else "refused"


@dataclass(frozen=True)
class Participation:
    """What pages say about someone taking part: the account page, consents, a follow button."""

    may_take_part: bool
    # "needed", "waiting", "refused" or None: see parental_consent_status.
    parental_consent: str | None
    # "agreed", "withdrawn" or "not_asked": consent to be told about things they follow.
    contact_updates: str


def consent_state(*, person: Person, purpose: ConsentPurpose) -> str:
    """Say "agreed" while a consent is active, "withdrawn" once each one was withdrawn, else "not_asked"."""
    consents = Consent.objects.filter(person=person, purpose=purpose)
    if consents.filter(withdrawn_at__isnull=True).exists():
        return "agreed"
    return "withdrawn" if consents.exists() else "not_asked"


def participation_for(*, person: Person) -> Participation:
    may_take_part = can_take_part(person)
    return Participation(
        may_take_part=may_take_part,
        parental_consent=None if may_take_part else parental_consent_status(person=person),
        contact_updates=consent_state(person=person, purpose=ConsentPurpose.CONTACT_UPDATES),
    )


def audit_entries_about(*, person: Person) -> QuerySet[AuditEntry]:
    """What was done by the person or on their behalf: they see this once they claim a profile."""
    return AuditEntry.objects.filter(Q(actor=person) | Q(on_behalf_of=person)).select_related("actor", "on_behalf_of")


def data_requests_open() -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(status=DataRequestStatus.OPEN).select_related("person").order_by("requested_at")


def person_data_export(*, person: Person) -> dict[str, Any]:
    """Everything held about a person, for the 'download your data' page (UK GDPR art. 15 and 20)."""
    return {area.name: area.export(person) for area in personal_data_areas()}
