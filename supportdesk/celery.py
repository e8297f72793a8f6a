"""The Celery application. Its settings live in Django settings under the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")

app = Celery("supportdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers and beat log through Django's LOGGING (one format, and the routine-task filter)."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
