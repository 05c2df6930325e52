"""Pages of access tokens: one's own, and those an administrator looks after."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.api import permissions
from dienhinh.api.domain import ApiError, tokens
from dienhinh.api.forms import TokenForm
from dienhinh.api.models import ApiToken, TokenKind
from dienhinh.core.errors import NotPermitted


def _page(request, form, secret=None, created=None):
    user = request.user
    own = ApiToken.objects.filter(user=user, kind=TokenKind.PERSONAL).select_related("organisation")
    administered = (
        permissions.tokens_administered(user)
        .exclude(pk__in=own.values("pk"))
        .select_related("user", "organisation")
    )
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "own": own,
            "administered": administered,
            "secret": secret,
            "created": created,
        },
    )


@login_required
def token_list(request):
    if not permissions.may_hold_tokens(request.user):
        raise Http404
    form = TokenForm(
        request.POST or None, organisations=permissions.administered_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = tokens.create_token(
                actor=request.user,
                name=data["name"],
                scope=data["scope"],
                kind=data["kind"],
                organisation=data.get("organisation"),
                expires_at=form.expires_at(),
            )
        except (ApiError, NotPermitted) as exc:
            form.add_error(None, str(exc))
        else:
            # The secret is shown on this answer only: it is never stored.
            return _page(
                request,
                TokenForm(organisations=permissions.administered_organisations(request.user)),
                secret,
                token,
            )
    return _page(request, form)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.select_related("organisation"), pk=pk)
    if not permissions.may_revoke_token(request.user, token):
        raise Http404
    tokens.revoke_token(token, actor=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("api:token_list")
