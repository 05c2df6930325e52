from django.urls import path

from dienhinh.programs.views import editing, pages

app_name = "programs"
urlpatterns = [
    path("", pages.program_list, name="list"),
    path("<slug:code>/", pages.program_detail, name="detail"),
    path("<slug:code>/copy/", editing.program_copy, name="copy"),
    path("<slug:code>/edit/", editing.program_edit, name="edit"),
    path("<slug:code>/fields/", editing.field_names, name="fields"),
    path("<slug:code>/criteria/<int:pk>/", editing.criterion_edit, name="criterion_edit"),
    path("<slug:code>/quotas/", editing.quota_list_edit, name="quotas"),
    path("<slug:code>/milestones/", editing.milestone_list_edit, name="milestones"),
]
