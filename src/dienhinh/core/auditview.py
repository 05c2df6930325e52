"""How the audit trail reads to people: words for every action and field, values as users
write them (dd/mm/yyyy, Có/Không, names, state names). Display only: the stored entries (and
their hash chain) are never touched.

Action words: those of the transition machines (`transitions.label`), else `ACTIONS`; an
administrator's change through the admin ("admin.<model>.<verb>") is named after the model.
Field words: `FIELDS`, else the verbose name of the entry's model field. Values: a model field
with choices shows the choice's name; a date or time in ISO form shows dd/mm/yyyy (HH:MM in
local time); true/false show Có/Không; a recorded object ({"id", "repr"}) shows its name.
"""

import datetime
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core import transitions
from dienhinh.core.models import AuditEntry

ACTIONS = {
    "admin.user.password": _("Administration: password changed"),
    "api_token.create": _("Access token created"),
    "api_token.revoke": _("Access token revoked"),
    "webhook.create": _("Webhook subscription created"),
    "webhook.update": _("Webhook subscription changed"),
    "webhook.delete": _("Webhook subscription removed"),
    "webhook.redeliver": _("Webhook delivery sent again"),
    "secrets.reseal": _("Stored secrets sealed again with a new key"),
    "candidate.create": _("New candidate"),
    "candidate.update": _("Candidate edited"),
    "candidate.correct": _("Candidate corrected by the standing agency"),
    "candidate.erase": _("Candidate's personal data erased"),
    "candidate.personal_data_export": _("Candidate's personal data exported"),
    "candidate.facts": _("Candidate's facts edited"),
    "candidate.attest": _("Criterion attested by the reviewer"),
    "decision.record": _("Record a decision"),
    "evidence.add": _("Evidence added"),
    "evidence.remove": _("Evidence removed"),
    "exemplar.create": _("Accepted"),
    "hold.place": _("Flag: under discipline, inspection or complaint"),
    "hold.clear": _("Clear the flag"),
    "honour.revoke": _("Revoke the honour"),
    "media_appearance.create": _("Media appearance recorded"),
    "membership.grant": _("Role granted"),
    "membership.revoke": _("Role withdrawn"),
    "organisation.two_factor": _("Roles that sign in with a second factor changed"),
    "two_factor.enable": _("Two-factor sign-in turned on"),
    "two_factor.disable": _("Two-factor sign-in turned off"),
    "two_factor.recovery_codes": _("New recovery codes made"),
    "two_factor.recovery_used": _("Signed in with a recovery code"),
    "user.two_factor_reset": _("Second factor reset by an administrator"),
    "user.create": _("User created"),
    "user.activate": _("User reactivated"),
    "user.deactivate": _("User deactivated"),
    "user.password_link": _("Password reset link made"),
    "user.password_change": _("Password changed by the user"),
    "invitation.create": _("User invited by e-mail"),
    "invitation.resend": _("Invitation sent again"),
    "invitation.revoke": _("Invitation revoked"),
    "invitation.accept": _("Invitation accepted"),
    "user.password_reset": _("Password set with a one-time link"),
    "org.close": _("Organisation closed"),
    "org.create": _("Organisation created"),
    "org.load_admin_units": _("Administrative units loaded"),
    "org.merge": _("Organisations merged"),
    "org.move": _("Organisation moved"),
    "org.rename": _("Organisation renamed"),
    "org.schedule": _("Organisation change scheduled"),
    "org.schedule_cancel": _("Scheduled organisation change cancelled"),
    "org.update": _("Organisation edited"),
    "org.succession.add": _("Successor named"),
    "org.succession.change": _("Succession changed"),
    "org.succession.remove": _("Succession removed"),
    "program.copy": _("Program copied"),
    "program.load": _("Program loaded from its document"),
    "program.import": _("Program's record imported from an export"),
    "program.update": _("Program edited"),
    "program.criterion.amend": _("Criterion amended"),
    "program.criterion.correct": _("Criterion corrected"),
    "program.field.rename": _("Field renamed"),
    "program.quota.create": _("Quota added"),
    "program.quota.update": _("Quota edited"),
    "program.quota.delete": _("Quota removed"),
    "program.quota.amend": _("Quota amended from a date"),
    "program.quota.end": _("Quota replaced by an amendment"),
    "program.milestone.create": _("Milestone added"),
    "program.milestone.update": _("Milestone edited"),
    "program.milestone.delete": _("Milestone removed"),
    "registration.create": _("New registration"),
    "registration.update": _("Registration edited"),
    "review.create": _("Create the rounds from the milestones"),
    "review.shortlist": _("Add to the shortlist"),
    "review.send": _("Send the typical exemplars up"),
    "exemplar.learning": _("Learning visit recorded"),
    "signed_file.add": _("Signed file added"),
    "spending.add": _("Record spending"),
    "story.publish": _("Story published"),
    "story.unpublish": _("Story withdrawn from the portal"),
    "story.save": _("Story saved"),
    "user.create_superuser": _("Superuser created"),
    "notification.resend": _("Failed e-mail sent again"),
    "vote.session_create": _("New vote session"),
    "vote.candidates_add": _("Put exemplars to the vote"),
    "vote.participate": _("Took part in the vote"),
    "vote.written_opinion": _("Written opinion of an absent member"),
    "vote.paper_count": _("Counting committee's totals entered"),
    "vote.attendance": _("Attendance roll of the meeting"),
    "vote.paper_count_correct": _("Paper ballot's totals corrected"),
    "vote.session_close": _("Close the vote"),
}

