"""Load before serving what Django and the libraries otherwise load on a worker's first request.

Called by `dienhinh.wsgi` once the application is set up (so never by a management command). With
gunicorn's `--preload` (the Makefile and deploy/gunicorn.conf.py) it runs once in the master and
every worker, restarts included, starts from the loaded copy.
"""

import contextlib
import importlib
import logging
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

# Imported by the pages only when a PDF is made (its import takes about a second).
LIBRARIES = ["weasyprint"]


def warm() -> float:
    """Load the URL patterns, the translation catalogues, the project's templates (compiled into
    the cached loader), the form widgets' templates and the document libraries; seconds taken."""
    started = time.perf_counter()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sign in")
            resolver.reverse_dict  # noqa: B018 - built per language on first use
    _templates()
    _widgets()
    for name in LIBRARIES:
        with contextlib.suppress(ImportError):  # missing: its pages will say so
            importlib.import_module(name)
    connections.close_all()  # nothing opened here may be shared with forked workers
    return time.perf_counter() - started


def _templates() -> None:
    package = Path(__file__).resolve().parent.parent
    for engine in engines.all():
        if engine.name != "django":
            continue
        for folder in sorted(package.glob("**/templates")):
            for path in sorted(folder.rglob("*.html")):
                try:
                    engine.get_template(str(path.relative_to(folder)))
                except (TemplateDoesNotExist, TemplateSyntaxError) as error:
                    logger.warning("template not loaded ahead: %s (%s)", path, error)


class _Sample(forms.Form):
    text = forms.CharField()
    number = forms.IntegerField()
    choice = forms.ChoiceField(choices=[("a", "a")])
    flag = forms.BooleanField()
    day = forms.DateField()
    note = forms.CharField(widget=forms.Textarea)
    upload = forms.FileField()
    many = forms.MultipleChoiceField(choices=[("a", "a")], widget=forms.CheckboxSelectMultiple)


def _widgets() -> None:
    str(_Sample())
