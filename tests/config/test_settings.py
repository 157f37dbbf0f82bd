"""Production settings refuse to start without a secret key or a database, and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SECRET_KEY = "k" * 20 + "-a-long-random-production-secret-for-the-test-only-9f8e7d"


def _run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
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


def test_production_passes_the_deployment_checks(tmp_path: Path) -> None:
    result = _run(
        {
            "SECRET_KEY": _SECRET_KEY,
            "ALLOWED_HOSTS": "coopcouncil.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "COOPCOUNCIL_DATA_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
