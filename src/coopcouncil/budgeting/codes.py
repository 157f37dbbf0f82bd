"""Receipts and voting codes: short, unambiguous, typed by hand, and only ever stored hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# Letters and digits that cannot be confused when read aloud or written down (no 0, O, 1, I or L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _grouped(characters: str) -> str:
    return "-".join(characters[i : i + 4] for i in range(0, len(characters), 4))


def code_new(length: int = 16) -> str:
    """e.g. 'K7QM-3XHP-WN2D-8RTF': 16 characters carry about 79 bits."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(length)))


def code_normalise(text: str) -> str:
    """What was typed, in the printed form: upper case and grouped, whatever spaces or dashes were used."""
    return _grouped("".join(ch for ch in text.upper() if ch.isalnum()))


def code_hash(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode()).hexdigest()


def paper_receipt(round_id: int, serial: int) -> str:
    """The receipt printed on a ballot paper's tear-off slip, derived from its serial with a secret.

    Officers entering the paper never see it; the voter keeps the slip and can later look up
    their ballot online like anyone else.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"paper:{round_id}:{serial}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:10], "big")
    characters = []
    for _ in range(16):
        number, index = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[index])
    return _grouped("".join(characters))
