"""The co-operative's pages: joining, the applicant's status, leaving, and the secretary's register."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives.models import ApplicationStatus, Member, MembershipApplication
from tests.accounts.factories import person_with_login
from tests.cooperatives.factories import born, class_named, youth_cooperative
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def test_a_young_person_joins_from_the_page_and_the_secretary_approves() -> None:
    cooperative, secretary = youth_cooperative()
    young = person_with_login(email="kemi@example.org", date_of_birth=born(15, timezone.localdate()), birth_year=None)
    client = signed_in(young)
    page = Page(client.get(cooperative.get_absolute_url()).content.decode())
    assert "Aged 5 to 19." in page.main.text and "Become a member" in page.main.text

    join_url = f"/cooperatives/{cooperative.slug}/join/"
    young_people = class_named(cooperative, "Young people")
    missed = client.post(join_url, {"membership_class": young_people.pk, "statement": "I run a football team."})
    missed_page = Page(missed.content.decode())
    assert "tick the box to say you do" in missed_page.main.text and not missed_page.broken_error_summary_links()
    # What they typed is still there.
    assert "I run a football team." in missed_page.main.text
    response = client.post(
        join_url, {"membership_class": young_people.pk, "supports_aims": "on", "statement": "I run a football team."}
    )
    assert response.status_code == 302
    assert "You applied on" in Page(client.get(cooperative.get_absolute_url()).content.decode()).main.text

    officer = signed_in(secretary)
    register = Page(officer.get(f"/officer/cooperatives/{cooperative.slug}/members/").content.decode())
    assert young.full_name in register.main.text
    application = MembershipApplication.objects.get(person=young)
    decide_url = f"/officer/cooperatives/{cooperative.slug}/applications/{application.pk}/"
    refused_blank = Page(officer.post(decide_url, {"decision": "refuse"}).content.decode())
    assert "Say why the application is refused" in refused_blank.main.text
    assert officer.post(decide_url, {"decision": "approve"}).status_code == 302
    member = Member.objects.get(person=young)
    assert member.member_number == 1
    text = Page(client.get(cooperative.get_absolute_url()).content.decode()).main.text
    assert "You are member number 1 (Young people)" in text


def test_a_member_leaves_and_the_register_still_shows_them_among_former_members() -> None:
    cooperative, secretary = youth_cooperative()
    adult = person_with_login(email="sam@example.org", date_of_birth=born(35, timezone.localdate()), birth_year=None)
    client = signed_in(adult)
    client.post(
        f"/cooperatives/{cooperative.slug}/join/",
        {"membership_class": class_named(cooperative, "Community").pk, "supports_aims": "on"},
    )
    application = MembershipApplication.objects.get(person=adult)
    signed_in(secretary).post(
        f"/officer/cooperatives/{cooperative.slug}/applications/{application.pk}/", {"decision": "approve"}
    )
    assert client.post(f"/cooperatives/{cooperative.slug}/leave/", {"note": ""}).status_code == 302
    officer = signed_in(secretary)
    current = Page(officer.get(f"/officer/cooperatives/{cooperative.slug}/members/").content.decode()).main.text
    everyone = Page(
        officer.get(f"/officer/cooperatives/{cooperative.slug}/members/?show=all").content.decode()
    ).main.text
    assert adult.full_name not in current.split("Register of members")[1]
    assert adult.full_name in everyone and "Resigned" in everyone


def test_an_applicant_can_withdraw_and_others_cannot_see_the_register() -> None:
    cooperative, _secretary = youth_cooperative()
    young = person_with_login(
        email="tola@example.org", date_of_birth=born(12 + 2, timezone.localdate()), birth_year=None
    )
    client = signed_in(young)
    client.post(
        f"/cooperatives/{cooperative.slug}/join/",
        {"membership_class": class_named(cooperative, "Young people").pk, "supports_aims": "on"},
    )
    assert client.post(f"/cooperatives/{cooperative.slug}/application/withdraw/").status_code == 302
    assert MembershipApplication.objects.get(person=young).status == ApplicationStatus.WITHDRAWN
    assert client.get(f"/officer/cooperatives/{cooperative.slug}/members/").status_code == 403
    assert Client().get(f"/officer/cooperatives/{cooperative.slug}/members/").status_code == 302


def test_the_secretary_records_income_and_the_public_page_shows_the_total() -> None:
    cooperative, secretary = youth_cooperative()
    office = signed_in(secretary)
    url = f"/officer/cooperatives/{cooperative.slug}/income/"
    missing = Page(office.post(url, {"source": "Trust for London", "amount_pence": ""}).content.decode())
    assert missing.error_summary_links() and "Trust for London" in missing.html
    response = office.post(
        url,
        {
            "source": "Trust for London",
            "amount_pence": "12,500",
            "received_on_day": "1",
            "received_on_month": "2",
            "received_on_year": "2027",
        },
    )
    assert response.status_code == 302
    assert (
        "it has raised £12,500 from other sources"
        in Page(Client().get(cooperative.get_absolute_url()).content.decode()).main.text
    )


def test_the_secretary_records_leaving_and_an_expulsion_through_the_register() -> None:
    from datetime import date, timedelta

    from coopcouncil.cooperatives import services
    from coopcouncil.core.actors import Actor

    cooperative, secretary = youth_cooperative()
    people = [
        person_with_login(email=f"m{n}@example.org", date_of_birth=born(30, timezone.localdate()), birth_year=None)
        for n in range(2)
    ]
    members = []
    for person in people:
        application = services.application_submit(
            actor=Actor(person=person), membership_class=class_named(cooperative, "Community"), supports_aims=True
        )
        services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
        members.append(Member.objects.get(application=application))
    office = signed_in(secretary)
    url = f"/officer/cooperatives/{cooperative.slug}/members/{members[0].pk}/"
    missing = Page(office.post(url, {"form": "leaving", "leaving-reason": "no_longer_eligible"}).content.decode())
    assert missing.error_summary_links() and not missing.broken_error_summary_links()
    today = timezone.localdate()
    response = office.post(
        url,
        {
            "form": "leaving",
            "leaving-reason": "no_longer_eligible",
            "leaving-on_day": today.day,
            "leaving-on_month": today.month,
            "leaving-on_year": today.year,
            "leaving-note": "Moved to Leeds.",
        },
    )
    assert response.status_code == 302
    members[0].refresh_from_db()
    assert members[0].leaving_reason == "no_longer_eligible"

    url = f"/officer/cooperatives/{cooperative.slug}/members/{members[1].pk}/"
    notice_on, meeting_on = date(2027, 3, 1), date(2027, 3, 10)

    def parts(prefix: str, name: str, day: date) -> dict[str, int]:
        return {f"{prefix}-{name}_day": day.day, f"{prefix}-{name}_month": day.month, f"{prefix}-{name}_year": day.year}

    too_soon = office.post(
        url,
        {
            "form": "notice",
            "notice-reasons": "Harassed members.",
            **parts("notice", "notice_given_on", notice_on),
            **parts("notice", "meeting_on", meeting_on),
        },
    )
    assert "at least 21 days" in Page(too_soon.content.decode()).main.text
    meeting_on = notice_on + timedelta(days=25)
    office.post(
        url,
        {
            "form": "notice",
            "notice-reasons": "Harassed members.",
            **parts("notice", "notice_given_on", notice_on),
            **parts("notice", "meeting_on", meeting_on),
        },
    )
    office.post(
        url,
        {
            "form": "hearing",
            **parts("hearing", "heard_on", meeting_on),
            "hearing-representations": "",
            "hearing-votes_for": "30",
            "hearing-votes_against": "5",
            "hearing-abstentions": "2",
        },
    )
    members[1].refresh_from_db()
    assert members[1].leaving_reason == "expelled"


def test_the_secretary_adds_a_kind_of_member_and_sets_the_target() -> None:
    cooperative, secretary = youth_cooperative()
    office = signed_in(secretary)
    url = f"/officer/cooperatives/{cooperative.slug}/settings/"
    clash = Page(office.post(url, {"form": "class", "class-name": "Young people"}).content.decode())
    assert "already has a class with that name" in clash.main.text
    office.post(url, {"form": "class", "class-name": "Staff", "class-minimum_age": "18"})
    office.post(
        url,
        {
            "form": "target",
            "target-target": "1000",
            "target-by_day": "1",
            "target-by_month": "4",
            "target-by_year": "2028",
        },
    )
    cooperative.refresh_from_db()
    assert cooperative.classes.filter(name="Staff", minimum_age=18).exists() and cooperative.membership_target == 1000
    assert (
        "The target is 1,000 members by 1 April 2028."
        in Page(Client().get(cooperative.get_absolute_url()).content.decode()).main.text
    )
