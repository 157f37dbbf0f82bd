"""The Celery app used when COOPCOUNCIL_TASKS=celery; tasks themselves are Django tasks."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopcouncil.config.settings.dev")

app = Celery("coopcouncil")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Importing each app's tasks module registers its Django tasks with Celery.
app.autodiscover_tasks()
