"""The borough, its wards over time, postcodes, and communities of place or of issue.

The borough is data, not code: ``coopcouncil borough_load`` reads a JSON description,
so another council can load its own.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation

# ONS's GSS codes: a letter for the country, two digits for the kind of area (E05 is an English
# ward, E09 a London borough), six for the area itself. Always nine characters.
GSS_CODE = re.compile(r"^[A-Z]\d{2}\d{6}$")


def gss_code_validate(value: str) -> None:
    if not GSS_CODE.match(value):
        raise ValidationError(
            _("Enter a GSS code: a letter and 8 digits, like E05014095."), code="gss_code", params={"value": value}
        )


class LocalAuthority(models.Model):
    name = models.CharField(max_length=200)
    gss_code = models.CharField(
        max_length=9, unique=True, validators=[gss_code_validate], help_text=_("e.g. E09000022")
    )
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="local_authority"
    )

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """An electoral ward, valid between two dates (boundaries change)."""

    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="wards")
    name = models.CharField(max_length=200)
    gss_code = models.CharField(max_length=9, unique=True, validators=[gss_code_validate])
    # Some codes are inferred from their neighbours rather than read from a source (domain.md 5.3).
    gss_code_inferred = models.BooleanField(default=False)
    gss_code_note = models.CharField(max_length=255, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    councillors = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="ward_valid_to_after_from",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


class PostcodeDistrict(models.Model):
    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="postcode_districts")
    code = models.CharField(max_length=4)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["authority", "code"], name="unique_district_per_authority")]

    def __str__(self) -> str:
        return self.code


class Postcode(models.Model):
    """One row of the postcode-to-ward lookup (from ONS's NSPL, or a generated demo table)."""

    postcode = models.CharField(max_length=8, unique=True, help_text=_("Normalised, e.g. 'SW2 1RW'."))
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="postcodes")
    terminated = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.postcode


class CommunityKind(models.TextChoices):
    BOROUGH = "borough", _("The whole borough")
    WARD = "ward", _("A ward")
    NEIGHBOURHOOD = "neighbourhood", _("A neighbourhood")
    ISSUE = "issue", _("An issue that brings people together")


class Community(models.Model):
    """What later features are scoped to: a place (borough, ward, neighbourhood) or an issue."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CommunityKind.choices)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="communities")
    wards = models.ManyToManyField(Ward, blank=True, related_name="communities")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:community_detail", args=[self.slug])

    def permission_parent(self) -> models.Model | None:
        return self.parent

    @property
    def is_place(self) -> bool:
        return self.kind != CommunityKind.ISSUE


class OwnedByCommunityOrOrganisation(models.Model):
    """Ownership designed once: a round, programme or meeting belongs to a community or to an
    organisation (such as a co-operative), never both and never neither.

    Subclasses inherit the check constraint and ``permission_parent``, so a role held on the
    owner covers what it owns. A subclass that declares its own ``Meta`` must extend
    ``OwnedByCommunityOrOrganisation.Meta``, or Django drops the inherited constraint
    (tests/places/test_ownership.py shows both).
    """

    owner_community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_community__isnull=False) & Q(owner_organisation__isnull=True))
                | (Q(owner_community__isnull=True) & Q(owner_organisation__isnull=False)),
                name="%(app_label)s_%(class)s_one_owner",
            )
        ]

    @property
    def owner(self) -> Community | Organisation:
        owner = self.owner_community or self.owner_organisation
        if owner is None:  # only before the first save: the check constraint forbids it in the database
            raise ValueError(f"{self} has no owner yet.")
        return owner

    def permission_parent(self) -> models.Model | None:
        return self.owner
