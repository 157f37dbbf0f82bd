"""Checks of a page's shape that axe's WCAG rules leave out: headings in order, and reflow at 320 px."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.system.checks import page_check

NARROW = {"width": 320, "height": 640}

# GOV.UK puts the error summary's and a notification banner's h2 above the page's h1, by design.
_HEADING_LEVELS = """() => [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
    .filter(h => !h.closest('.govuk-error-summary, .govuk-notification-banner') && h.getClientRects().length)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


def assert_headings_in_order(page: Page) -> None:
    """The main content starts with one h1, and no heading skips a level on the way down."""
    headings: list[list[object]] = page.evaluate(_HEADING_LEVELS)
    levels = [int(str(level)) for level, _text in headings]
    assert levels[:1] == [1] and levels.count(1) == 1, f"{page.url}: one h1 first, got {headings}"
    skips = [
        (text, level)
        for (level, text), before in zip(headings[1:], levels, strict=False)
        if int(str(level)) > before + 1
    ]
    assert not skips, f"{page.url}: headings skip a level at {skips}"


def assert_fits_narrow_screen(page: Page) -> None:
    """At 320 pixels wide nothing but a data table or chart (which WCAG 1.4.10 exempts) is wider than the screen."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        too_wide = page.evaluate(
            """width => [...document.body.querySelectorAll('*')]
                .filter(el => !el.closest('table, svg') && el.getClientRects().length)
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''))""",
            NARROW["width"],
        )
        assert not too_wide, f"{page.url} is wider than {NARROW['width']}px: {too_wide[:10]}"
    finally:
        if size is not None:
            page.set_viewport_size(size)


def journey_check(page: Page) -> None:
    """``page_check`` (axe and error summaries), then headings in order and reflow at 320 px."""
    page_check(page)
    assert_headings_in_order(page)
    assert_fits_narrow_screen(page)
