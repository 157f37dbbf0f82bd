"""Shared test set-up: what the machine lacks skips on a laptop and fails in CI.

Tests that need something a newcomer may not have (Chromium, PostgreSQL, Redis, ../shared)
call ``missing_dependency(...)``: it skips with a message saying what to install, and with
``CI=true`` it fails instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The one setting that says where ../shared (domain notes, Pabulib files, schemas) lives.
SHARED_DIR = Path(os.environ.get("COOPCOUNCIL_SHARED_DIR", Path(__file__).resolve().parents[1].parent / "shared"))


def missing_dependency(what: str, how_to_install: str) -> None:
    message = f"{what} is not available: {how_to_install}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)")
    pytest.skip(message)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        missing_dependency(f"The shared folder {SHARED_DIR}", "set COOPCOUNCIL_SHARED_DIR or check out ../shared")
    return SHARED_DIR


# Tests that never touch a database (the allocation library): CI runs them once, not once per database.
DATABASE_FREE_DIRS = (Path(__file__).resolve().parent / "allocation",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the database-free tests; PostgreSQL-only tests skip on SQLite with a reason."""
    for item in items:
        if any(item.path.is_relative_to(directory) for directory in DATABASE_FREE_DIRS):
            item.add_marker(pytest.mark.database_free)
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (see README)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    skipped = terminalreporter.stats.get("skipped", [])
    postgres_skips = [r for r in skipped if "postgres" in getattr(r, "keywords", {})]
    if postgres_skips:
        terminalreporter.write_line(f"{len(postgres_skips)} PostgreSQL tests skipped on PostgreSQL", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On PostgreSQL, a skipped PostgreSQL test fails the run (the check the marker exists for)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    skipped = reporter.stats.get("skipped", [])
    if any("postgres" in getattr(r, "keywords", {}) for r in skipped):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def on_postgres() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and used TOTP codes live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
