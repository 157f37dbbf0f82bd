"""A fixed-window rate limit kept in the cache (Redis in production), for guessable codes.

django-allauth limits sign-in, sign-up and password resets itself; this covers our own
one-time codes (profile claim codes now, voting codes later).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


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
