from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.accounts.models import org_id_validate, postcode_normalise


@pytest.mark.parametrize("org_id", ["GB-LAE-LBH", "GB-CHC-1190001", "GB-COH-09876543", "GB-MPR-7000001"])
def test_org_ids_from_the_schemes_we_use_are_accepted(org_id: str) -> None:
    org_id_validate(org_id)


@pytest.mark.parametrize(
    ("org_id", "message"),
    [
        ("1190001", "Enter an org-id"),
        ("GB-XYZ-123", "Enter an org-id"),
        ("GB-COH-9876543", "8 characters"),  # a company number lost its leading zero
    ],
)
def test_bad_org_ids_get_a_plain_message(org_id: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        org_id_validate(org_id)


@pytest.mark.parametrize(
    ("raw", "normalised"), [("sw21rw", "SW2 1RW"), (" se27 9aa ", "SE27 9AA"), ("EC1A1BB", "EC1A 1BB")]
)
def test_postcodes_are_normalised(raw: str, normalised: str) -> None:
    assert postcode_normalise(raw) == normalised


@pytest.mark.parametrize("raw", ["", "SW2", "12345", "SW2 1RWX"])
def test_things_that_are_not_postcodes_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="not a UK postcode"):
        postcode_normalise(raw)
