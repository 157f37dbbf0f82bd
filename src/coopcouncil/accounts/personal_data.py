"""What the accounts area holds about a person, how it is exported and how it is erased."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import AccessNeeds, ActingForSession, Person, RoleAssignment
from coopcouncil.core.models import AuditEntry
from coopcouncil.core.personal_data import PersonalDataArea


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def person_export(person: Person) -> dict[str, Any]:
    needs = AccessNeeds.objects.filter(person=person).first()
    return {
        "profile": {
            "full_name": person.full_name,
            "known_as": person.known_as,
            "contact_email": person.contact_email,
            "login_email": person.user.email if person.user else None,
            "phone": person.phone,
            "address": person.address,
            "postcode": person.postcode,
            "date_of_birth": _iso(person.date_of_birth),
            "birth_year": person.birth_year,
            "contact_preference": person.contact_preference,
            "preferred_language": person.preferred_language,
            "registered_via": person.registered_via,
            "created_at": _iso(person.created_at),
        },
        "area_claims": [
            {
                "kind": c.kind,
                "postcode": c.postcode,
                "place_name": c.place_name,
                "evidence": c.evidence,
                "status": c.status,
                "reviewed_at": _iso(c.reviewed_at),
                "review_note": c.review_note,
            }
            for c in person.area_claims.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "given_at": _iso(c.given_at),
                "method": c.method,
                "given_by_name": c.given_by_name,
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in person.consents.all()
        ],
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role_title, "since": _iso(m.since), "until": _iso(m.until)}
            for m in person.organisation_memberships.select_related("organisation")
        ],
        "roles": [
            {"role": r.role, "scope": str(r.scope) if r.scope else "platform", "granted_at": _iso(r.granted_at)}
            for r in person.role_assignments.all()
        ],
        "access_needs": {"needs": needs.needs, "language": needs.language, "other": needs.other} if needs else None,
        "activity": [
            {
                "at": _iso(e.at),
                "action": e.action,
                "about": e.target_label,
                "done_by": "you" if e.actor_id == person.pk else "an officer, for you",
            }
            for e in AuditEntry.objects.filter(Q(on_behalf_of=person) | Q(actor=person))
        ],
    }


def person_erase(person: Person) -> None:
    """Anonymise the identity; the audit log keeps its entries, pointing at the anonymised record."""
    user = person.user
    person.full_name = f"Anonymised person {person.pk}"
    person.known_as = ""
    person.contact_email = ""
    person.phone = ""
    person.address = ""
    person.postcode = ""
    person.date_of_birth = None
    person.birth_year = None
    person.age_confirmed_note = ""
    person.claim_code_hash = ""
    person.user = None
    person.anonymised_at = timezone.now()
    person.save()
    person.area_claims.all().delete()
    person.consents.all().delete()
    person.parental_consent_requests.all().delete()
    person.organisation_memberships.all().delete()
    AccessNeeds.objects.filter(person=person).delete()
    RoleAssignment.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
    ActingForSession.objects.filter(resident=person, ended_at__isnull=True).update(ended_at=timezone.now())
    if user is not None:
        user.delete()


def accounts_expire(now: datetime) -> dict[str, int]:
    from coopcouncil.accounts.models import DataRequest, DataRequestStatus, ParentalConsentRequest

    days = settings.RETENTION_DAYS
    counts: dict[str, int] = {}
    counts["data_request_closed"] = DataRequest.objects.filter(
        status__in=[DataRequestStatus.DONE, DataRequestStatus.REFUSED],
        reviewed_at__lt=now - timedelta(days=days["data_request_closed"]),
    ).delete()[0]
    counts["acting_for_session"] = ActingForSession.objects.filter(
        expires_at__lt=now - timedelta(days=days["acting_for_session"])
    ).delete()[0]
    # A child's sign-up whose parent refused, or never answered in time, is removed.
    children = list(
        Person.objects.filter(anonymised_at__isnull=True)
        .filter(
            Q(
                parental_consent_requests__answered_at__isnull=True,
                parental_consent_requests__sent_at__lt=now - timedelta(days=days["parental_consent_unanswered"]),
            )
            | Q(parental_consent_requests__granted=False)
        )
        .distinct()
    )
    for child in children:
        _erase_everywhere(child)
    counts["parental_consent_unanswered"] = len(children)
    ParentalConsentRequest.objects.filter(child__anonymised_at__isnull=False).delete()
    stale_profiles = Person.objects.filter(
        anonymised_at__isnull=True,
        registered_via="assisted",
        user__isnull=True,
        created_at__lt=now - timedelta(days=days["unclaimed_assisted_profile"]),
    ).exclude(
        pk__in=AuditEntry.objects.filter(
            on_behalf_of__isnull=False, at__gte=now - timedelta(days=days["unclaimed_assisted_profile"])
        ).values("on_behalf_of")
    )
    stale = list(stale_profiles)
    for person in stale:
        _erase_everywhere(person)
    counts["unclaimed_assisted_profile"] = len(stale)
    return counts


def _erase_everywhere(person: Person) -> None:
    from coopcouncil.core.personal_data import personal_data_areas

    for area in personal_data_areas():
        area.erase(person)


ACCOUNTS_PERSONAL_DATA = PersonalDataArea(
    name="account",
    export=person_export,
    erase=person_erase,
    # Lazy, so the deletion page shows it in the reader's language.
    kept_after_erasure=_(
        "A record that an anonymised person existed, so that the audit log of who did what stays "
        "complete; the log keeps what was done, not your name or contact details."
    ),
    models=(
        "accounts.Person",
        "accounts.AreaClaim",
        "accounts.Consent",
        "accounts.ParentalConsentRequest",
        "accounts.OrganisationMembership",
        "accounts.RoleAssignment",
        "accounts.AccessNeeds",
        "accounts.ActingForSession",
        "accounts.DataRequest",
        "core.AuditEntry",
        "core.Decision",
        "core.PrivateFile",
    ),
    expire=accounts_expire,
)
