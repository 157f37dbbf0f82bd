from __future__ import annotations

import json
import random
import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import AreaClaim, AreaClaimKind, ConsentPurpose, Person, RegisteredVia, User
from coopcouncil.accounts.permissions import is_staff_person, people_covered_by
from coopcouncil.accounts.selectors import area_claims_verified_for
from coopcouncil.accounts.services import assisted_profile_claim
from coopcouncil.budgeting import selectors as budgeting_selectors
from coopcouncil.budgeting.models import Phase, Round
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import (
    Contract,
    DeliveryRoute,
    EvidenceKind,
    KPIReturn,
    Programme,
    ReturnEventKind,
    ReturnStatus,
    SeatType,
    Stage,
)
from coopcouncil.commissioning.models.acquisition import Award, CallStatus, DeclaredInterest
from coopcouncil.cooperatives import selectors as cooperative_selectors
from coopcouncil.cooperatives import services as cooperative_services
from coopcouncil.cooperatives.models import ApplicationStatus, Cooperative
from coopcouncil.cooperatives.permissions import can_manage_cooperative
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision
from coopcouncil.demo.budgeting import YOUTH_GROUP
from coopcouncil.demo.commissioning import LIBRARY_SLUG, YOUTH_SLUG
from coopcouncil.demo.cooperatives import COOPERATIVE_SLUG, YOUNG_VISITORS
from coopcouncil.demo.loader import DATA_DIR, PERSONAS, POSTCODES_PER_WARD, WARD_DISTRICTS, _postcodes_generate
from coopcouncil.meetings.models import DecisionWay, Meeting, MeetingKind
from coopcouncil.meetings.permissions import can_come_to
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
    # One in ten residents, the youth group whose members put forward the youth round's ideas, and
    # the young people who come to its meetings now and then.
    assisted = 3 + len(YOUTH_GROUP) + len(YOUNG_VISITORS)
    assert Person.objects.filter(registered_via=RegisteredVia.ASSISTED).count() == assisted
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
    assert len(budgeting_selectors.paper_discrepancies(round=green)) == 6


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


def test_the_youth_programme_went_round_the_cycle_into_delivery_with_a_year_of_returns() -> None:
    call_command("demo_load", residents=30)
    youth = Programme.objects.get(slug=YOUTH_SLUG)
    assert youth.stage == Stage.DELIVERY and youth.owner_community == Community.objects.get(slug="youth-services")
    assert {m.seat_type for m in youth.panel_members.all()} == {
        SeatType.YOUNG_COMMISSIONER,
        SeatType.RESIDENT,
        SeatType.OFFICER,
        SeatType.PROFESSIONAL,
    }
    assert youth.evidence_items.filter(kind=EvidenceKind.LIVED_EXPERIENCE).exists()
    assert youth.evidence_items.filter(kind=EvidenceKind.DROP_IN).exists()
    assert youth.assets.count() >= 8
    assert selectors.route_choice_of(programme=youth).option.route == DeliveryRoute.CONTRACT  # type: ignore[union-attr]
    # Two rounds: lot 2 had no compliant bid at first, was closed without an award and called again.
    calls = {call.slug: call.status for call in youth.calls.all()}
    assert calls == {
        "lot-1-youth-clubs": CallStatus.AWARDED,
        "lot-2-detached-youth-work": CallStatus.NO_AWARD,
        "lot-2-detached-youth-work-again": CallStatus.AWARDED,
    }
    first_lot_2 = youth.calls.get(slug="lot-2-detached-youth-work")
    assert first_lot_2.bids.filter(compliant=False).count() == first_lot_2.bids.count() == 1
    today = timezone.localdate()
    for award in Award.objects.filter(call__programme=youth):
        assert award.decision is not None and award.summaries.exists()
        assert award.standstill_ends_on is not None and award.standstill_ends_on < today
        # Every compliant bid was scored alone by young commissioners and officers, then moderated.
        results = selectors.call_results(call=award.call)
        assert results.complete and results.for_bid(award.bid) is not None
    assert DeclaredInterest.objects.filter(declaration__call__programme=youth).count() == 1

    contract = Contract.objects.get(programme=youth, supplier__org_id="GB-CHC-1190001")
    assert contract.award is not None and contract.award.call.slug == "lot-1-youth-clubs"
    assert 3 <= contract.kpis.count() <= 4
    returns = KPIReturn.objects.filter(kpi__contract=contract)
    assert returns.filter(kpi__frequency="monthly").values("period_start").distinct().count() == 12
    assert returns.filter(status=ReturnStatus.VERIFIED).count() > returns.count() * 3 // 4
    assert all(r.evidence_id is not None for r in returns)
    [queried] = returns.filter(events__kind=ReturnEventKind.QUERIED)
    assert list(queried.events.values_list("kind", flat=True)) == ["submitted", "queried", "resubmitted", "verified"]
    assert contract.feedback.exists() and contract.ratings.count() == 1
    # The timeline reads as two years of work, not as one afternoon.
    timeline = Decision.objects.filter(subject_id=str(youth.pk), subject_type__model="programme")
    assert timeline.filter(decided_at__date__lt=today - timedelta(days=365)).count() >= 8


