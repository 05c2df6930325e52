"""The notification centre, the preferences page, and the administrator's list of failed e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.notifications import domain, kinds, permissions
from dienhinh.notifications.enums import DeliveryStatus
from dienhinh.notifications.forms import PreferencesForm
from dienhinh.notifications.models import Notification


@login_required
def notification_list(request):
    qs = Notification.objects.filter(user=request.user)
    if request.GET.get("show") == "unread":
        qs = qs.filter(read_at=None)
    page = Paginator(qs.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    rows = [(n, kinds.render(n.kind, n.params)) for n in page]
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "rows": rows, "show": request.GET.get("show", "")},
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to what it speaks of."""
    notification = domain.mark_read(pk, actor=request.user)
    target = notification.url or "notifications:list"
    if notification.url and not url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts=None
    ):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def notification_read(request, pk):
    domain.mark_read(pk, actor=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    marked = domain.mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": marked})
    return redirect("notifications:list")


@login_required
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        channels=domain.channels_of(user),
        initial={"language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        domain.set_preferences(
            actor=user, channels=form.channels(), language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def failed_list(request):
    if not permissions.may_see_failed_sends(request.user):
        raise Http404
    qs = (
        permissions.deliveries_for(request.user)
        .filter(status=DeliveryStatus.FAILED)
        .select_related("user")
        .order_by("-created_at", "-id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/failed_list.html", {"page": page})


@login_required
@require_POST
def failed_retry(request, pk):
    """Send a failed e-mail again (its attempts start over)."""
    delivery = (
        permissions.deliveries_for(request.user).filter(pk=pk, status=DeliveryStatus.FAILED).first()
    )
    if delivery is None:
        raise Http404
    domain.resend(delivery, actor=request.user)
    messages.success(
        request, _("The e-mail to %(address)s is queued again.") % {"address": delivery.address}
    )
    return redirect("notifications:failed_list")
