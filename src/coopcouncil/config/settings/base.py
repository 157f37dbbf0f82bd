"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from coopcouncil.config.env import env_bool, env_int, env_list, env_site_url, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
# Where runtime data (the embedded SQLite database, private uploads) lives by default.
DATA_DIR = Path(env_str("COOPCOUNCIL_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "coopcouncil.core",
    "coopcouncil.accounts",
    "coopcouncil.places",
    "coopcouncil.notifications",
    "coopcouncil.budgeting",
    "coopcouncil.commissioning",
    "coopcouncil.cooperatives",
    "coopcouncil.meetings",
    "coopcouncil.decisions",
    "coopcouncil.frontend",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coopcouncil.accounts.middleware.ActingForMiddleware",
    "coopcouncil.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "coopcouncil.config.urls"
WSGI_APPLICATION = "coopcouncil.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coopcouncil.frontend.context_processors.service",
            ],
        },
    },
]
# Forms render through the frontend app's GOV.UK field templates (ADR 0004).
FORM_RENDERER = "coopcouncil.frontend.forms.GovukFormRenderer"

_DATABASE_URL = env_str("DATABASE_URL", "")
if not _DATABASE_URL:
    # The embedded database lives in DATA_DIR, which a fresh clone does not have yet.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _DATABASE_URL = f"sqlite:///{DATA_DIR / 'coopcouncil.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

# django-allauth: email is the login; the sign-up form also creates the person (accounts.forms).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Lock-out: 5 failed attempts for one email in 15 minutes blocks that email for the rest of the window.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/900s/key",
    "login": "30/m/ip",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_FORMS = {"signup": "coopcouncil.accounts.forms.SignupForm"}
# Every per-address limit (allauth's and core.rate_limits') counts the client's address. Behind a proxy,
# REMOTE_ADDR is the proxy's, so without one of these every visitor would share one limit. Only the
# proxies named here are trusted: an X-Forwarded-For entry a client wrote itself is never read.
# TRUSTED_PROXY_COUNT: how many proxies we run in front of the app (each appends to X-Forwarded-For);
# TRUSTED_CLIENT_IP_HEADER: or a header our proxy sets to the client's address (X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Co-op Council"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("pt", _("Portuguese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private files are never served by the web server: core.views.private_file_download checks access.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Tasks: the embedded default keeps jobs in the database (run by `coopcouncil db_worker`);
# COOPCOUNCIL_TASKS=celery sends the same tasks through Celery and Redis (ADR 0003).
TASKS_BACKEND = env_str("COOPCOUNCIL_TASKS", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "celery":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_celery.CeleryBackend",
            "OPTIONS": {"CELERY_APP": "coopcouncil.config.celery.app"},
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL

MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Co-op Council <no-reply@coopcouncil.invalid>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# How long an officer's acting-for session lasts before it ends by itself.
ACTING_FOR_MINUTES = 30

# Retention of personal data, by kind, in days (docs/privacy.md explains each).
# `coopcouncil retention_enforce` (run nightly) deletes or anonymises what is older.
RETENTION_DAYS = {
    # Closed deletion requests: kept a year as proof the request was handled.
    "data_request_closed": 365,
    # Acting-for sessions: two years, the period for complaints about assisted actions.
    "acting_for_session": 365 * 2,
    # A child's sign-up that no parent answered: removed after 30 days.
    "parental_consent_unanswered": 30,
    # Assisted profiles never claimed and not used: anonymised after three years.
    "unclaimed_assisted_profile": 365 * 3,
    # Sent or failed notifications: one year.
    "notification": 365,
    # Who voted in a budgeting round (the marked register): a year after voting, the person is unlinked.
    "budgeting_register": 365,
}

# Where people reach the platform: links in emails, letters and texts are built from it.
SITE_URL = env_site_url("COOPCOUNCIL_SITE_URL", "http://127.0.0.1:8000")
SERVICE_NAME = env_str("COOPCOUNCIL_SERVICE_NAME", "Co-op Council")
COUNCIL_NAME = env_str("COOPCOUNCIL_COUNCIL_NAME", "London Borough of Lambeth")
SERVICE_PHASE = "beta"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=False)
