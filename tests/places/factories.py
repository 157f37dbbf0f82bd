from __future__ import annotations

from datetime import date

import factory

from coopcouncil.places.models import Community, CommunityKind, LocalAuthority, Ward


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
