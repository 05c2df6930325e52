"""A superuser created outside the admin (`createsuperuser`, a script) is audited too."""

from typing import Any

from django.db.models.signals import post_save

from dienhinh.core import audit
from dienhinh.core.models import User

_SECRET = {"password", "last_login"}


def _superuser_created(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    if created and instance.is_superuser and not kwargs.get("raw"):
        fields = [f.name for f in User._meta.concrete_fields if f.name not in _SECRET]
        after = audit.snapshot(instance, fields)
        audit.record("user.create_superuser", instance, actor="createsuperuser", after=after)


def connect() -> None:
    post_save.connect(_superuser_created, sender=User, dispatch_uid="audit-superuser-created")