FIELDS = {
    "state": _("State"),
    "status": _("Status"),
    "exemplars": _("Exemplars"),
    "overridden": _("Commended by override"),
    "decision": _("Decision"),
    "recognised_on": _("Recognition date"),
    "hold": _("Flag"),
    "is_revoked": _("Revoked"),
    "typical": _("Typical"),
    "criterion": _("Criterion"),
    "attested": _("Attested"),
    "evidence": _("Evidence relied on"),
    "program": _("Program"),
    "organisation": _("Organisation"),
    "year": _("Year"),
    "name": _("Name"),
    "date": _("Date"),
    "kind": _("Kind"),
    "amount": _("Amount (VND)"),
    "event": _("Change"),
    "effective_on": _("Effective date"),
    "new_name": _("New name"),
    "target": _("Target organisation"),
}

ADMIN_VERBS = {"add": _("added"), "change": _("changed"), "delete": _("deleted")}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def action_label(action: str) -> str:
    word = transitions.label(action)
    if str(word) != action:
        return str(word)
    if action in ACTIONS:
        return str(ACTIONS[action])
    parts = action.split(".")
    if parts[0] == "admin" and len(parts) == 3:
        return str(_("Administration: %(model)s %(verb)s")) % {
            "model": parts[1],
            "verb": ADMIN_VERBS.get(parts[2], parts[2]),
        }
    return action


def _model_field(entry: AuditEntry, key: str) -> Any:
    if not entry.object_type_id:
        return None
    # Loaded with the entry (select_related), else from the content-type cache.
    content_type = entry._state.fields_cache.get("object_type") or ContentType.objects.get_for_id(
        entry.object_type_id
    )
    model = content_type.model_class()
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


def field_label(entry: AuditEntry, key: str) -> str:
    if key in FIELDS:
        return str(FIELDS[key])
    field = _model_field(entry, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name).capitalize()
    return key.replace("_", " ").capitalize()


def value_text(entry: AuditEntry, key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        if "repr" in value:
            return str(value["repr"])
        return ", ".join(f"{k}: {value_text(entry, k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(value_text(entry, key, v) for v in value)
    field = _model_field(entry, key)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if key in ("state", "status"):
        for model_key in ("state", "status"):
            f = _model_field(entry, model_key)
            if f is not None and getattr(f, "choices", None):
                return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, str) and ISO_TIME.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field words, value before, value after) of one entry, in the order recorded."""
    rows = []
    for key, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append(
            (field_label(entry, key), value_text(entry, key, before), value_text(entry, key, after))
        )
    return rows
