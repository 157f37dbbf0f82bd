from __future__ import annotations

from coopcouncil.core.links import absolute_url


def test_a_path_becomes_a_link_on_the_site_address(settings) -> None:
    """Emails and letters are read away from the site, so their links carry its address."""
    settings.SITE_URL = "https://participate.example.gov.uk"
    assert absolute_url("/parental-consent/abc/") == "https://participate.example.gov.uk/parental-consent/abc/"
    assert absolute_url("communities/") == "https://participate.example.gov.uk/communities/"


def test_a_link_that_is_already_absolute_is_kept(settings) -> None:
    settings.SITE_URL = "https://participate.example.gov.uk"
    assert absolute_url("https://www.lambeth.gov.uk/") == "https://www.lambeth.gov.uk/"
