"""Writes about people: registration, assisted profiles, acting for, consent, roles, deletion."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import needs_parental_consent
from coopcouncil.accounts.models import (
    AccessNeed,
    AccessNeeds,
    ActingForSession,
    AreaClaim,
    AreaClaimKind,
    AreaClaimStatus,
    Consent,
    ConsentPurpose,
    ContactPreference,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    ParentalConsentRequest,
    Person,
    RegisteredVia,
    Role,
    RoleAssignment,
    User,
    postcode_normalise,
)
from coopcouncil.accounts.permissions import (
    CannotTakePart,
    can_act_for,
    can_assign_role,
    can_confirm_age,
    can_record_area_claim,
    can_register_assisted,
    can_review_data_requests,
    can_take_part,
    can_verify_area_claim,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.links import absolute_url
from coopcouncil.core.personal_data import personal_data_areas
from coopcouncil.core.services import audit_label, audit_record

# Letters and digits that cannot be confused when read aloud or written down.
_CLAIM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _normalised_postcode(postcode: str) -> str:
    if not postcode:
        return ""
    try:
        return postcode_normalise(postcode)
    except ValueError as error:
        raise ValidationError({"postcode": _("Enter a real postcode, like SW2 1RW.")}) from error


@transaction.atomic
def person_register_online(
    *,
    user: User,
    full_name: str,
    date_of_birth: date | None,
    birth_year: int | None,
    postcode: str,
    parent_name: str = "",
    parent_email: str = "",
    today: date | None = None,
) -> Person:
    """Create the person behind a new login. Under-13s wait for a parent's or carer's consent."""
    today = today or timezone.localdate()
    person = Person.objects.create(
        user=user,
        full_name=full_name.strip(),
        date_of_birth=date_of_birth,
        birth_year=date_of_birth.year if date_of_birth else birth_year,
        postcode=_normalised_postcode(postcode),
        contact_email=user.email,
        registered_via=RegisteredVia.ONLINE,
    )
    actor = Actor(person=person)
    if needs_parental_consent(date_of_birth, birth_year, today):
        if not parent_name.strip() or not parent_email.strip():
            raise ValidationError(_("A parent or carer's name and email are needed for anyone under 13."))
        parental_consent_request(actor=actor, child=person, parent_name=parent_name, parent_email=parent_email)
    else:
        Consent.objects.create(person=person, purpose=ConsentPurpose.ACCOUNT, method="online sign-up")
    audit_record(actor=actor, action="person.registered", target=person, details={"via": "online"})
    return person


def parental_consent_request(*, actor: Actor, child: Person, parent_name: str, parent_email: str) -> None:
    token = ParentalConsentRequest.new_token()
    ParentalConsentRequest.objects.create(
        child=child, parent_name=parent_name.strip(), parent_email=parent_email.strip(), token_hash=_token_hash(token)
    )
    # The parent reads this in their own email program, so the link must be absolute.
    link = absolute_url(reverse("accounts:parental_consent", args=[token]))
    subject = _("Please confirm %(name)s can take part in %(service)s") % {
        "name": child.full_name,
        "service": settings.SERVICE_NAME,
    }
    body = _(
        "%(name)s has asked to join %(service)s, where residents help decide how council money is spent. "
        "Because they are under 13, the law needs a parent or carer to agree. Read what we keep and "
        "answer here: %(link)s"
    ) % {"name": child.full_name, "service": settings.SERVICE_NAME, "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, None, [parent_email.strip()]))
    audit_record(actor=actor, action="parental_consent.requested", target=child)


def parental_consent_request_for_token(token: str) -> ParentalConsentRequest | None:
    return (
        ParentalConsentRequest.objects.select_related("child")
        .filter(token_hash=_token_hash(token), answered_at__isnull=True)
        .first()
    )


@transaction.atomic
def parental_consent_answer(*, request: ParentalConsentRequest, granted: bool) -> None:
    request.answered_at = timezone.now()
    request.granted = granted
    request.save(update_fields=["answered_at", "granted"])
    if granted:
        Consent.objects.create(
            person=request.child,
            purpose=ConsentPurpose.PARENTAL,
            given_by_name=request.parent_name,
            given_by_email=request.parent_email,
            method="email link",
        )
        Consent.objects.create(person=request.child, purpose=ConsentPurpose.ACCOUNT, method="parental consent")
    audit_record(
        actor=Actor.system(),
        action="parental_consent.granted" if granted else "parental_consent.refused",
        target=request.child,
    )


def has_consent(person: Person, purpose: ConsentPurpose) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


def claim_code_new() -> str:
    return "".join(secrets.choice(_CLAIM_ALPHABET) for _ in range(10))


@transaction.atomic
def assisted_person_register(
    *,
    actor: Actor,
    full_name: str,
    date_of_birth: date | None = None,
    birth_year: int | None = None,
    postcode: str = "",
    address: str = "",
    phone: str = "",
    contact_preference: str = ContactPreference.POST,
    consent_method: str = "verbal, at a drop-in hub",
    access_needs: list[str] | None = None,
    access_language: str = "",
) -> tuple[Person, str]:
    """An officer registers a resident with no email or smartphone. Returns the person and a
    one-off claim code the resident keeps, so they can later take over the profile online."""
    if not can_register_assisted(actor.person):
        raise PermissionDenied(_("Only council officers can register residents for them."))
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the resident's full name.")})
    claim_code = claim_code_new()
    person = Person.objects.create(
        full_name=full_name.strip(),
        date_of_birth=date_of_birth,
        birth_year=date_of_birth.year if date_of_birth else birth_year,
        postcode=_normalised_postcode(postcode),
        address=address.strip(),
        phone=phone.strip(),
        contact_preference=contact_preference,
        registered_via=RegisteredVia.ASSISTED,
        registered_by=actor.person,
        claim_code_hash=make_password(claim_code),
    )
    Consent.objects.create(person=person, purpose=ConsentPurpose.ACCOUNT, method=consent_method)
    if access_needs or access_language:
        unknown = set(access_needs or []) - set(AccessNeed.values)
        if unknown:
            raise ValidationError(_("Unknown access needs: %(needs)s") % {"needs": ", ".join(sorted(unknown))})
        AccessNeeds.objects.create(person=person, needs=list(access_needs or []), language=access_language)
    audit_record(
        actor=Actor(person=actor.person, on_behalf_of=person),
        action="person.registered",
        target=person,
        details={"via": "assisted"},
    )
    return person, claim_code


@transaction.atomic
def assisted_profile_claim(*, user: User, person_id: int, claim_code: str) -> Person:
    """A resident with a new login takes over the profile an officer made for them."""
    person = Person.objects.select_for_update().filter(pk=person_id, anonymised_at__isnull=True).first()
    code = claim_code.strip().upper().replace(" ", "").replace("-", "")
    if person is None or not person.claim_code_hash or not check_password(code, person.claim_code_hash):
        raise ValidationError(_("That reference number and claim code do not match a profile."))
    # Signing up made a fresh profile for this login; the claimed one replaces it. A profile
    # that has been used (roles, memberships) is not thrown away: an officer merges those.
    fresh = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if fresh is not None:
        if fresh.role_assignments.exists() or fresh.organisation_memberships.exists():
            raise ValidationError(_("Your login already has a profile in use. Ask an officer to merge them."))
        fresh.user = None
        fresh.save(update_fields=["user"])
        fresh.delete()
    person.user = user
    person.contact_email = person.contact_email or user.email
    person.claim_code_hash = ""
    person.claimed_at = timezone.now()
    person.save(update_fields=["user", "contact_email", "claim_code_hash", "claimed_at"])
    audit_record(actor=Actor(person=person), action="person.claimed", target=person)
    return person


@transaction.atomic
def acting_for_start(*, actor: Actor, resident: Person, reason: str) -> ActingForSession:
    if not can_act_for(actor.person, resident):
        raise PermissionDenied(_("You cannot act for this person."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are acting for them, e.g. 'at Brixton library hub'.")})
    if actor.person is None:
        raise PermissionDenied
    ActingForSession.objects.filter(officer=actor.person, ended_at__isnull=True).update(ended_at=timezone.now())
    session = ActingForSession.objects.create(
        officer=actor.person,
        resident=resident,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(minutes=settings.ACTING_FOR_MINUTES),
    )
    audit_record(
        actor=Actor(person=actor.person, on_behalf_of=resident),
        action="acting_for.started",
        target=resident,
        # The reason is free text that may name the resident: it stays on the session, not in the log.
        details={"session": session.pk},
    )
    return session


@transaction.atomic
def acting_for_end(*, session: ActingForSession) -> None:
    if session.ended_at is not None:
        return
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    audit_record(
        actor=Actor(person=session.officer, on_behalf_of=session.resident),
        action="acting_for.ended",
        target=session.resident,
    )


def _parental_consent_refuse(purpose: ConsentPurpose) -> None:
    if purpose == ConsentPurpose.PARENTAL:
        raise ValidationError(_("Only a parent or carer can answer for a child, through the link we email them."))


@transaction.atomic
def consent_give(*, actor: Actor, purpose: ConsentPurpose, method: str = "online") -> Consent:
    """Record the person's consent to ``purpose``; a child waiting for a parent cannot give any."""
    person = actor.subject
    if person is None:
        raise PermissionDenied
    _parental_consent_refuse(purpose)
    if not can_take_part(person):
        raise CannotTakePart
    consent = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).first()
    if consent is None:
        consent = Consent.objects.create(person=person, purpose=purpose, method=method)
        audit_record(actor=actor, action="consent.given", target=person, details={"purpose": purpose.value})
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, purpose: ConsentPurpose) -> int:
    """Withdraw a consent. Anyone may, at any time, even a child who cannot take part yet."""
    person = actor.subject
    if person is None:
        raise PermissionDenied
    _parental_consent_refuse(purpose)
    count = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if count:
        audit_record(actor=actor, action="consent.withdrawn", target=person, details={"purpose": purpose.value})
    return count


