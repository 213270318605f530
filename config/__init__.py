# The Celery app is loaded with Django, so that the web process's nudges (messaging.services
# .worker_nudge) publish through the configured broker (config/celery.py).
from config.celery import app as celery_app

__all__ = ["celery_app"]
