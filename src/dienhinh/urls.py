"""URL map of the whole product."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from dienhinh import views
from dienhinh.core import ops, twofactor_views
from dienhinh.core.auth import LoginView, ThrottledAdminAuthenticationForm
from dienhinh.orgs import invitation_views, passwords
from dienhinh.orgs.views import audit_list

admin.site.site_header = _("dienhinh administration")
admin.site.site_title = _("dienhinh administration")
admin.site.index_title = _("Data and users")
# The admin's sign-in is throttled like the product's.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.health, name="health"),
    path("healthz/live", ops.live, name="live"),
    path("healthz/ready", ops.ready, name="ready"),
    path("metrics", ops.metrics, name="metrics"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/login/code/", twofactor_views.login_code, name="login_code"),
    path("accounts/two-factor/", twofactor_views.settings_page, name="two_factor"),
    path("accounts/two-factor/enrol/", twofactor_views.enrol, name="two_factor_enrol"),
    path(
        "accounts/two-factor/recovery-codes/",
        twofactor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("accounts/two-factor/disable/", twofactor_views.disable, name="two_factor_disable"),
    path(
        "accounts/invitation/<str:token>/",
        invitation_views.invitation_accept,
        name="invitation_accept",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        passwords.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("notifications/", include("dienhinh.notifications.urls")),
    path("help/", include("dienhinh.help.urls")),
    path("orgs/", include("dienhinh.orgs.urls")),
    path("programs/", include("dienhinh.programs.urls")),
    path("registrations/", include("dienhinh.registrations.urls")),
    path("honours/", include("dienhinh.honours.urls")),
    path("documents/", include("dienhinh.documents.urls")),
    path("portal/", include("dienhinh.portal.urls")),
    path("api/", include("dienhinh.api.urls")),
    path("audit/", audit_list, name="audit"),
    # The admin signs in through the product's page, so that the second factor is asked too.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler404 = "dienhinh.views.page_not_found"
handler500 = "dienhinh.views.server_error"
handler403 = "dienhinh.views.permission_denied"

# Uploaded files are never served directly: each app serves its files through a view that
# checks the reader's scope (evidence, photos, document results).
