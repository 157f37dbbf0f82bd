"""Who may propose and vote: rules are data, and people are told why in plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from coopcouncil.accounts.models import AreaClaim, AreaClaimKind, Person
from coopcouncil.accounts.services import area_claim_verify
from coopcouncil.budgeting.eligibility import Answer, eligibility_for, rules_described
from coopcouncil.budgeting.models import EligibilityKind, Phase, Round
from coopcouncil.core.actors import Actor
from coopcouncil.places.models import Postcode, Ward
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import ben
from tests.budgeting.factories import round_in_phase
from tests.places.factories import WardFactory

pytestmark = pytest.mark.django_db

ON = date(2027, 3, 1)


@pytest.fixture
def coldharbour() -> Ward:
    ward = WardFactory(name="Brixton Acre Lane")
    Postcode.objects.create(postcode="SW2 1RW", ward=ward)
    Postcode.objects.create(postcode="SE11 4AA", ward=WardFactory(name="Kennington"))
    return ward


def youth_round(**area: object) -> Round:
    rules: list[dict[str, object]] = [{"kind": EligibilityKind.AGE, "minimum_age": 11, "maximum_age": 19, "age_on": ON}]
    if area:
        rules.append({"kind": EligibilityKind.AREA, **area})
    return round_in_phase(ben(), Phase.IDEAS_OPEN, rules=rules)


def test_a_young_resident_of_the_ward_is_eligible(coldharbour: Ward) -> None:
    round = youth_round(wards=[coldharbour])
    young = PersonFactory(date_of_birth=date(2012, 6, 1), birth_year=2012, postcode="SW2 1RW")
    assert eligibility_for(young, round, on=ON).answer is Answer.YES


def test_someone_too_old_is_told_the_age_range() -> None:
    grown_up = PersonFactory(date_of_birth=date(1990, 1, 1), birth_year=1990)
    result = eligibility_for(grown_up, youth_round(), on=ON)
    assert result.answer is Answer.NO
    assert result.reasons == ("This is for people aged 19 or under on 2027-03-01.",)


def test_only_a_year_of_birth_cannot_be_confirmed_on_the_boundary() -> None:
    maybe = PersonFactory(date_of_birth=None, birth_year=2007)  # 19 or 20 on 1 March 2027
    result = eligibility_for(maybe, youth_round(), on=ON)
    assert result.answer is Answer.CANNOT_CONFIRM
    assert "An officer can confirm it" in result.reasons[0]


def test_living_elsewhere_is_refused_but_a_verified_claim_to_study_here_counts(coldharbour: Ward) -> None:
    round = youth_round(wards=[coldharbour], connections=[AreaClaimKind.LIVE, AreaClaimKind.STUDY])
    student: Person = PersonFactory(date_of_birth=date(2011, 2, 2), birth_year=2011, postcode="SE11 4AA")
    refused = eligibility_for(student, round, on=ON)
    assert refused.answer is Answer.NO
    assert refused.reasons == ("This is for people who live or study in Brixton Acre Lane.",)
    claim = AreaClaim.objects.create(person=student, kind=AreaClaimKind.STUDY, postcode="SW2 1RW")
    assert eligibility_for(student, round, on=ON).answer is Answer.NO  # waiting for an officer
    officer = Person.objects.get(user__email="ben@lambeth.example")
    area_claim_verify(actor=Actor(person=officer), claim=claim, verified=True, note="Lambeth College student card")
    assert eligibility_for(student, round, on=ON).answer is Answer.YES


def test_a_postcode_district_rule_covers_places_outside_the_lookup() -> None:
    round = youth_round(postcode_districts="sw9, SE24")
    assert round.eligibility_rules.get(kind="area").district_list == ["SW9", "SE24"]
    young = PersonFactory(date_of_birth=date(2013, 1, 1), birth_year=2013, postcode="SE24 0AB")
    assert eligibility_for(young, round, on=ON).eligible


def test_the_rules_read_as_sentences(coldharbour: Ward) -> None:
    round = youth_round(wards=[coldharbour], connections=[AreaClaimKind.LIVE, AreaClaimKind.WORK, AreaClaimKind.STUDY])
    assert rules_described(round) == [
        "Aged 11 to 19 on 1 March 2027.",
        "You live, work or study in Brixton Acre Lane.",
    ]


def test_a_co_operative_round_is_for_its_current_members() -> None:
    from coopcouncil.cooperatives import services as cooperative_services
    from coopcouncil.cooperatives.models import Member
    from tests.cooperatives.factories import born, class_named, youth_cooperative

    cooperative, secretary = youth_cooperative()
    young_people = class_named(cooperative, "Young people")
    officer = ben()
    round = round_in_phase(
        officer,
        Phase.IDEAS_OPEN,
        rules=[{"kind": EligibilityKind.MEMBERSHIP, "cooperative": cooperative, "membership_class": young_people}],
    )
    member = PersonFactory(date_of_birth=born(15, timezone.localdate()), birth_year=None)
    application = cooperative_services.application_submit(
        actor=Actor(person=member), membership_class=young_people, supports_aims=True
    )
    cooperative_services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    outsider = PersonFactory()
    assert eligibility_for(member, round, on=ON).answer is Answer.YES
    refused = eligibility_for(outsider, round, on=ON)
    assert refused.answer is Answer.NO
    assert refused.reasons == (f"This is for members of {cooperative.name} (Young people).",)
    assert rules_described(round) == [f"You are a member of {cooperative.name} (Young people)."]
    Member.objects.filter(person=member).update(left_on=date(2027, 1, 1), leaving_reason="resigned")
    assert eligibility_for(member, round, on=ON).answer is Answer.NO
