"""Meetings in the browser: a resident registers with access needs the organiser then sees, and the
organiser records who came and the minutes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import AccessNeed
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services
from coopcouncil.meetings.models import Attendance, Meeting
from tests.accounts.factories import person_with_login
from tests.accounts.personas import ben
from tests.meetings.factories import meeting_for
from tests.system.page_shape import journey_check
from tests.system.people import SignIn, resident_amara
from tests.system.test_keyboard import tab_to

DUPLICATE_IDS = """() => { const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([id]) => id); }"""


@pytest.mark.browser
def test_a_resident_registers_with_access_needs_and_the_organiser_records_attendance_and_minutes(
    page: Page, signed_in_as: SignIn
) -> None:
    officer = ben()
    meeting = meeting_for(officer)
    kofi = person_with_login(email="kofi@example.org", full_name="Kofi Asante")
    services.registration_make(actor=Actor(person=kofi), meeting=meeting, access_needs=[AccessNeed.STEP_FREE])
    amara = resident_amara()
    signed_in_as(amara)
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    journey_check(page)

    # Registering takes the keyboard alone: no clicks.
    tab_to(page, page.get_by_role("button", name="Register to come"), within=40)  # a link styled as a button
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Register for {meeting.title}")
    journey_check(page)
    expect(page.get_by_label("In person")).to_be_checked()  # the usual answer is chosen already
    bsl = page.get_by_label("British Sign Language interpreter")
    tab_to(page, bsl, within=40)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Translation or interpreting into another language"), within=6)
    page.keyboard.press("Space")
    register = page.get_by_role("button", name="Register", exact=True)
    tab_to(page, register, within=6)  # past the language field, left empty by mistake
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile(r"^Error: "))
    tab_to(page, page.get_by_role("alert").get_by_role("link", name="Say which language you need."), within=40)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Which language, if you need translation or interpreting?")).to_be_focused()
    expect(bsl).to_be_checked()  # what was ticked is kept
    journey_check(page)
    page.keyboard.type("Portuguese")
    tab_to(page, register, within=6)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    expect(page.get_by_role("alert")).to_contain_text("You are registered.")
    expect(page.get_by_text("You are registered to come in person.")).to_be_visible()
    journey_check(page)

    # The day of the meeting: the organiser sees what to arrange, then records who came.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30), ends_at=timezone.now() + timedelta(minutes=90)
    )
    page.context.clear_cookies()
    signed_in_as(officer)
    page.goto(f"/officer/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Organise {meeting.title}")
    expect(page.get_by_text("2 people registered.")).to_be_visible()
    to_arrange = page.get_by_role("table", name="To arrange before the day")
    expect(to_arrange.get_by_role("row", name="British Sign Language interpreter")).to_contain_text("1")
    expect(to_arrange.get_by_role("row", name="Step-free access")).to_contain_text("1")
    expect(to_arrange.get_by_role("row", name="Interpreting into Portuguese")).to_contain_text("1")
    registrations = page.get_by_role("table", name="Registrations")
    expect(registrations.get_by_role("row", name=re.compile("Amara Okafor"))).to_contain_text(
        "British Sign Language interpreter"
    )
    expect(registrations.get_by_role("row", name=re.compile("Amara Okafor"))).to_contain_text("(Portuguese)")
    assert page.evaluate(DUPLICATE_IDS) == []  # each label on this page of forms points at its own field
    journey_check(page)

    page.get_by_label("Who is here?").select_option(label="Amara Okafor")
    page.get_by_role("button", name="Record as here").click()
    expect(page.get_by_role("alert")).to_contain_text("Recorded as here.")
    attendance = page.get_by_role("heading", name="Attendance").locator("+ ul")
    expect(attendance.get_by_role("listitem")).to_have_text([re.compile(r"^Amara Okafor")])
    expect(page.get_by_label("Who is here?").get_by_role("option", name="Amara Okafor")).to_have_count(0)
    journey_check(page)

    page.get_by_role("button", name="Save the minutes").click()  # nothing written yet
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(page.get_by_label("Minutes", exact=True)).to_be_focused()
    journey_check(page)
    page.get_by_label("Minutes", exact=True).fill("We agreed to spend the summer budget on a football tournament.")
    page.get_by_label("Publish the minutes on the meeting's page").check()
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("Minutes saved.")
    expect(page.get_by_text(re.compile(r"^Published on "))).to_be_visible()
    journey_check(page)
    assert Attendance.objects.filter(meeting=meeting, person=amara).exists()

    page.context.clear_cookies()
    signed_in_as(amara)
    page.goto(f"/meetings/{meeting.pk}/")
    minutes = page.get_by_role("heading", name="Minutes").locator("+ div")
    expect(minutes).to_contain_text("a football tournament")
    journey_check(page)
