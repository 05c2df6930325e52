from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dienhinh.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from dienhinh.documents.approval import registration_signed_panel, signed_form_problem
        from dienhinh.registrations.domain import workflow
        from dienhinh.registrations.interfaces import panels

        if signed_form_problem not in workflow.APPROVAL_CHECKS:
            workflow.APPROVAL_CHECKS.append(signed_form_problem)
        if registration_signed_panel not in panels.REGISTRATION_PANELS:
            panels.REGISTRATION_PANELS.append(registration_signed_panel)
