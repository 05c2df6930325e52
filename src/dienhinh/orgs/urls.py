from django.urls import path

from dienhinh.orgs import invitation_views, sign_in_views, tree_views, user_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("tree/", tree_views.organisation_tree, name="tree"),
    path("<str:code>/", views.organisation_detail, name="detail"),
    path("<str:code>/links/", views.organisation_links, name="links"),
    path("<str:code>/sign-in/", sign_in_views.sign_in_policy, name="sign_in"),
    path(
        "<str:code>/sign-in/reset/<int:user_id>/",
        sign_in_views.reset_two_factor,
        name="reset_two_factor",
    ),
    path("<str:code>/users/", user_views.user_list, name="users"),
    path("<str:code>/users/new/", user_views.user_create, name="user_create"),
    path("<str:code>/users/<int:user_id>/", user_views.user_detail, name="user"),
    path("<str:code>/invitations/", invitation_views.invitation_list, name="invitations"),
    path(
        "<str:code>/invitations/new/",
        invitation_views.invitation_create,
        name="invitation_create",
    ),
    path("<str:code>/restructure/", views.organisation_restructure, name="restructure"),
    path("<str:code>/events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
]