def test_the_library_programme_is_prioritising_with_its_resident_panel() -> None:
    call_command("demo_load", residents=30)
    library = Programme.objects.get(slug=LIBRARY_SLUG)
    assert library.stage == Stage.PRIORITIES
    assert library.owner_community == Community.objects.get(slug="west-norwood")
    vote = selectors.dot_vote_of(programme=library)
    assert vote is not None and vote.is_open and vote.dot_sets.exists()
    seats = list(library.panel_members.values_list("seat_type", flat=True))
    assert seats.count(SeatType.RESIDENT) > len(seats) // 2


def test_the_cooperative_has_members_in_every_class_and_applications_to_decide() -> None:
    call_command("demo_load", residents=30)
    cooperative = Cooperative.objects.get(slug=COOPERATIVE_SLUG)
    assert cooperative.organisation.org_id == "GB-MPR-7000001"
    assert cooperative.membership_target and cooperative.membership_target_on
    for membership_class in cooperative.classes.all():
        assert membership_class.members.filter(left_on__isnull=True).exists(), membership_class
    assert cooperative.classes.filter(is_provider_class=True).count() == 1
    # The register grew over eighteen months, faster lately, and member numbers follow joining.
    members = list(cooperative.members.order_by("member_number"))
    today = timezone.localdate()
    assert min(m.joined_on for m in members) >= today - timedelta(days=550)
    half_year = sum(1 for m in members if m.joined_on >= today - timedelta(days=183))
    assert half_year > len(members) / 3
    assert cooperative.applications.filter(status=ApplicationStatus.PENDING).count() >= 5
    secretary = Person.objects.get(user__email="imani@younglambeth.example")
    assert can_manage_cooperative(secretary, cooperative)
    pending = cooperative.applications.filter(status=ApplicationStatus.PENDING).first()
    assert pending is not None
    cooperative_services.application_decide(actor=Actor(person=secretary), application=pending, approve=True)
    assert cooperative.members.filter(person=pending.person, left_on__isnull=True).exists()


