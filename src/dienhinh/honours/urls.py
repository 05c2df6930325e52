from django.urls import path

from dienhinh.honours.views import decisions, dossiers, exemplars, holds, meeting, reviews, votes

app_name = "honours"
urlpatterns = [
    path("exemplars/", exemplars.exemplar_list, name="exemplar_list"),
    path("exemplars/stale/", exemplars.stale_list, name="stale_list"),
    path("exemplars/<int:pk>/", exemplars.exemplar_detail, name="exemplar_detail"),
    path("exemplars/<int:pk>/replications/", reviews.replication_add, name="replication_add"),
    path("exemplars/<int:pk>/learning/", reviews.learning_add, name="learning_add"),
    path("exemplars/<int:pk>/follow-ups/", exemplars.followup_add, name="followup_add"),
    path("exemplars/<int:pk>/holds/", holds.hold_place, name="hold_place"),
    path("exemplars/<int:pk>/holds/<int:hold_pk>/clear/", holds.hold_clear, name="hold_clear"),
    path(
        "exemplars/<int:pk>/<slug:action>/",
        exemplars.exemplar_transition,
        name="exemplar_transition",
    ),
    path("votes/", votes.vote_list, name="vote_list"),
    path("votes/new/", votes.session_create, name="session_create"),
    path("votes/<int:pk>/", votes.vote_session, name="vote_session"),
    path("votes/<int:pk>/close/", votes.session_close, name="session_close"),
    path("votes/<int:pk>/attendance/", meeting.attendance, name="session_attendance"),
    path("votes/<int:pk>/minutes/", votes.session_minutes, name="session_minutes"),
    path("votes/<int:pk>/<int:exemplar_pk>/vote/", votes.vote, name="vote"),
    path("votes/<int:pk>/<int:exemplar_pk>/conflict/", votes.vote_conflict, name="vote_conflict"),
    path("votes/<int:pk>/written/<int:member_pk>/", votes.vote_written, name="vote_written"),
    path("votes/<int:pk>/<int:exemplar_pk>/paper/", meeting.paper_count, name="paper_count"),
    path(
        "votes/<int:pk>/<int:exemplar_pk>/paper/correct/",
        meeting.paper_count_correct,
        name="paper_count_correct",
    ),
    path("votes/<int:pk>/candidates/", votes.candidates_add, name="candidates_add"),
    path("votes/<int:pk>/<int:exemplar_pk>/", dossiers.session_dossier, name="session_dossier"),
    path(
        "votes/<int:pk>/<int:exemplar_pk>/evidence/<int:evidence_pk>/",
        dossiers.session_evidence,
        name="session_evidence",
    ),
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
    path("reviews/<int:pk>/send/", reviews.review_send, name="review_send"),
    path("replication/", reviews.replication_report, name="replication_report"),
]