@transaction.atomic
def age_confirm(*, actor: Actor, person: Person, date_of_birth: date, note: str) -> Person:
    """An officer who has seen evidence records the full date of birth."""
    if not can_confirm_age(actor.person, person):
        raise PermissionDenied(_("Only officers can confirm a date of birth."))
    if not note.strip():
        raise ValidationError({"note": _("Say what evidence you saw, e.g. 'passport'.")})
    if person.birth_year and person.birth_year != date_of_birth.year:
        raise ValidationError({"date_of_birth": _("This does not match the year of birth the person gave.")})
    person.date_of_birth = date_of_birth
    person.birth_year = date_of_birth.year
    person.age_confirmed_by = actor.person
    person.age_confirmed_at = timezone.now()
    person.age_confirmed_note = note.strip()
    person.save(
        update_fields=["date_of_birth", "birth_year", "age_confirmed_by", "age_confirmed_at", "age_confirmed_note"]
    )
    # The evidence note stays on the person, where erasure clears it; the log only says it was confirmed.
    audit_record(actor=actor, action="person.age_confirmed", target=person)
    return person


@transaction.atomic
def access_needs_set(*, actor: Actor, needs: list[str], language: str = "", other: str = "") -> AccessNeeds:
    person = actor.subject
    if person is None:
        raise PermissionDenied
    unknown = set(needs) - set(AccessNeed.values)
    if unknown:
        raise ValidationError(_("Unknown access needs: %(needs)s") % {"needs": ", ".join(sorted(unknown))})
    record, _created = AccessNeeds.objects.update_or_create(
        person=person, defaults={"needs": list(needs), "language": language.strip(), "other": other.strip()}
    )
    # The audit log says that needs changed, never what they are: they are special-category data.
    audit_record(actor=actor, action="access_needs.updated", target=person)
    return record


