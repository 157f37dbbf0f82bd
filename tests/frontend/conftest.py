"""Fixtures for the frontend tests: residents with a login, with or without two-factor set up."""

from __future__ import annotations

import pytest

from coopcouncil.accounts.models import User
from tests.frontend.people import make_resident


@pytest.fixture
def resident() -> User:
    return make_resident("resident@example.org")


@pytest.fixture
def resident_with_totp() -> User:
    return make_resident("secured@example.org", with_totp=True)
