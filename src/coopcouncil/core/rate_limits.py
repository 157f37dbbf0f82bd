"""A fixed-window rate limit kept in the cache (Redis in production), for guessable codes.

django-allauth limits sign-in, sign-up and password resets itself; this covers our own
one-time codes (profile claim codes now, voting codes later).
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address per-address limits count: the one allauth's own limits count.

    allauth reads it from the trusted proxy settings (ALLAUTH_TRUSTED_PROXY_COUNT or
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER) and otherwise REMOTE_ADDR; using its function keeps one rule
    for which X-Forwarded-For entries to trust. An IPv6 address stands for its whole network
    prefix (a /64), as in allauth, because one household or attacker is given millions of them.
    """
    address: str = get_adapter(request).get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{parsed}/{prefix}", strict=False).network_address)
    return address


def rate_limit_exceeded(*, scope: str, key: str, limit: int, period_seconds: int) -> bool:
    """Count one attempt for ``key``; True once more than ``limit`` were made in this window."""
    window = int(time.time() // period_seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rate-limit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start the window again
        cache.set(cache_key, 1, timeout=period_seconds)
        count = 1
    return count > limit
