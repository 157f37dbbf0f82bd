"""People, their logins, organisations and scoped roles.

A person is not a login. Residents registered at a drop-in hub, paper voters and members
without email are people too; a login (``User``) belongs to at most one person.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A login needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login: an email address and a password (and, for staff, a second factor)."""

    email = models.EmailField(_("email address"), unique=True)
    is_active = models.BooleanField(default=True)
    # Only for Django's admin site; what someone may do on the platform comes from RoleAssignment.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email


class RegisteredVia(models.TextChoices):
    ONLINE = "online", _("Signed up online")
    ASSISTED = "assisted", _("Registered by an officer at a hub or event")
    PAPER = "paper", _("From a paper form")
    IMPORT = "import", _("Imported from another register")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("Email")
    POST = "post", _("Letter by post")
    SMS = "sms", _("Text message")
    NONE = "none", _("Do not contact me")


class Person(models.Model):
    """Anyone the platform knows about, with or without a login."""

    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    full_name = models.CharField(_("full name"), max_length=200)
    known_as = models.CharField(_("name you like to be called"), max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True, help_text=_("For letters, when someone is not online."))
    postcode = models.CharField(max_length=10, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    # A full date of birth where known; only the year where that is all someone gives.
    date_of_birth = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    age_confirmed_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    age_confirmed_at = models.DateTimeField(null=True, blank=True)
    age_confirmed_note = models.CharField(max_length=255, blank=True)
    registered_via = models.CharField(max_length=10, choices=RegisteredVia.choices, default=RegisteredVia.ONLINE)
    registered_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="people_registered"
    )
    # An assisted profile can later be claimed by its resident with this code and a login.
    claim_code_hash = models.CharField(max_length=128, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    preferred_language = models.CharField(max_length=10, default="en-gb")
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="person_birth_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.known_as or self.full_name

    def clean(self) -> None:
        if self.date_of_birth and self.birth_year and self.date_of_birth.year != self.birth_year:
            raise ValidationError({"birth_year": _("The year of birth does not match the date of birth.")})

    @property
    def display_name(self) -> str:
        return self.known_as or self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def postcode_normalise(value: str) -> str:
    """'sw2 1rw' -> 'SW2 1RW'. Raises ValueError for something that is not a UK postcode."""
    compact = re.sub(r"\s+", "", value.upper())
    match = UK_POSTCODE.match(compact)
    if not match:
        raise ValueError(f"{value!r} is not a UK postcode.")
    return f"{match.group(1)} {match.group(2)}"


class AreaClaimKind(models.TextChoices):
    LIVE = "live", _("Lives in the area")
    WORK = "work", _("Works in the area")
    STUDY = "study", _("Studies in the area")
    VOLUNTEER = "volunteer", _("Volunteers in the area")


class AreaClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an officer to check")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class AreaClaim(models.Model):
    """A claim to live, work, study or volunteer somewhere, with evidence and who checked it.

    Only verified claims count for eligibility ("live, work, study or volunteer in the area");
    ``accounts.selectors.area_claims_verified_for`` reads them with their ward.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="area_claims")
    kind = models.CharField(max_length=10, choices=AreaClaimKind.choices)
    postcode = models.CharField(max_length=10)
    place_name = models.CharField(max_length=200, blank=True, help_text=_("e.g. the school or employer"))
    evidence = models.TextField(blank=True, help_text=_("What was seen, e.g. 'council tax bill, May 2026'."))
    status = models.CharField(max_length=10, choices=AreaClaimStatus.choices, default=AreaClaimStatus.PENDING)
    reviewed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(reviewed_at__isnull=True))
                | (~Q(status="pending") & Q(reviewed_at__isnull=False)),
                name="area_claim_reviewed_when_not_pending",
            )
        ]

    def __str__(self) -> str:
        # No postcode or place: this is the label the audit log keeps, and it must not carry personal details.
        return f"{self.get_kind_display()} (claim {self.pk})"


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    COOPERATIVE = "cooperative", _("Co-operative")
    PROVIDER = "provider", _("Service provider")
    COMMUNITY_GROUP = "community_group", _("Community group")
    STAFF_MUTUAL = "staff_mutual", _("Staff mutual")
    OTHER = "other", _("Other")


# org-id.guide list codes used here (domain.md 6.1).
ORG_ID_SCHEMES = {
    "GB-LAE": "English local authority",
    "GB-CHC": "Charity Commission for England and Wales",
    "GB-COH": "Companies House",
    "GB-MPR": "Mutuals Public Register",
}
ORG_ID_PATTERN = re.compile(r"^(GB-LAE|GB-CHC|GB-COH|GB-MPR)-([A-Za-z0-9]+)$")


def org_id_validate(value: str) -> None:
    match = ORG_ID_PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("Enter an org-id such as GB-CHC-1234567 or GB-COH-01234567 (scheme, hyphen, registered number)."),
            code="org_id",
        )
    scheme, number = match.groups()
    if scheme == "GB-COH" and len(number) != 8:
        raise ValidationError(_("A Companies House number has 8 characters, with its leading zeros."), code="org_id")


class Organisation(models.Model):
    """The council, co-operatives, providers and community groups."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    org_id = models.CharField(
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        validators=[org_id_validate],
        help_text=_("Identifier from org-id.guide, e.g. GB-LAE-LBH or GB-CHC-1234567."),
    )
    website = models.URLField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def permission_parent(self) -> models.Model | None:
        return None


