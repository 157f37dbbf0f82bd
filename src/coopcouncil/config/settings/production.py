"""Production: PostgreSQL, secure cookies, HTTPS. Refuses to start without a secret key or a database URL."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from coopcouncil.config.env import env_bool, env_list, env_site_url, env_str
from coopcouncil.config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY set to a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
# Base settings fall back to an embedded SQLite file for development and the demo; in production that
# would quietly keep residents' data in a local file no backup or second web server knows about.
if not env_str("DATABASE_URL", ""):
    raise ImproperlyConfigured(
        "Production needs DATABASE_URL set to the PostgreSQL database "
        "(for example postgres://coopcouncil@db.internal:5432/coopcouncil); "
        "it never falls back to the embedded SQLite database."
    )
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in emails (a parent's consent link, notifications) must reach the real site: the
# development default would send parents to 127.0.0.1. Without the setting, the first named host.
SITE_URL = env_site_url("COOPCOUNCIL_SITE_URL", "")
if not SITE_URL:
    _named_hosts = [host for host in ALLOWED_HOSTS if host and host != "*" and not host.startswith(".")]
    if not _named_hosts:
        raise ImproperlyConfigured(
            "Production needs COOPCOUNCIL_SITE_URL (e.g. https://participate.example.gov.uk) for links in "
            "emails, or a host name in ALLOWED_HOSTS to build it from."
        )
    SITE_URL = f"https://{_named_hosts[0]}"
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("COOPCOUNCIL_SITE_URL must start with https:// in production.")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits and used one-time codes must be shared by every web worker.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": int(env_str("EMAIL_PORT", "587")),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        },
    }
}
