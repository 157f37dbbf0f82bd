"""Settings for the test suite: SQLite unless DATABASE_URL names another database."""

from __future__ import annotations

import tempfile
from pathlib import Path

from coopcouncil.config.settings.base import *  # noqa: F403
from coopcouncil.config.settings.base import INSTALLED_APPS, STORAGES

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "coopcouncil.demo"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests only
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
_private = Path(tempfile.mkdtemp(prefix="coopcouncil-test-private-"))
STORAGES = {
    **STORAGES,
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": _private}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None  # type: ignore[assignment]  # served by finders, never collected
