"""Links that work outside the site: in emails, letters and texts."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``settings.SITE_URL`` and ``path``; a link that is already absolute is returned as it is.

    Pages use relative links, but a message read in an email program has no site to be relative
    to, so everything sent out goes through here.
    """
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"
