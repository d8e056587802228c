"""The WSGI application, for gunicorn (``gunicorn aftersales.wsgi``).

What a first request would otherwise load is loaded here, while the worker boots (or once in
gunicorn's master with ``--preload``, shared by every worker it forks): the URLconf — every
app's views and the whole HTTP API with its schemas — and whatever an app's ``warm()`` method
loads (the tickets' word dictionary). On a busy machine that takes seconds, and a request that
paid for it could outlive the app server's ``--timeout``. No database connection is opened.
"""

import os

from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 — imported now, not on the first request
for config in apps.get_app_configs():
    if hasattr(config, "warm"):
        config.warm()
