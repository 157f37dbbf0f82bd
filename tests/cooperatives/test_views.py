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
