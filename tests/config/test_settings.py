"""Production settings refuse to start without a secret key or a database, and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SECRET_KEY = "k" * 20 + "-a-long-random-production-secret-for-the-test-only-9f8e7d"


def _run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    unset = {
        "SECRET_KEY",
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "TRUSTED_PROXY_COUNT",
        "TRUSTED_CLIENT_IP_HEADER",
        "COOPCOUNCIL_SITE_URL",
    }
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"DJANGO_SETTINGS_MODULE": "coopcouncil.config.settings.production", **env_overrides})
    return subprocess.run(  # noqa: S603 - our own CLI with fixed arguments
        [sys.executable, "-m", "coopcouncil", *args], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _run({"COOPCOUNCIL_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "Production needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_database_url(tmp_path: Path) -> None:
    """Without DATABASE_URL production stops with a message, rather than quietly using an SQLite file."""
    result = _run({"SECRET_KEY": _SECRET_KEY, "COOPCOUNCIL_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "Production needs DATABASE_URL" in result.stderr
    assert not (tmp_path / "coopcouncil.sqlite3").exists()


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {
        "SECRET_KEY": _SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "COOPCOUNCIL_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "coopcouncil.example",
        **overrides,
    }


_PRINT_PROXY_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
)


def test_the_trusted_proxy_comes_from_the_environment(tmp_path: Path) -> None:
    """Rate limits count the address our proxy saw only when the environment says a proxy is there."""
    unset = _run(_production_env(tmp_path), "shell", "--no-imports", "-c", _PRINT_PROXY_SETTINGS)
    assert unset.stdout.split() == ["0", "None"], unset.stderr
    env = _production_env(tmp_path, TRUSTED_PROXY_COUNT="1", TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    configured = _run(env, "shell", "--no-imports", "-c", _PRINT_PROXY_SETTINGS)
    assert configured.stdout.split() == ["1", "X-Real-IP"], configured.stderr


def test_a_trusted_proxy_count_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    result = _run(_production_env(tmp_path, TRUSTED_PROXY_COUNT="one"), "check")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_production_passes_the_deployment_checks(tmp_path: Path) -> None:
    result = _run(
        _production_env(tmp_path, ALLOWED_HOSTS="coopcouncil.example"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


_PRINT_SITE_URL = ("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)")


def test_production_builds_email_links_from_the_site_address(tmp_path: Path) -> None:
    """A parent's consent link must reach the real site: the setting wins, else the first named host."""
    given = _run(
        _production_env(tmp_path, COOPCOUNCIL_SITE_URL="https://participate.example.gov.uk/"), *_PRINT_SITE_URL
    )
    assert given.stdout.strip() == "https://participate.example.gov.uk", given.stderr
    derived = _run(
        _production_env(tmp_path, ALLOWED_HOSTS=".example.gov.uk,participate.example.gov.uk"), *_PRINT_SITE_URL
    )
    assert derived.stdout.strip() == "https://participate.example.gov.uk", derived.stderr


def test_production_refuses_to_start_without_a_site_address_or_with_a_wrong_one(tmp_path: Path) -> None:
    missing = _run(_production_env(tmp_path, ALLOWED_HOSTS="*"), "check")
    assert missing.returncode != 0 and "Production needs COOPCOUNCIL_SITE_URL" in missing.stderr
    plain_http = _run(_production_env(tmp_path, COOPCOUNCIL_SITE_URL="http://participate.example.gov.uk"), "check")
    assert plain_http.returncode != 0 and "must start with https://" in plain_http.stderr
    with_a_path = _run(_production_env(tmp_path, COOPCOUNCIL_SITE_URL="https://participate.example.gov.uk/x"), "check")
    assert with_a_path.returncode != 0 and "must be a scheme and host" in with_a_path.stderr


def test_production_collects_the_static_files_as_the_readme_says(tmp_path: Path) -> None:
    """The manifest storage refuses a stylesheet that names a file we do not ship."""
    result = _run(_production_env(tmp_path), "collectstatic", "--no-input")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = tmp_path / "static" / "staticfiles.json"
    assert manifest.is_file() and "frontend/coopcouncil.css" in manifest.read_text(encoding="utf-8")
