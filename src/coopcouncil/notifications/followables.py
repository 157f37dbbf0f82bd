"""Which kinds of thing can be followed, registered by the app that owns them (AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

FollowableLookup = Callable[[str], models.Model]
_followables: dict[str, FollowableLookup] = {}


def followable_register(kind: str, lookup: FollowableLookup) -> None:
    _followables[kind] = lookup


def followable_get(kind: str, key: str) -> models.Model:
    """Find the thing to follow; raises LookupError for an unknown kind or key."""
    lookup = _followables.get(kind)
    if lookup is None:
        raise LookupError(f"{kind!r} cannot be followed.")
    try:
        return lookup(key)
    except models.ObjectDoesNotExist as error:
        raise LookupError(f"No {kind} {key!r}.") from error