@transaction.atomic
def area_claim_record(*, actor: Actor, kind: str, postcode: str, place_name: str = "", evidence: str = "") -> AreaClaim:
    """A resident (or an officer acting for them) says they live, work, study or volunteer
    somewhere. It counts for nothing until an officer verifies it (``area_claim_verify``)."""
    person = actor.subject
    if person is None or not can_record_area_claim(actor.person, person):
        raise PermissionDenied(_("You cannot record this for them."))
    if kind not in AreaClaimKind.values:
        raise ValidationError({"kind": _("Choose whether you live, work, study or volunteer there.")})
    if not postcode.strip():
        raise ValidationError({"postcode": _("Enter the postcode of the place.")})
    claim = AreaClaim.objects.create(
        person=person,
        kind=kind,
        postcode=_normalised_postcode(postcode),
        place_name=place_name.strip(),
        evidence=evidence.strip(),
    )
    # Only the kind: the postcode, place and evidence are the resident's own words and details.
    audit_record(actor=actor, action="area_claim.recorded", target=claim, details={"kind": kind})
    return claim


@transaction.atomic
def area_claim_verify(*, actor: Actor, claim: AreaClaim, verified: bool, note: str) -> AreaClaim:
    """An officer whose area covers the claim (or the person) checks the evidence: verified or not."""
    if not can_verify_area_claim(actor.person, claim):
        raise PermissionDenied(_("Only an officer whose area covers this claim can check it."))
    claim = AreaClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != AreaClaimStatus.PENDING:
        raise ValidationError(_("This claim has already been checked."))
    if not note.strip():
        raise ValidationError(
            {"note": _("Say what evidence you saw, or why it is not verified, e.g. 'council tax bill, May 2026'.")}
        )
    claim.status = AreaClaimStatus.VERIFIED if verified else AreaClaimStatus.REJECTED
    claim.reviewed_by = actor.person
    claim.reviewed_at = timezone.now()
    claim.review_note = note.strip()
    claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    # The note stays on the claim, not in the audit log: it may describe the resident's documents.
    audit_record(
        actor=actor,
        action="area_claim.verified" if verified else "area_claim.rejected",
        target=claim,
        details={"kind": claim.kind},
    )
    return claim


