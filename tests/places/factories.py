from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory

from coopcouncil.places.models import Community, CommunityKind, LocalAuthority, Postcode, Ward


class LocalAuthorityFactory(factory.django.DjangoModelFactory[LocalAuthority]):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("gss_code",)

    name = "London Borough of Lambeth"
    gss_code = "E09000022"


class WardFactory(factory.django.DjangoModelFactory[Ward]):
    class Meta:
        model = Ward

    authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    gss_code = factory.Sequence(lambda n: f"E05{n:06d}")
    valid_from = date(2022, 5, 5)


class CommunityFactory(factory.django.DjangoModelFactory[Community]):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"community-{n}")
    name = factory.Sequence(lambda n: f"Community {n}")
    kind = CommunityKind.ISSUE
    authority = factory.SubFactory(LocalAuthorityFactory)


@dataclass(frozen=True)
class TwoWardBorough:
    """A borough with two wards, a community for each, and an issue community with no wards.

    The lookup knows amara's postcode (Brixton Windrush) and nell's (West Norwood); the
    factories' default postcode, SW2 1RW, is not in it, so those people's ward is unknown.
    """

    borough: Community
    windrush: Community
    norwood: Community
    libraries: Community
    windrush_ward: Ward
    norwood_ward: Ward


def two_ward_borough() -> TwoWardBorough:
    authority = LocalAuthorityFactory()
    windrush_ward = WardFactory(authority=authority, name="Brixton Windrush")
    norwood_ward = WardFactory(authority=authority, name="West Norwood")
    borough = CommunityFactory(slug="lambeth", name="Lambeth", kind=CommunityKind.BOROUGH, authority=authority)
    borough.wards.set([windrush_ward, norwood_ward])
    windrush = CommunityFactory(name="Brixton Windrush", kind=CommunityKind.WARD, parent=borough, authority=authority)
    windrush.wards.set([windrush_ward])
    norwood = CommunityFactory(name="West Norwood", kind=CommunityKind.WARD, parent=borough, authority=authority)
    norwood.wards.set([norwood_ward])
    libraries = CommunityFactory(name="Libraries", kind=CommunityKind.ISSUE, parent=borough, authority=authority)
    Postcode.objects.create(postcode="SW9 7AB", ward=windrush_ward)
    Postcode.objects.create(postcode="SE27 9AA", ward=norwood_ward)
    return TwoWardBorough(borough, windrush, norwood, libraries, windrush_ward, norwood_ward)