class OrganisationMembership(models.Model):
    """A person belongs to an organisation in a named role, e.g. 'Chair' or 'Youth worker'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="organisation_memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role_title = models.CharField(max_length=100)
    since = models.DateField(default=date.today)
    until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role_title"],
                condition=Q(until__isnull=True),
                name="one_open_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.role_title}, {self.organisation}"


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    OFFICER = "officer", _("Council officer")
    PROFESSIONAL = "professional", _("Professional")
    PROVIDER_REPRESENTATIVE = "provider_representative", _("Provider representative")
    COUNCILLOR = "councillor", _("Councillor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that act on other people's data or decisions: they must sign in with a second factor.
STAFF_ROLES = frozenset({Role.OFFICER, Role.PROFESSIONAL, Role.COUNCILLOR, Role.ADMINISTRATOR})


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self) -> RoleAssignmentQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class RoleAssignment(models.Model):
    """A role held on a scope: a community, an organisation, later a programme or a round.

    With no scope the role is platform-wide; only administrators are given that.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    scope_id = models.CharField(max_length=64, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    granted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=255, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[RoleAssignmentQuerySet] = RoleAssignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        indexes = [models.Index(fields=["person", "role"]), models.Index(fields=["scope_type", "scope_id"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()} on {self.scope or 'the whole platform'}"


class ConsentPurpose(models.TextChoices):
    ACCOUNT = "account", _("Keeping an account so I can take part")
    CONTACT_UPDATES = "contact_updates", _("Being told about things I follow")
    RESEARCH = "research", _("Being invited to research and consultations")
    EQUALITIES = "equalities", _("Using my equality answers for monitoring")
    PARENTAL = "parental", _("A parent or carer's consent for a child under 13")


# What a person may agree to, or withdraw, themselves on their consents page. Account consent comes
# with signing up; a child's parental consent only ever from the parent or carer, by the emailed link.
OPTIONAL_CONSENT_PURPOSES = (ConsentPurpose.CONTACT_UPDATES, ConsentPurpose.RESEARCH, ConsentPurpose.EQUALITIES)


class Consent(models.Model):
    """Consent to a purpose, with when and how it was given and, if so, withdrawn."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(default=timezone.now)
    # For a child's parental consent: who gave it. Free text when the parent has no record.
    given_by_name = models.CharField(max_length=200, blank=True)
    given_by_email = models.EmailField(blank=True)
    method = models.CharField(max_length=50, default="online")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ParentalConsentRequest(models.Model):
    """Sent to a parent or carer when a child under 13 signs up online (UK GDPR art. 8)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parental_consent_requests")
    parent_name = models.CharField(max_length=200)
    parent_email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    granted = models.BooleanField(null=True)

    def __str__(self) -> str:
        return f"Consent for {self.child_id} from {self.parent_name}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ActingForSession(models.Model):
    """An officer acting for a resident at a drop-in hub, for a limited time."""

    officer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="acting_for_sessions")
    resident = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assisted_sessions")
    reason = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.officer} acting for {self.resident}"

    def is_active(self, at: Any = None) -> bool:
        at = at or timezone.now()
        return self.ended_at is None and self.expires_at > at


class AccessNeed(models.TextChoices):
    BSL = "bsl", _("British Sign Language interpreter")
    STEP_FREE = "step_free", _("Step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    CHILDCARE = "childcare", _("Childcare")
    TRANSLATION = "translation", _("Translation or interpreting into another language")
    LARGE_PRINT = "large_print", _("Large print or easy read papers")
    OTHER = "other", _("Something else")


class AccessNeeds(models.Model):
    """Special-category data, kept apart from identity and read only through accounts.selectors.

    Read with ``access_needs_for`` so the access check cannot be forgotten.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    needs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=100, blank=True)
    other = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "access needs"

    def __str__(self) -> str:
        return f"Access needs #{self.pk}"


class DataRequestKind(models.TextChoices):
    DELETION = "deletion", _("Delete my data")


class DataRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    DONE = "done", _("Done: your data was anonymised")
    REFUSED = "refused", _("Refused")


class DataRequest(models.Model):
    """A resident's request to have their data deleted, reviewed by an officer."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(max_length=10, choices=DataRequestKind.choices, default=DataRequestKind.DELETION)
    reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=DataRequestStatus.choices, default=DataRequestStatus.OPEN)
    reviewed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], condition=Q(status="open"), name="one_open_data_request_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
