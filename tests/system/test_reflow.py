"""The reflow check itself: it passes a page that fits 320 pixels and catches one that does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.system.checks import page_check
from tests.system.reflow import assert_fits_narrow_screen


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
