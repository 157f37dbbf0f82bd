"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded: Playwright launches the system Chromium at ``/usr/bin/chromium``
(``COOPCOUNCIL_CHROMIUM`` names another). Without it the tests skip on a laptop and fail in CI
(``missing_dependency``).

The browser starts once for the suite; each test gets a fresh context (no cookies, no storage), so
journeys cannot leak a signed-in session into each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from coopcouncil.accounts.models import Person
from coopcouncil.core.actors import Actor
from coopcouncil.places.services import borough_load
from tests.conftest import missing_dependency
from tests.places.test_services import lambeth
from tests.system.checks import VisitTracker
from tests.system.people import SignIn

CHROMIUM = Path(os.environ.get("COOPCOUNCIL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Local pages answer in milliseconds; a locator still waiting after this is a failure, not a slow page.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole browser suite, closed as soon as the suite is done.

    Playwright's sync API leaves its event loop *running* in this thread between calls, so Django's
    ORM would refuse ("SynchronousOnlyOperation") to set up data in the tests. The tests are
    synchronous code, so DJANGO_ALLOW_ASYNC_UNSAFE allows it, but only while the browser is up.
    Package scope rather than session scope, because pytest-django runs these (transactional)
    tests before the tests without a database: with a session-scoped browser the loop and the
    variable would outlive the suite, and leak into those tests and the processes they start
    (``manage.py check --deploy`` fails on the variable, async.E001).
    """
    if not CHROMIUM.is_file():
        missing_dependency("Chromium", "apt-get install chromium")
    allow_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if allow_async_unsafe is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_async_unsafe


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[_JOURNEY_PASSED] = report.passed
    return report


_JOURNEY_PASSED = pytest.StashKey[bool]()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[Page]:
    """A new tab in a new context, with relative URLs resolved against the live server.

    Every page the journey loads must go through ``page_check`` (axe and error summaries)
    before the journey moves on or ends; a journey that passed otherwise fails here.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    visits = VisitTracker(page)
    yield page
    context.close()
    if request.node.stash.get(_JOURNEY_PASSED, False):
        never_checked = visits.pages_never_checked()
        assert not never_checked, f"pages loaded without page_check (axe): {never_checked}"


@pytest.fixture
def signed_in_as(page: Page, live_server: LiveServer) -> SignIn:
    """Signs a person in without the sign-in pages, for journeys about something else.

    Django's test client makes the session and the browser gets its cookie. For staff that is
    enough: StaffTwoFactorMiddleware only asks that the login *has* a second factor set up
    (``is_mfa_enabled``); it is allauth's login flow, tested in its own journey, that asks for the code.
    """

    def sign_in(person: Person) -> None:
        assert person.user is not None, f"{person} has no login"
        client = Client()
        client.force_login(person.user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                    "httpOnly": True,
                }
            ]
        )

    return sign_in


@pytest.fixture
def lambeth_borough(transactional_db: None) -> None:
    """Lambeth's wards and communities, as the demo loads them."""
    borough_load(actor=Actor.system(), data=lambeth())
