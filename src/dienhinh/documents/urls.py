from django.urls import path

from dienhinh.documents import certificate_views, signed_views, views

app_name = "documents"
urlpatterns = [
    path("form/<slug:program>/<str:org>/", views.form_page, name="form"),
    path(
        "form/<slug:program>/<str:org>/download.<str:fmt>",
        views.form_download,
        name="form_download",
    ),
    path("form/<slug:program>/<str:org>/import/", views.form_import, name="form_import"),
    path("template/<slug:program>.xlsx", views.template_download, name="template"),
    path("summary/<slug:program>/", views.summary_page, name="summary"),
    path(
        "summary/<slug:program>/download.<str:fmt>", views.summary_download, name="summary_download"
    ),
    path(
        "minutes/<int:pk>/download.<str:fmt>",
        views.session_minutes_download,
        name="session_minutes_download",
    ),
    path(
        "reviews/<int:pk>/typical.<str:fmt>",
        views.review_typical_download,
        name="review_typical_download",
    ),
    path(
        "reviews/<int:pk>/report/download.<str:fmt>",
        views.review_report_download,
        name="review_report_download",
    ),
    path(
        "decisions/<int:pk>/download.<str:fmt>",
        views.decision_download,
        name="decision_download",
    ),
    path("form/<slug:program>/<str:org>/sign/", signed_views.form_sign, name="form_sign"),
    path(
        "form/<slug:program>/<str:org>/signed/upload/",
        signed_views.signed_upload,
        name="signed_upload",
    ),
    path("signed/<int:pk>/download/", signed_views.signed_download, name="signed_download"),
    path("minutes/<int:pk>/signed.pdf", signed_views.minutes_signed, name="minutes_signed"),
    path(
        "reviews/<int:pk>/report/signed.pdf",
        signed_views.review_report_signed,
        name="review_report_signed",
    ),
    path("decisions/<int:pk>/signed.pdf", signed_views.decision_signed, name="decision_signed"),
    path(
        "honours/<int:pk>/certificate.pdf",
        certificate_views.honour_certificate,
        name="honour_certificate",
    ),
    path(
        "decisions/<int:pk>/certificates/",
        certificate_views.decision_certificates,
        name="decision_certificates",
    ),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
]