@transaction.atomic
def contact_preference_set(*, actor: Actor, preference: str, address: str = "", phone: str = "") -> Person:
    """How the person (or the resident an officer acts for) wants to hear about what they follow.

    A letter needs an address, a text a phone number and an email an email address; otherwise
    notifications would be chosen and then silently never sent. What is typed is kept as typed
    (trimmed); an address or number left blank is removed.
    """
    person = actor.subject
    if person is None:
        raise PermissionDenied
    address, phone = address.strip(), phone.strip()
    if preference not in ContactPreference.values:
        raise ValidationError({"contact_preference": _("Select how we should send you updates")})
    if preference == ContactPreference.POST and not address:
        raise ValidationError({"address": _("Enter an address, or choose another way to hear from us")})
    if preference == ContactPreference.SMS and not phone:
        raise ValidationError({"phone": _("Enter a phone number, or choose another way to hear from us")})
    if preference == ContactPreference.EMAIL and not (person.contact_email or (person.user and person.user.email)):
        raise ValidationError(
            {"contact_preference": _("We do not have your email address. Choose another way to hear from us")}
        )
    wanted = {"contact_preference": preference, "address": address, "phone": phone}
    changed = [name for name, value in wanted.items() if getattr(person, name) != value]
    if changed:
        for name in changed:
            setattr(person, name, wanted[name])
        person.save(update_fields=changed)
        # Which details changed, never the address or number: the audit log is no second copy of them.
        audit_record(
            actor=actor,
            action="contact_preference.changed",
            target=person,
            details={"preference": preference, "changed": changed},
        )
    return person


@transaction.atomic
def role_assign(
    *,
    actor: Actor | None,
    person: Person,
    role: Role,
    on: models.Model | None,
    reason: str,
    ends_at: datetime | None = None,
) -> RoleAssignment:
    """Give a role on a scope. ``actor=None`` is for set-up commands run by the operator."""
    if actor is not None and not can_assign_role(actor.person, role=role, on=on):
        raise PermissionDenied(_("You cannot give this role here."))
    assignment = RoleAssignment.objects.create(
        person=person,
        role=role,
        scope_type=ContentType.objects.get_for_model(on) if on is not None else None,
        scope_id=str(on.pk) if on is not None else "",
        granted_by=actor.person if actor else None,
        reason=reason,
        ends_at=ends_at,
    )
    audit_record(
        actor=actor or Actor.system(),
        action="role.assigned",
        target=person,
        details={"role": role.value, "scope": audit_label(on) if on is not None else "platform"},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment, reason: str) -> None:
    if not can_assign_role(actor.person, role=Role(assignment.role), on=assignment.scope):
        raise PermissionDenied(_("You cannot remove this role."))
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="role.revoked",
        target=assignment.person,
        details={"role": assignment.role, "reason": reason},
    )


@transaction.atomic
def deletion_request_create(*, actor: Actor, reason: str = "") -> DataRequest:
    person = actor.subject
    if person is None:
        raise PermissionDenied
    existing = DataRequest.objects.filter(
        person=person, kind=DataRequestKind.DELETION, status=DataRequestStatus.OPEN
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            request = DataRequest.objects.create(person=person, kind=DataRequestKind.DELETION, reason=reason.strip())
    except IntegrityError:
        # A double click sent two requests at once: the database kept one; return it.
        return DataRequest.objects.get(person=person, kind=DataRequestKind.DELETION, status=DataRequestStatus.OPEN)
    audit_record(actor=actor, action="data_request.created", target=request)
    return request


@transaction.atomic
def deletion_request_review(*, actor: Actor, request: DataRequest, approve: bool, note: str) -> DataRequest:
    """An officer approves (the person is anonymised in every area) or refuses with a reason."""
    if not can_review_data_requests(actor.person):
        raise PermissionDenied(_("Only the data protection team can review deletion requests."))
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DataRequestStatus.OPEN:
        raise ValidationError(_("This request has already been reviewed."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Give the reason for refusing, in words the resident will understand.")})
    request.status = DataRequestStatus.DONE if approve else DataRequestStatus.REFUSED
    request.reviewed_by = actor.person
    request.reviewed_at = timezone.now()
    request.review_note = note.strip()
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if approve:
        person_anonymise(actor=actor, person=request.person)
    audit_record(actor=actor, action="data_request.reviewed", target=request, details={"approved": approve})
    return request


@transaction.atomic
def person_anonymise(*, actor: Actor, person: Person) -> None:
    """Erase a person's identity in every area that holds data about them."""
    for area in personal_data_areas():
        area.erase(person)
    audit_record(actor=actor, action="person.anonymised", target=person)


@transaction.atomic
def retention_enforce(*, now: datetime | None = None) -> dict[str, int]:
    """Delete or anonymise personal data past its retention period, in every area."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for area in personal_data_areas():
        if area.expire is not None:
            counts.update(area.expire(now))
    audit_record(actor=Actor.system(), action="retention.enforced", details=counts)
    return counts
