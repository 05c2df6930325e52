"""WSGI entry point for gunicorn: the application, loaded and warmed before it serves."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
application = get_wsgi_application()

if os.environ.get("DIENHINH_WARMUP", "1") != "0":
    import gc

    from dienhinh.core.warmup import warm

    warm()
    # What is loaded by now lives as long as the process: kept out of the collector's sweeps,
    # whose full passes would otherwise walk (and, in a forked worker, copy) all of it.
    gc.collect()
    gc.freeze()
