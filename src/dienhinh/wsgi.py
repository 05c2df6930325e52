"""WSGI entry point for gunicorn: the application, loaded and warmed before it serves."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
application = get_wsgi_application()

if os.environ.get("DIENHINH_WARMUP", "1") != "0":
    from dienhinh.core.warmup import warm

    warm()
