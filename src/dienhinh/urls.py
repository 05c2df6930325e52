"""URL map of the whole product."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dienhinh import views
from dienhinh.core import ops
from dienhinh.core.auth import LoginView, ThrottledAdminAuthenticationForm
from dienhinh.orgs.views import audit_list

admin.site.site_header = _("dienhinh administration")
admin.site.site_title = _("dienhinh administration")
admin.site.index_title = _("Data and users")
# The admin's sign-in is throttled like the product's.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("healthz/live", ops.live, name="live"),
    path("healthz/ready", ops.ready, name="ready"),
    path("metrics", ops.metrics, name="metrics"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
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
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("orgs/", include("dienhinh.orgs.urls")),
    path("programs/", include("dienhinh.programs.urls")),
    path("registrations/", include("dienhinh.registrations.urls")),
    path("honours/", include("dienhinh.honours.urls")),
    path("documents/", include("dienhinh.documents.urls")),
    path("portal/", include("dienhinh.portal.urls")),
    path("audit/", audit_list, name="audit"),
    path("admin/", admin.site.urls),
]

handler404 = "dienhinh.views.page_not_found"
handler500 = "dienhinh.views.server_error"
handler403 = "dienhinh.views.permission_denied"

# Uploaded files are never served directly: each app serves its files through a view that
# checks the reader's scope (evidence, photos, document results).
