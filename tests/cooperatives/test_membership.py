"""Joining, the register of members, and leaving it (domain.md 7.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coopcouncil.accounts.models import Organisation, OrganisationKind, ParentalConsentRequest
from coopcouncil.accounts.services import parental_consent_answer, parental_consent_request
from coopcouncil.cooperatives import selectors, services
from coopcouncil.cooperatives.models import ApplicationStatus, ExpulsionStatus, LeavingReason, Member
from coopcouncil.cooperatives.rules import special_resolution_passed
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from tests.accounts.factories import PersonFactory
from tests.cooperatives.factories import born, class_named, youth_cooperative

pytestmark = pytest.mark.django_db


def _join(cooperative, secretary, person, class_name="Young people"):  # type: ignore[no-untyped-def]
    application = services.application_submit(
        actor=Actor(person=person), membership_class=class_named(cooperative, class_name), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    return Member.objects.get(application=application)


def test_a_young_person_applies_and_is_approved_with_the_next_member_number() -> None:
    cooperative, secretary = youth_cooperative()
    today = timezone.localdate()
    first = _join(cooperative, secretary, PersonFactory(date_of_birth=born(15, today), birth_year=None))
    second = _join(cooperative, secretary, PersonFactory(date_of_birth=born(40, today), birth_year=None), "Community")
    assert (first.member_number, second.member_number) == (1, 2)
    assert first.membership_class.name == "Young people" and first.joined_on == today
    assert first.application is not None and first.application.status == ApplicationStatus.APPROVED
    assert first.application.decided_by == secretary
    assert AuditEntry.objects.filter(action="membership.approved").count() == 2


def test_who_cannot_join_is_told_why_in_plain_words() -> None:
    cooperative, _secretary = youth_cooperative()
    today = timezone.localdate()
    adult = PersonFactory(date_of_birth=born(30, today), birth_year=None)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            actor=Actor(person=adult), membership_class=class_named(cooperative, "Young people"), supports_aims=True
        )
    assert "This is for people aged 19 or under" in str(refused.value)
    young = PersonFactory(date_of_birth=born(15, today), birth_year=None)
    with pytest.raises(ValidationError, match="support the co-operative's aims"):
        services.application_submit(
            actor=Actor(person=young), membership_class=class_named(cooperative, "Young people"), supports_aims=False
        )


def test_a_child_under_13_joins_only_once_a_parent_or_carer_has_agreed() -> None:
    cooperative, secretary = youth_cooperative()
    child = PersonFactory(date_of_birth=born(9, timezone.localdate()), birth_year=None)
    young_people = class_named(cooperative, "Young people")
    with pytest.raises(ValidationError, match="a parent or carer has not agreed"):
        services.application_submit(actor=Actor(person=child), membership_class=young_people, supports_aims=True)
    # The parent answers the emailed link.
    parental_consent_request(
        actor=Actor(person=child), child=child, parent_name="Ada Mensah", parent_email="ada@example.org"
    )
    parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
    application = services.application_submit(
        actor=Actor(person=child), membership_class=young_people, supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    assert selectors.memberships_of(person=child).get().cooperative == cooperative


def test_a_year_of_birth_alone_waits_for_the_age_to_be_confirmed() -> None:
    cooperative, secretary = youth_cooperative()
    today = timezone.localdate()
    # Born in a year that makes them 19 or 20 today: they may apply; the secretary confirms first.
    unsure = PersonFactory(date_of_birth=None, birth_year=today.year - 20)
    application = services.application_submit(
        actor=Actor(person=unsure), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    with pytest.raises(ValidationError, match="Confirm their age first"):
        services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    assert not Member.objects.filter(person=unsure).exists()


def test_one_application_at_a_time_and_refusals_give_a_reason() -> None:
    cooperative, secretary = youth_cooperative()
    person = PersonFactory(date_of_birth=born(16, timezone.localdate()), birth_year=None)
    young_people = class_named(cooperative, "Young people")
    application = services.application_submit(
        actor=Actor(person=person), membership_class=young_people, supports_aims=True
    )
    with pytest.raises(ValidationError, match="already applied"):
        services.application_submit(actor=Actor(person=person), membership_class=young_people, supports_aims=True)
    with pytest.raises(ValidationError, match="Say why"):
        services.application_decide(actor=Actor(person=secretary), application=application, approve=False)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=Actor(person=person), application=application, approve=True)
    services.application_decide(
        actor=Actor(person=secretary), application=application, approve=False, reason="Lives outside Lambeth."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED and application.decision_reason == "Lives outside Lambeth."
    with pytest.raises(ValidationError, match="already been decided"):
        services.application_decide(actor=Actor(person=secretary), application=application, approve=True)


def test_leaving_keeps_the_line_in_the_register() -> None:
    cooperative, secretary = youth_cooperative()
    today = timezone.localdate()
    member = _join(cooperative, secretary, PersonFactory(date_of_birth=born(17, today), birth_year=None))
    services.member_resign(actor=Actor(person=member.person), member=member, note="Moving to Leeds")
    member.refresh_from_db()
    assert member.left_on == today and member.leaving_reason == LeavingReason.RESIGNED
    assert list(selectors.register_of(cooperative=cooperative)) == []
    assert list(selectors.register_of(cooperative=cooperative, include_former=True)) == [member]
    with pytest.raises(ValidationError, match="already left"):
        services.member_resign(actor=Actor(person=member.person), member=member)
    # Rejoining later gives a new line and a new number.
    again = _join(cooperative, secretary, member.person)
    assert again.member_number == 2


def test_expulsion_needs_21_days_notice_and_a_special_resolution() -> None:
    cooperative, secretary = youth_cooperative()
    member = _join(cooperative, secretary, PersonFactory(date_of_birth=born(18, timezone.localdate()), birth_year=None))
    actor = Actor(person=secretary)
    notice = date(2027, 3, 1)
    with pytest.raises(ValidationError, match="at least 21 days"):
        services.expulsion_notice_give(
            actor=actor,
            member=member,
            reasons="Harassed other members.",
            notice_given_on=notice,
            meeting_on=notice + timedelta(days=20),
        )
    case = services.expulsion_notice_give(
        actor=actor,
        member=member,
        reasons="Harassed other members.",
        notice_given_on=notice,
        meeting_on=notice + timedelta(days=21),
    )
    # 74 of 100 votes cast is short of three quarters: the member stays.
    kept = services.expulsion_hearing_record(
        actor=actor, case=case, heard_on=case.meeting_on, representations="I apologise.", votes_for=74, votes_against=26
    )
    assert kept.status == ExpulsionStatus.NOT_EXPELLED
    member.refresh_from_db()
    assert member.is_current
    second = services.expulsion_notice_give(
        actor=actor, member=member, reasons="Again.", notice_given_on=date(2027, 5, 1), meeting_on=date(2027, 6, 1)
    )
    services.expulsion_hearing_record(
        actor=actor,
        case=second,
        heard_on=date(2027, 6, 1),
        representations="",
        votes_for=75,
        votes_against=25,
        abstentions=9,
    )
    member.refresh_from_db()
    assert member.leaving_reason == LeavingReason.EXPELLED and member.left_on == date(2027, 6, 1)


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "passed"),
    [(3, 1, True), (2, 1, False), (0, 0, False), (75, 25, True), (74, 26, False)],
)
def test_a_special_resolution_needs_three_quarters_of_votes_cast(
    votes_for: int, votes_against: int, passed: bool
) -> None:
    assert special_resolution_passed(votes_for, votes_against) is passed


def test_membership_growth_counts_members_at_each_month_end() -> None:
    cooperative, secretary = youth_cooperative()
    today = timezone.localdate()
    people = [PersonFactory(date_of_birth=born(15, today), birth_year=None) for _ in range(3)]
    members = [_join(cooperative, secretary, person) for person in people]
    Member.objects.filter(pk=members[0].pk).update(joined_on=date(2027, 1, 10))
    Member.objects.filter(pk=members[1].pk).update(
        joined_on=date(2027, 2, 5), left_on=date(2027, 3, 20), leaving_reason="resigned"
    )
    Member.objects.filter(pk=members[2].pk).update(joined_on=date(2027, 3, 1))
    growth = selectors.membership_growth(cooperative=cooperative, until=date(2027, 4, 1))
    assert [(point.month, point.members) for point in growth] == [
        (date(2027, 1, 1), 1),
        (date(2027, 2, 1), 2),
        (date(2027, 3, 1), 2),
        (date(2027, 4, 1), 2),
    ]


def test_only_co_operatives_have_members_and_only_their_staff_set_them_up() -> None:
    provider = Organisation.objects.create(name="Brixton Youth Trust", kind=OrganisationKind.PROVIDER)
    cooperative, secretary = youth_cooperative()
    with pytest.raises(ValidationError, match="registered as a co-operative"):
        services.cooperative_create(actor=Actor(person=secretary), organisation=provider, slug="byt", summary="No.")
    with pytest.raises(PermissionDenied):
        services.membership_class_add(actor=Actor(person=PersonFactory()), cooperative=cooperative, name="Staff")
