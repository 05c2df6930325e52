"""Amending a program's quota rule from a date on (`domain.quota_amendments`): the standing agency's
page, linked from the program's quotas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dienhinh.core.errors import NotVisible
from dienhinh.programs.forms import QuotaAmendmentForm
from dienhinh.programs.models import Program
from dienhinh.programs.permissions import may_amend_quotas
from dienhinh.registrations.domain import DomainError, quota_amendments


@login_required
def quota_amend(request, program):
    program = get_object_or_404(Program.objects.select_related("organisation"), code=program)
    if not may_amend_quotas(request.user, program):
        raise Http404
    in_force = list(program.quotas.filter(effective_to__isnull=True).order_by("code"))
    form = QuotaAmendmentForm(request.POST or None, quotas=in_force)
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        replaces = next((q for q in in_force if q.pk == data.get("replaces")), None)
        try:
            quota_amendments.amend_quotas(
                program,
                actor=request.user,
                effective_from=data["effective_from"],
                values=data["values"],
                reason=data["reason"],
                replaces=replaces,
                confirm_submitted=data["confirm_submitted"],
            )
        except NotVisible:
            raise Http404 from None
        except quota_amendments.AlreadySubmitted as exc:
            needs_confirmation = True
            form.add_error("confirm_submitted", str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The quota amendment has been saved."))
            return redirect(reverse("programs:detail", args=[program.code]) + "#quotas")
    return render(
        request,
        "registrations/quota_amend.html",
        {"program": program, "form": form, "needs_confirmation": needs_confirmation},
    )
