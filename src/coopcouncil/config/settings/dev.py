"""Local development and the demo: embedded SQLite, console email, debug pages."""

from __future__ import annotations

from coopcouncil.config.env import env_bool, env_str
from coopcouncil.config.settings.base import *  # noqa: F403
from coopcouncil.config.settings.base import INSTALLED_APPS

DEBUG = env_bool("DEBUG", default=True)
# A fixed key is fine here: dev and the demo never hold real data.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
INSTALLED_APPS = [*INSTALLED_APPS, "coopcouncil.demo"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The embedded database lives here; create it on first run so a fresh clone just works.
DATA_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Serve static files straight from the apps, so no collectstatic step is needed in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None  # type: ignore[assignment]  # served by finders, never collected
