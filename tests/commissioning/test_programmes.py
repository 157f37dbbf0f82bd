"""Programmes, their panels and stages: set up by officers, every change kept, a public timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person, Role
from coopcouncil.commissioning import selectors, services
from coopcouncil.commissioning.models import PanelMember, SeatType, Stage, StageChange
from coopcouncil.commissioning.permissions import can_manage_programme, panel_seat_of
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import decision_record
from tests.accounts.factories import PersonFactory, person_with_login, role_give
from tests.accounts.personas import amara, ben
from tests.commissioning.factories import programme_at
from tests.commissioning.needs_factories import programme_with_needs
from tests.frontend.html import Page
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def test_only_officers_for_the_community_set_up_a_programme(officer: Person) -> None:
    libraries = CommunityFactory(name="Libraries")
    elsewhere = person_with_login(email="olu@lambeth.example")
    role_give(elsewhere, Role.OFFICER, on=CommunityFactory(name="Housing"))
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=Actor(person=elsewhere),
            owner=libraries,
            slug="libraries-2027",
            title="Library service co-production",
            summary="Libraries run with their users.",
            lead_officer=elsewhere,
            budget_envelope_pence=100_000_000,
        )
    programme = services.programme_create(
        actor=Actor(person=officer),
        owner=libraries,
        slug="libraries-2027",
        title="Library service co-production",
        summary="Libraries run with their users.",
        lead_officer=officer,
        budget_envelope_pence=100_000_000,
    )
    assert programme.stage == Stage.NEEDS and programme.cycle == 1
    assert can_manage_programme(officer, programme) and not can_manage_programme(elsewhere, programme)


def test_the_panel_fills_its_seats_and_keeps_everyone_who_sat_on_it(officer: Person) -> None:
    programme = programme_at(officer)
    actor = Actor(person=officer)
    young = [PersonFactory(birth_year=2010) for _ in range(6)]
    for person in young:
        services.panel_member_appoint(
            actor=actor, programme=programme, person=person, seat_type=SeatType.YOUNG_COMMISSIONER
        )
    with pytest.raises(ValidationError, match="Every seat of that kind is filled"):
        services.panel_member_appoint(
            actor=actor, programme=programme, person=PersonFactory(), seat_type=SeatType.YOUNG_COMMISSIONER
        )
    with pytest.raises(ValidationError, match="no seats of that kind"):
        services.panel_member_appoint(actor=actor, programme=programme, person=amara(), seat_type=SeatType.COUNCILLOR)
    member = PanelMember.objects.get(person=young[0])
    services.panel_member_step_down(actor=Actor(person=young[0]), member=member, reason="Exams this year")
    assert panel_seat_of(young[0], programme) is None
    services.panel_member_appoint(
        actor=actor, programme=programme, person=PersonFactory(), seat_type=SeatType.YOUNG_COMMISSIONER
    )
    assert selectors.panel_current(programme=programme).count() == 6
    assert selectors.panel_history(programme=programme).count() == 7  # the one who stepped down is still there


def test_a_weight_cannot_change_once_the_programme_is_acquiring(officer: Person) -> None:
    programme = programme_at(officer, Stage.ACQUISITION)
    with pytest.raises(ValidationError, match="Weights cannot change"):
        services.seat_rule_set(
            actor=Actor(person=officer), programme=programme, seat_type=SeatType.RESIDENT, seats=2, score_weight=2
        )
    services.seat_rule_set(  # more seats, same weight: fine
        actor=Actor(person=officer), programme=programme, seat_type=SeatType.RESIDENT, seats=3, quorum=1, score_weight=1
    )


def test_stages_move_one_at_a_time_and_make_the_public_timeline(officer: Person) -> None:
    programme = programme_with_needs(officer)
    actor = Actor(person=officer)
    with pytest.raises(ValidationError, match="next stage"):
        services.programme_stage_advance(actor=actor, programme=programme, to=Stage.OPTIONS)
    with pytest.raises(PermissionDenied):
        services.programme_stage_advance(actor=Actor(person=amara()), programme=programme, to=Stage.PRIORITIES)
    decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by="Youth panel",
        method=DecisionMethod.BODY,
        title="Outcomes agreed",
        outcome="Four outcomes for young people, in order.",
        reasons="Ranked by the panel after six listening sessions.",
        subject=programme,
    )
    services.programme_stage_advance(
        actor=actor, programme=programme, to=Stage.PRIORITIES, reason="Needs and assets mapped with 140 young people"
    )
    assert StageChange.objects.get(programme=programme).to_stage == Stage.PRIORITIES
    timeline = selectors.programme_timeline(programme=programme)
    assert [entry.kind for entry in timeline] == ["decision", "stage"]

    page = Page(Client().get(programme.get_absolute_url()).content.decode())
    text = page.main.text
    assert "Outcomes agreed" in text and "Needs and assets mapped with 140 young people" in text
    assert "2. Outcomes prioritised and resources allocated" in text


def test_young_commissioners_are_not_named_in_public(officer: Person) -> None:
    programme = programme_at(officer)
    child = PersonFactory(
        full_name="Kemi Adebayo", date_of_birth=timezone.localdate().replace(year=2011), birth_year=2011
    )
    services.panel_member_appoint(
        actor=Actor(person=officer), programme=programme, person=child, seat_type=SeatType.YOUNG_COMMISSIONER
    )
    text = Client().get(programme.get_absolute_url()).content.decode()
    assert "Kemi Adebayo" not in text and "A young resident (Young commissioner)" in text


def test_officer_pages_are_for_officers_running_the_programme(officer: Person) -> None:
    programme = programme_at(officer)
    client = Client()
    assert officer.user is not None
    client.force_login(officer.user)
    assert client.get(f"/officer/commissioning/{programme.slug}/").status_code == 200
    assert client.get(f"/officer/commissioning/{programme.slug}/panel/").status_code == 200
    resident = amara()
    assert resident.user is not None
    client.force_login(resident.user)
    assert client.get(f"/officer/commissioning/{programme.slug}/").status_code == 403


def test_the_next_cycle_starts_at_stage_one_with_the_seat_rules_and_what_stages_carry_over(officer: Person) -> None:
    programme = programme_at(officer, Stage.REVIEW)
    services.panel_member_appoint(
        actor=Actor(person=officer), programme=programme, person=PersonFactory(), seat_type=SeatType.RESIDENT
    )
    carried: list[tuple[int, int]] = []
    carry = services.cycle_carry_over(lambda actor, previous, following: carried.append((previous.pk, following.pk)))
    try:
        following = services.programme_next_cycle_start(
            actor=Actor(person=officer), programme=programme, slug="youth-2030", title="Youth services 2030 to 2033"
        )
    finally:
        from coopcouncil.commissioning.services import programmes as programme_services

        programme_services._carry_overs.remove(carry)
    assert following.stage == Stage.NEEDS and following.cycle == 2 and following.previous_cycle == programme
    assert carried == [(programme.pk, following.pk)]
    assert sorted(following.seat_rules.values_list("seat_type", "seats")) == sorted(
        programme.seat_rules.values_list("seat_type", "seats")
    )
    assert not following.panel_members.exists()
    with pytest.raises(ValidationError, match="already started"):
        services.programme_next_cycle_start(
            actor=Actor(person=officer), programme=programme, slug="youth-2030-b", title="Again"
        )
    stranger = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.programme_next_cycle_start(actor=Actor(person=stranger), programme=following, slug="x", title="X")


def test_every_stage_after_the_first_has_its_entry_checks_registered() -> None:
    """The stage modules register their checks when the services package is imported (ADR 0011)."""
    from coopcouncil.commissioning.services import programmes as programme_services

    registered = set(programme_services._entry_checks)
    assert {
        Stage.PRIORITIES,
        Stage.OPTIONS,
        Stage.ACQUISITION,
        Stage.DELIVERY,
        Stage.REVIEW,
        Stage.CLOSED,
    } <= registered


def test_an_officer_of_a_co_operative_sets_up_a_programme_it_commissions_itself() -> None:
    from coopcouncil.commissioning.models import Programme
    from tests.cooperatives.factories import youth_cooperative

    cooperative, secretary = youth_cooperative()
    client = Client()
    assert secretary.user is not None
    client.force_login(secretary.user)
    form_page = Page(client.get("/officer/commissioning/new/").content.decode())
    owner = form_page.find("select", name="owner")
    assert owner is not None and [g.attrs.get("label") for g in owner.find_all("optgroup")] == [
        "Communities",
        "Co-operatives",
    ]
    response = client.post(
        "/officer/commissioning/new/",
        {
            "owner": f"organisation:{cooperative.organisation.pk}",
            "title": "Youth clubs 2027",
            "slug": "ylc-youth-clubs-2027",
            "summary": "Young members commission youth clubs.",
            "budget_envelope_pence": "3000000",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(slug="ylc-youth-clubs-2027")
    assert programme.owner == cooperative.organisation and programme.lead_officer == secretary
    refused = Page(
        client.post("/officer/commissioning/new/", {"owner": "organisation:999999", "title": "X"}).content.decode()
    )
    assert "Select a valid choice" in refused.main.text or "Choose the community" in refused.main.text
