"""The public verification page of honours: the code printed under a certificate's QR code
answers with the honour as it stands now (in force, or revoked and when). Rate-limited per
address; shows only what the public honour carries (no birth date, no personal identifiers)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dienhinh.core.auth import client_address
from dienhinh.honours.domain.codes import honour_id_of
from dienhinh.honours.models import Honour

WINDOW_SECONDS = 60


def _over_limit(request) -> bool:
    """Counts this address's look-ups in the current minute (in the shared cache)."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"portal:verify:{client_address(request)}:{window}"
    if cache.add(key, 1, WINDOW_SECONDS * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS * 2)
            count = 1
    return count > int(settings.DIENHINH["VERIFY_RATE_LIMIT"])


@require_GET
def verify_form(request):
    """A box to type the code in; a typed code goes to its page."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("portal:verify", code=code[:40])
    return render(request, "portal/verify.html", {"outcome": None})


@require_GET
def verify(request, code):
    if _over_limit(request):
        return render(
            request, "portal/verify.html", {"outcome": "limited", "code": code}, status=429
        )
    honour_id = honour_id_of(code)
    if honour_id is None:
        return render(
            request, "portal/verify.html", {"outcome": "forged", "code": code}, status=404
        )
    honour = (
        Honour.objects.select_related(
            "decision", "decision__program", "exemplar__candidate", "exemplar__organisation"
        )
        .filter(pk=honour_id)
        .first()
    )
    if honour is None:
        return render(
            request, "portal/verify.html", {"outcome": "unknown", "code": code}, status=404
        )
    candidate = honour.exemplar.candidate
    context = {
        "outcome": "revoked" if honour.is_revoked else "valid",
        "code": code.upper(),
        # Only what the certificate itself shows: name, unit, the decision.
        "name": candidate.name,
        "subject_type": candidate.get_subject_type_display(),
        "organisation": honour.exemplar.organisation.name,
        "decision": honour.decision,
        "program": honour.decision.program,
        "revoked_on": honour.revoked_on,
    }
    response = render(request, "portal/verify.html", context)
    response["Cache-Control"] = "no-store"  # a revocation shows at once
    return response
