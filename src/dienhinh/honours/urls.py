from django.urls import path

from dienhinh.honours.views import decisions, reviews
from dienhinh.honours.views import documents as downloads
from dienhinh.honours.views import exemplars as views

app_name = "honours"
urlpatterns = [
    path("exemplars/", views.exemplar_list, name="exemplar_list"),
    path("exemplars/stale/", views.stale_list, name="stale_list"),
    path("exemplars/<int:pk>/", views.exemplar_detail, name="exemplar_detail"),
    path("exemplars/<int:pk>/replications/", reviews.replication_add, name="replication_add"),
    path("exemplars/<int:pk>/follow-ups/", views.followup_add, name="followup_add"),
    path(
        "exemplars/<int:pk>/<slug:action>/",
        views.exemplar_transition,
        name="exemplar_transition",
    ),
    path("votes/", views.vote_list, name="vote_list"),
    path("votes/new/", views.session_create, name="session_create"),
    path("votes/<int:pk>/", views.vote_session, name="vote_session"),
    path("votes/<int:pk>/close/", views.session_close, name="session_close"),
    path("votes/<int:pk>/minutes/", views.session_minutes, name="session_minutes"),
    path(
        "votes/<int:pk>/minutes/download.<str:fmt>",
        downloads.session_minutes_download,
        name="session_minutes_download",
    ),
    path("votes/<int:pk>/<int:exemplar_pk>/vote/", views.vote, name="vote"),
    path("votes/<int:pk>/<int:exemplar_pk>/conflict/", views.vote_conflict, name="vote_conflict"),
    path("votes/<int:pk>/<int:exemplar_pk>/written/", views.vote_written, name="vote_written"),
    path("decisions/", decisions.honour_list, name="honour_list"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("honours/<int:pk>/revoke/", decisions.honour_revoke, name="honour_revoke"),
    path("funding/", decisions.funding, name="funding"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/setup/<slug:code>/", reviews.review_setup, name="review_setup"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/shortlist/", reviews.review_shortlist, name="review_shortlist"),
    path("reviews/<int:pk>/report/", reviews.review_report, name="review_report"),
    path(
        "reviews/<int:pk>/report/download.<str:fmt>",
        downloads.review_report_download,
        name="review_report_download",
    ),
    path("replication/", reviews.replication_report, name="replication_report"),
]
