"""Reflow (WCAG 1.4.10): a page read at 320 CSS pixels wide needs no scrolling sideways."""

from __future__ import annotations

from playwright.sync_api import Page

NARROW = {"width": 320, "height": 640}


def assert_fits_narrow_screen(page: Page) -> None:
    """At 320 pixels wide nothing but a data table (which the criterion exempts) is wider than the screen.

    Tables sit in their own scrolling wrapper in GOV.UK Frontend only when a service adds one, so
    they are measured apart: what is checked is the page itself and every element outside a table.
    """
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
