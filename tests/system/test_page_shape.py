"""The page-shape checks themselves: each passes a good page and catches the fault it is for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.system.checks import page_check
from tests.system.page_shape import assert_fits_narrow_screen, assert_headings_in_order


@pytest.mark.browser
def test_the_reflow_check_catches_a_page_wider_than_320_pixels(page: Page) -> None:
    page.goto("/accessibility/")
    page_check(page)
    assert_fits_narrow_screen(page)

    page.evaluate("""() => { const wide = document.createElement('div'); wide.id = 'wide';
        wide.style.width = '600px'; wide.textContent = 'x'; document.querySelector('main').append(wide); }""")
    with pytest.raises(AssertionError, match="div#wide"):
        assert_fits_narrow_screen(page)
    assert page.viewport_size is not None and page.viewport_size["width"] > 320  # put back as it was


@pytest.mark.browser
def test_the_heading_check_catches_a_skipped_level(page: Page) -> None:
    page.goto("/accessibility/")
    page_check(page)
    assert_headings_in_order(page)

    page.evaluate("""() => { const h = document.createElement('h4'); h.textContent = 'Too deep';
        document.querySelector('main h1').after(h); }""")
    with pytest.raises(AssertionError, match="Too deep"):
        assert_headings_in_order(page)
