from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from coopcouncil.core.views import error_400, error_403, error_500

pytestmark = pytest.mark.django_db


def test_not_found_uses_the_service_layout(client: Client) -> None:
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "govuk-skip-link" in html


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (error_400, 400, "Sorry, there is a problem with your request"),
        (error_403, 403, "You cannot see this page"),
        (error_500, 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_explain_in_plain_words(view, status: int, heading: str) -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == status
    assert heading in response.content.decode()
