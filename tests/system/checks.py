"""Checks every page a journey visits must pass: axe's WCAG 2.2 AA rules, and error summaries that lead somewhere."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def _describe(violation: dict[str, Any]) -> str:
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"- {violation['id']} ({violation['impact']}): {violation['help']}\n    on: {targets}"


def assert_accessible(page: Page) -> None:
    """No axe violations of WCAG 2.0, 2.1 and 2.2 at levels A and AA.

    Waits for the page's load event first: on a busy machine axe could otherwise run before the
    stylesheet applies and measure unstyled links (target-size).
    """
    page.wait_for_load_state("load")
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations: list[dict[str, Any]] = results.response["violations"]
    assert not violations, f"axe found {len(violations)} problem(s) on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in violations
    )


def assert_error_summary_links_land(page: Page) -> None:
    """Each link in a GOV.UK error summary points at an element on the page (the field to fix)."""
    ids = page.locator('.govuk-error-summary a[href^="#"]').evaluate_all(
        "links => links.map(a => decodeURIComponent(a.hash.slice(1)))"
    )
    missing = [f"#{id_}" for id_ in ids if not page.evaluate("id => document.getElementById(id) !== null", id_)]
    assert not missing, f"error summary links on {page.url} lead nowhere: {missing}"


class VisitTracker:
    """Remembers each page a journey loads, so that none can go unchecked.

    The ``page`` fixture listens for every document load; ``page_check`` marks the page on screen
    as checked. A journey that moves on from a page it did not check (or ends on one) fails, so a
    new journey cannot forget the axe check.
    """

    def __init__(self, page: Page) -> None:
        self.unchecked: list[str] = []
        self._current: str | None = None
        page.on("load", self._loaded)
        _trackers[page] = self

    def _loaded(self, page: Page) -> None:
        if self._current is not None:
            self.unchecked.append(self._current)
        self._current = page.url

    def checked(self) -> None:
        self._current = None

    def pages_never_checked(self) -> list[str]:
        return [*self.unchecked, *([self._current] if self._current is not None else [])]


_trackers: WeakKeyDictionary[Page, VisitTracker] = WeakKeyDictionary()


def visits_of(page: Page) -> VisitTracker:
    return _trackers[page]


def page_check(page: Page) -> None:
    """What every page in a journey must pass."""
    assert_accessible(page)
    assert_error_summary_links_land(page)
    tracker = _trackers.get(page)
    if tracker is not None:
        tracker.checked()