def test_the_youth_group_meets_weekly_with_minutes_and_decisions_and_the_agm_is_for_members() -> None:
    call_command("demo_load", residents=30)
    now = timezone.now()
    group = Meeting.objects.filter(kind=MeetingKind.GROUP_MEETING).order_by("starts_at")
    held = [m for m in group if m.ends_at < now]
    assert len(held) >= 5 and all(m.minutes.published_at is not None for m in held)
    assert all(m.attendances.exists() and m.actions.exists() for m in held)
    ways = [d.way for m in held for d in m.decisions.all()]
    assert ways.count(DecisionWay.CONSENT) == 1 and ways.count(DecisionWay.MAJORITY) >= 2
    assert all(d.decision is not None for m in held for d in m.decisions.all())
    [upcoming] = [m for m in group if m.starts_at > now]
    registrations = upcoming.registrations.filter(cancelled_at__isnull=True)
    assert registrations.count() >= 4 and any(r.access_needs for r in registrations)

    forum = Meeting.objects.get(kind=MeetingKind.AREA_FORUM)
    assert forum.agenda_items.count() >= 3 and forum.starts_at > now
    agm = Meeting.objects.get(kind=MeetingKind.ANNUAL_GENERAL_MEETING)
    cooperative = Cooperative.objects.get(slug=COOPERATIVE_SLUG)
    assert agm.owner_organisation == cooperative.organisation and not agm.is_public
    assert (timezone.localdate(agm.starts_at) - timezone.localdate()).days > cooperative.notice_clear_days
    member = cooperative.members.filter(left_on__isnull=True).select_related("person").first()
    assert member is not None and can_come_to(member.person, agm)
    assert not can_come_to(Person.objects.get(user__email="amara@example.org"), agm)
    # Its resolutions and the board election are on the agenda, through the co-operative's services.
    general_meeting = agm.general_meeting
    assert [r.kind for r in general_meeting.resolutions.all()] == ["ordinary", "special", "ordinary"]
    assert general_meeting.resolutions.filter(concerns_award_to_providers=True).count() == 1
    rotation = cooperative_selectors.retiring_by_rotation_at(cooperative=cooperative)
    assert cooperative.board.filter(ended_on__isnull=True).count() == 8
    assert len(rotation.retiring) + rotation.places_for_tied == 3
    election = general_meeting.elections.get()
    assert election.seats == 3 and election.candidates.count() == 4


def test_the_demo_pages_for_commissioning_the_cooperative_and_meetings_open() -> None:
    """Someone trying the demo can walk through what it loaded, signed out and as each persona."""
    call_command("demo_load", residents=30)
    youth, library = YOUTH_SLUG, LIBRARY_SLUG
    forum = Meeting.objects.get(kind=MeetingKind.AREA_FORUM)
    public = [
        "/commissioning/",
        f"/commissioning/{youth}/",
        f"/commissioning/{youth}/specification/",
        f"/commissioning/{youth}/calls/lot-1-youth-clubs/",
        f"/commissioning/{youth}/calls/lot-2-detached-youth-work/",
        f"/commissioning/{library}/",
        f"/cooperatives/{COOPERATIVE_SLUG}/",
        f"/meetings/{forum.pk}/",
        *[f"/meetings/{m.pk}/" for m in Meeting.objects.filter(kind=MeetingKind.GROUP_MEETING)],
        "/communities/youth-services/meetings/",
    ]
    anonymous = Client()
    for url in public:
        assert anonymous.get(url).status_code == 200, url
    as_persona = {
        "ben.clarke@lambeth.example": [
            f"/officer/commissioning/{youth}/",
            f"/officer/commissioning/{youth}/acquisition/",
            f"/officer/commissioning/{youth}/acquisition/lot-2-detached-youth-work-again/",
            f"/officer/commissioning/{youth}/delivery/",
            f"/officer/commissioning/{youth}/delivery/returns/",
            f"/officer/commissioning/{youth}/delivery/feedback/",
            f"/officer/commissioning/{library}/priorities/",
            f"/officer/meetings/{forum.pk}/",
        ],
        # Amara sits on the youth panel as a resident.
        "amara@example.org": [f"/commissioning/{youth}/evidence/", f"/commissioning/{youth}/needs/"],
        "efua@brixtonyouth.example": ["/provider/commissioning/", "/commissioning/providers/bids/"],
        "imani@younglambeth.example": [
            f"/officer/cooperatives/{COOPERATIVE_SLUG}/members/",
            f"/meetings/{Meeting.objects.get(kind=MeetingKind.ANNUAL_GENERAL_MEETING).pk}/",
        ],
    }
    for email, urls in as_persona.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        for url in urls:
            assert client.get(url).status_code == 200, (email, url)
