"""WSGI entry point for gunicorn: ``gunicorn coopcouncil.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopcouncil.config.settings.production")
application = get_wsgi_application()
