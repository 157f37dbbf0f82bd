from __future__ import annotations

import json
import random
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command

from coopcouncil.accounts.models import AreaClaim, AreaClaimKind, ConsentPurpose, Person, RegisteredVia, User
from coopcouncil.accounts.permissions import is_staff_person, people_covered_by
from coopcouncil.accounts.selectors import area_claims_verified_for
from coopcouncil.accounts.services import assisted_profile_claim
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.models import Phase, Round
from coopcouncil.demo.budgeting import YOUTH_GROUP
from coopcouncil.demo.loader import DATA_DIR, PERSONAS, POSTCODES_PER_WARD, WARD_DISTRICTS, _postcodes_generate
from coopcouncil.notifications.models import Follow
from coopcouncil.notifications.services import followers_notify
from coopcouncil.places.models import Community, Postcode, Ward
from coopcouncil.places.selectors import ward_for_postcode

pytestmark = pytest.mark.django_db


def test_demo_builds_lambeth_with_personas_and_residents(capsys) -> None:
    call_command("demo_load", residents=30)
    out = capsys.readouterr().out
    assert "ben.clarke@lambeth.example" in out and "TOTP secret" in out
    assert Ward.objects.filter(valid_to__isnull=True).count() == 25
    assert Community.objects.filter(kind="issue").count() == 4
    # One in ten residents, and the youth group whose members put forward the youth round's ideas.
    assert Person.objects.filter(registered_via=RegisteredVia.ASSISTED).count() == 3 + len(YOUTH_GROUP)
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


def _claim_from(out: str) -> tuple[int, str]:
    match = re.search(r"reference (\d+), claim code ([A-Z0-9]{10})", out)
    assert match, out
    return int(match.group(1)), match.group(2)


def test_the_demo_prints_a_claim_code_that_claims_an_assisted_profile(capsys) -> None:
    """Someone trying the demo can play the resident an officer registered at a hub."""
    call_command("demo_load", residents=10)
    reference, code = _claim_from(capsys.readouterr().out)
    resident = Person.objects.get(pk=reference)
    assert resident.registered_via == RegisteredVia.ASSISTED and resident.user is None
    login = User.objects.create_user("newcomer@example.org", "a long demo password")
    assert assisted_profile_claim(user=login, person_id=reference, claim_code=code) == resident


def test_a_second_run_prints_a_fresh_claim_code_because_the_first_is_only_hashed(capsys) -> None:
    call_command("demo_load", residents=10)
    reference, first = _claim_from(capsys.readouterr().out)
    call_command("demo_load", residents=10)
    again, second = _claim_from(capsys.readouterr().out)
    assert again == reference
    login = User.objects.create_user("newcomer@example.org", "a long demo password")
    with pytest.raises(ValidationError):
        assisted_profile_claim(user=login, person_id=reference, claim_code=first)
    assisted_profile_claim(user=login, person_id=reference, claim_code=second)


def test_each_wards_demo_postcodes_lie_in_the_districts_that_cover_it() -> None:
    data = json.loads((DATA_DIR / "lambeth.json").read_text(encoding="utf-8"))
    current = {ward["name"] for ward in data["wards"] if ward["valid_to"] is None}
    assert set(WARD_DISTRICTS) == current
    assert {d for districts in WARD_DISTRICTS.values() for d in districts} <= set(data["postcode_districts"])

    call_command("demo_load", residents=0)
    postcodes = list(Postcode.objects.select_related("ward"))
    assert len(postcodes) == 25 * POSTCODES_PER_WARD
    for row in postcodes:
        assert row.postcode.split()[0] in WARD_DISTRICTS[row.ward.name], row
    knights_hill = next(row.postcode for row in postcodes if row.ward.name == "Knight's Hill")
    assert knights_hill.startswith("SE27 ") and ward_for_postcode(knights_hill).name == "Knight's Hill"
    amara = Person.objects.get(user__email="amara@example.org")
    assert ward_for_postcode(amara.postcode).name == "Brixton Windrush"


def test_the_generated_postcodes_are_the_same_on_every_run() -> None:
    call_command("demo_load", residents=0)
    first = set(Postcode.objects.values_list("postcode", "ward__gss_code"))
    Postcode.objects.all().delete()
    _postcodes_generate(random.Random(2026))  # the seed demo_load uses, and its first use
    assert set(Postcode.objects.values_list("postcode", "ward__gss_code")) == first


def test_the_demo_has_a_counted_youth_round_and_a_green_fund_open_for_votes() -> None:
    call_command("demo_load", residents=30)
    youth = Round.objects.get(slug="young-lambeth-20k-2026")
    green = Round.objects.get(slug="brixton-green-fund-2027")
    # A demo of 30 residents has a tenth of the ballots: 200 in the youth round.
    assert (youth.phase, youth.counting_rule, youth.ballots.count()) == (Phase.DELIVERY, "equal_shares", 200)
    assert youth.proposals.filter(status__in=["in_delivery", "completed"]).exists()
    assert green.phase == Phase.VOTING_OPEN and green.ballot_type == "knapsack"
    assert {b.channel for b in green.ballots.all()} >= {"paper", "code"}
    assert green.ballots.count() >= 150
    assert len(selectors.paper_discrepancies(round=green)) == 6


def test_demo_followers_agreed_to_be_told_so_notifications_reach_them() -> None:
    call_command("demo_load", residents=20)
    # The residents who follow communities (proposers also follow their own proposals, by the service).
    community_follows = Follow.objects.filter(target_type=ContentType.objects.get_for_model(Community))
    followers = Person.objects.filter(pk__in=community_follows.values("person_id"))
    assert followers.count() == 20
    assert not followers.exclude(
        consents__purpose=ConsentPurpose.CONTACT_UPDATES, consents__withdrawn_at__isnull=True
    ).exists()
    follow = community_follows.first()
    assert follow is not None
    sent = followers_notify(target=follow.target, topic=follow.topic, subject="Voting is open", body="Vote now")
    assert follow.person in {n.person for n in sent}
