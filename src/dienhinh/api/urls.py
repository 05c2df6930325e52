"""/api/: the versioned REST API (v1), its OpenAPI document and docs, tokens and webhooks."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from dienhinh.api.views import docs, read, tokens, webhooks

app_name = "api"

router = SimpleRouter()
router.register("organisations", read.OrganisationViewSet, basename="organisation")
router.register("programs", read.ProgramViewSet, basename="program")
router.register("quotas", read.QuotaViewSet, basename="quota")
router.register("candidates", read.CandidateViewSet, basename="candidate")
router.register("registrations", read.RegistrationViewSet, basename="registration")
router.register("exemplars", read.ExemplarViewSet, basename="exemplar")
router.register("follow-ups", read.FollowUpViewSet, basename="followup")
router.register("reviews", read.ReviewViewSet, basename="review")
router.register("decisions", read.DecisionViewSet, basename="decision")
router.register("honours", read.HonourViewSet, basename="honour")
router.register("replications", read.ReplicationViewSet, basename="replication")

urlpatterns = [
    path("v1/me/", docs.MeView.as_view(), name="me"),
    path("v1/", include(router.urls)),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path("webhooks/deliveries/<int:pk>/resend/", webhooks.delivery_resend, name="delivery_resend"),
]
