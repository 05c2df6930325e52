from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dienhinh.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from dienhinh.documents.approval import signed_form_problem
        from dienhinh.registrations.domain import workflow

        if signed_form_problem not in workflow.APPROVAL_CHECKS:
            workflow.APPROVAL_CHECKS.append(signed_form_problem)
