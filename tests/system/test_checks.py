"""The browser suite's own guard: a page a journey loads but never checks is reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.system.checks import page_check, visits_of


@pytest.mark.browser
def test_pages_loaded_without_a_check_are_reported_until_checked(page: Page, live_server: object) -> None:
    page.goto("/accessibility/")
    page.goto("/cookies/")
    visits = visits_of(page)
    assert [url.removeprefix(str(live_server)) for url in visits.pages_never_checked()] == [
        "/accessibility/",
        "/cookies/",
    ]

    page_check(page)
    assert [url.removeprefix(str(live_server)) for url in visits.pages_never_checked()] == ["/accessibility/"]
    visits.unchecked.clear()  # the journey itself checked what it needed; let the fixture pass
