"""Which address a per-address limit counts, with and without the proxy we run in front of the app."""

from __future__ import annotations

from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from coopcouncil.core.rate_limits import client_address, rate_limit_exceeded

# The proxy's own address (what REMOTE_ADDR is in production) and two residents' addresses.
PROXY = "10.0.0.5"
RESIDENT = "198.51.100.23"
OTHER_RESIDENT = "203.0.113.40"


def request_from(remote_addr: str = PROXY, **headers: str) -> HttpRequest:
    return RequestFactory().post("/account/claim/", REMOTE_ADDR=remote_addr, headers=headers)


class ClientAddressTests:
    def test_without_a_trusted_proxy_the_connection_address_counts(self) -> None:
        """X-Forwarded-For is anyone's to write, so with no proxy configured it is ignored."""
        assert client_address(request_from(RESIDENT, x_forwarded_for=OTHER_RESIDENT)) == RESIDENT

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_saw_counts(self) -> None:
        assert client_address(request_from(x_forwarded_for=RESIDENT)) == RESIDENT
        assert client_address(request_from(x_forwarded_for=OTHER_RESIDENT)) == OTHER_RESIDENT

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_entries_a_client_put_in_front_are_ignored(self) -> None:
        """A client that sends its own X-Forwarded-For cannot pick the address it is counted as:
        the proxy appends the address it saw, and only that rightmost entry is read."""
        spoofed = request_from(x_forwarded_for=f"{OTHER_RESIDENT}, 192.0.2.1, {RESIDENT}")
        assert client_address(spoofed) == RESIDENT

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_address_the_outer_one_saw_counts(self) -> None:
        request = request_from(x_forwarded_for=f"{OTHER_RESIDENT}, {RESIDENT}, 10.0.0.9")
        assert client_address(request) == RESIDENT

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_a_request_that_did_not_come_through_the_proxy_counts_its_connection(self) -> None:
        assert client_address(request_from(RESIDENT)) == RESIDENT

    @override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    def test_a_trusted_header_names_the_client(self) -> None:
        request = request_from(x_real_ip=RESIDENT, x_forwarded_for=OTHER_RESIDENT)
        assert client_address(request) == RESIDENT

    def test_an_ipv6_client_counts_as_its_whole_network(self) -> None:
        """Anyone on IPv6 has a /64 of addresses; counting each one apart would let them rotate."""
        first = client_address(request_from("2001:db8:1:2::1"))
        second = client_address(request_from("2001:db8:1:2:ffff::9"))
        elsewhere = client_address(request_from("2001:db8:1:3::1"))
        assert first == second == "2001:db8:1:2::"
        assert elsewhere != first


class RateLimitExceededTests:
    def test_the_attempt_after_the_limit_is_refused_and_other_keys_are_not(self) -> None:
        results = [rate_limit_exceeded(scope="test", key=RESIDENT, limit=3, period_seconds=60) for _ in range(4)]
        assert results == [False, False, False, True]
        assert not rate_limit_exceeded(scope="test", key=OTHER_RESIDENT, limit=3, period_seconds=60)
        assert not rate_limit_exceeded(scope="other-scope", key=RESIDENT, limit=3, period_seconds=60)
