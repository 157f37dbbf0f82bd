from __future__ import annotations

import pytest
from django.test import Client

from coopcouncil.core.actors import Actor
from coopcouncil.places.services import borough_load
from tests.places.test_services import lambeth

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough() -> None:
    borough_load(actor=Actor.system(), data=lambeth())


class CommunityPagesTests:
    def test_list_groups_communities_by_kind(self, client: Client, borough: None) -> None:
        html = client.get("/communities/").content.decode()
        for heading in ("The whole borough", "A ward", "A neighbourhood", "An issue that brings people together"):
            assert heading in html
        assert "Brixton Windrush" in html and "Youth services" in html

    def test_community_page_lists_its_wards_and_marks_inferred_codes(self, client: Client, borough: None) -> None:
        html = client.get("/communities/brixton/").content.decode()
        assert "Brixton North" in html and "E05014096" in html and "inferred" in html
        assert "Sign in to follow this community" in html

    def test_unknown_community_is_not_found(self, client: Client, borough: None) -> None:
        assert client.get("/communities/atlantis/").status_code == 404

    def test_list_page_makes_a_fixed_number_of_queries(
        self, client: Client, borough: None, django_assert_max_num_queries
    ) -> None:
        with django_assert_max_num_queries(8):
            client.get("/communities/")


class ApiTests:
    def test_health(self, client: Client) -> None:
        body = client.get("/api/v1/health").json()
        assert body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"}

    def test_communities_with_their_ward_codes(self, client: Client, borough: None) -> None:
        communities = client.get("/api/v1/communities").json()
        brixton = next(c for c in communities if c["slug"] == "brixton")
        assert brixton == {
            "slug": "brixton",
            "name": "Brixton",
            "kind": "neighbourhood",
            "summary": "Brixton's four wards, around the market and Windrush Square.",
            "parent": "lambeth",
            "wards": ["E05014095", "E05014096", "E05014097", "E05014098"],
        }
        issues = client.get("/api/v1/communities?kind=issue").json()
        assert {c["kind"] for c in issues} == {"issue"}
        assert client.get("/api/v1/communities/atlantis").status_code == 404

    def test_wards_on_a_date(self, client: Client, borough: None) -> None:
        assert len(client.get("/api/v1/wards").json()) == 25
        assert len(client.get("/api/v1/wards?on=2015-06-01").json()) == 21
        assert len(client.get("/api/v1/wards?include_past=true").json()) == 46
        assert client.get("/api/v1/wards?on=yesterday").status_code == 422

    def test_openapi_document_describes_the_resources(self, client: Client) -> None:
        schema = client.get("/api/v1/openapi.json").json()
        assert schema["info"]["title"] == "Co-op Council API"
        assert {"/api/v1/health", "/api/v1/communities", "/api/v1/wards"} <= set(schema["paths"])
