"""Background job: the daily application of restructurings whose date has come.

`manage.py apply_restructuring` enqueues it (the daily timer runs that command) or runs it at
once with --now; `make run` starts the worker that runs it."""

import datetime

from django_tasks import task

from dienhinh.orgs import scheduling


@task()
def apply_scheduled_restructuring(today: str | None = None) -> dict[str, int]:
    """Apply the scheduled changes due by `today` (ISO date; now when None), as the operator's
    tool "apply_restructuring"."""
    day = datetime.date.fromisoformat(today) if today else None
    applied, refused = scheduling.apply_due(day)
    return {"applied": applied, "refused": refused}
