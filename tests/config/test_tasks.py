"""The same task code runs on the database worker (embedded default) and on Celery with Redis."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from asgiref.local import Local
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings

from coopcouncil.notifications.models import Channel, Notification, NotificationStatus, Topic
from coopcouncil.notifications.tasks import notification_email_send
from tests.accounts.personas import amara
from tests.conftest import missing_dependency


@contextmanager
def tasks_backend(config: dict[str, Any]) -> Iterator[None]:
    """Switch the task backend for one test; Django caches backends, so drop the cache both ways."""

    def reset() -> None:
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    with override_settings(TASKS={"default": config}):
        reset()
        try:
            yield
        finally:
            reset()
    reset()


def _queued_email() -> Notification:
    return Notification.objects.create(
        person=amara(), topic=Topic.NEWS, channel=Channel.EMAIL, subject="Hello", body="A test message"
    )


@pytest.mark.django_db(transaction=True)
def test_database_backend_stores_the_task_and_the_worker_runs_it() -> None:
    notification = _queued_email()
    with tasks_backend({"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}):
        result = notification_email_send.enqueue(notification.pk)
        notification.refresh_from_db()
        assert notification.status == NotificationStatus.QUEUED  # nothing runs until a worker does
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        result.refresh()
        assert result.status.name == "SUCCESSFUL" and result.return_value == "sent"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Hello"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_celery_backend_sends_the_task_through_redis_to_a_worker() -> None:
    import redis

    from coopcouncil.config.celery import app

    try:
        redis.Redis.from_url(app.conf.broker_url).ping()
    except redis.exceptions.ConnectionError:
        missing_dependency("Redis at 127.0.0.1:6379", "apt-get install redis-server, or set REDIS_URL")
    from celery.contrib.testing.worker import start_worker

    notification = _queued_email()
    app.control.purge()  # messages left by an earlier, interrupted run would be consumed first
    celery_config = {
        "BACKEND": "django_tasks_celery.CeleryBackend",
        "OPTIONS": {"CELERY_APP": "coopcouncil.config.celery.app"},
    }
    with tasks_backend(celery_config):
        # Enqueued before the worker starts: the message waits in Redis, as it would in production.
        result = notification_email_send.enqueue(notification.pk)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert app.AsyncResult(result.id).get(timeout=20) == "sent"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
