from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from coopcouncil.accounts.models import AreaClaim, AreaClaimKind, Person, RegisteredVia, User
from coopcouncil.accounts.permissions import is_staff_person, people_covered_by
from coopcouncil.accounts.selectors import area_claims_verified_for
from coopcouncil.demo.loader import PERSONAS
from coopcouncil.places.models import Community, Ward

pytestmark = pytest.mark.django_db


def test_demo_builds_lambeth_with_personas_and_residents(capsys) -> None:
    call_command("demo_load", residents=30)
    out = capsys.readouterr().out
    assert "ben.clarke@lambeth.example" in out and "TOTP secret" in out
    assert Ward.objects.filter(valid_to__isnull=True).count() == 25
    assert Community.objects.filter(kind="issue").count() == 4
    assert Person.objects.filter(registered_via=RegisteredVia.ASSISTED).count() == 3
    for persona in PERSONAS:
        person = Person.objects.get(user__email=persona.email)
        staff = is_staff_person(person)
        # Every staff persona has a second factor, so the demo needs no bypass.
        assert staff == Authenticator.objects.filter(user=person.user, type="totp").exists()
    assert str(PERSONAS[1].totp_secret) in out


def test_loading_the_demo_twice_changes_nothing() -> None:
    call_command("demo_load", residents=10)
    people = Person.objects.count()
    call_command("demo_load", residents=10)
    assert Person.objects.count() == people
    assert User.objects.filter(email="amara@example.org").count() == 1


def test_demo_officers_cover_their_scope_and_residents_have_claims_to_check() -> None:
    call_command("demo_load", residents=30)
    ben = Person.objects.get(user__email="ben.clarke@lambeth.example")
    hana = Person.objects.get(user__email="hana.yilmaz@lambeth.example")
    # Ben works across the borough; Hana, at the library hub, covers only the residents she registered.
    assert Person.objects.filter(people_covered_by(ben)).count() == Person.objects.count()
    registered_by_hana = set(Person.objects.filter(registered_by=hana))
    assert registered_by_hana and set(Person.objects.filter(people_covered_by(hana))) == registered_by_hana
    assert AreaClaim.objects.filter(status="verified").exists()
    assert AreaClaim.objects.filter(status="pending").exists()
    amara = Person.objects.get(user__email="amara@example.org")
    [home] = area_claims_verified_for(amara, [AreaClaimKind.LIVE])
    assert str(home.ward) == "Brixton Windrush"
