"""Pages of an organisation's webhooks: subscriptions, and the log of deliveries with "send
again". Its administrators only; anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.api import permissions
from dienhinh.api.domain import ApiError, webhooks
from dienhinh.api.forms import WebhookForm
from dienhinh.api.models import WebhookDelivery, WebhookSubscription
from dienhinh.orgs.queries import scope_q
from dienhinh.orgs.roles import ADMINISTRATORS


def _subscriptions(user):
    return WebhookSubscription.objects.filter(
        scope_q(user, "organisation", ADMINISTRATORS)
    ).select_related("organisation")


@login_required
def webhook_list(request):
    if not permissions.may_administer_somewhere(request.user):
        raise Http404
    organisations = permissions.administered_organisations(request.user)
    form = WebhookForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.create_subscription(actor=request.user, **form.cleaned_data)
        except ApiError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The subscription has been saved."))
            return redirect("api:webhook_list")
    subscriptions = _subscriptions(request.user)
    deliveries = WebhookDelivery.objects.filter(subscription__in=subscriptions).select_related(
        "subscription"
    )[:50]
    return render(
        request,
        "api/webhook_list.html",
        {"form": form, "subscriptions": subscriptions, "deliveries": deliveries},
    )


@login_required
@require_POST
def webhook_delete(request, pk):
    subscription = get_object_or_404(_subscriptions(request.user), pk=pk)
    webhooks.delete_subscription(subscription, actor=request.user)
    messages.success(request, _("The subscription has been removed."))
    return redirect("api:webhook_list")


@login_required
@require_POST
def delivery_resend(request, pk):
    delivery = get_object_or_404(
        WebhookDelivery.objects.filter(subscription__in=_subscriptions(request.user)), pk=pk
    )
    webhooks.redeliver(delivery, actor=request.user)
    messages.success(request, _("The event will be sent again."))
    return redirect("api:webhook_list")
