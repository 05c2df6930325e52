from django.urls import path

from dienhinh.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<str:code>/", views.organisation_detail, name="detail"),
    path("<str:code>/links/", views.organisation_links, name="links"),
    path("<str:code>/restructure/", views.organisation_restructure, name="restructure"),
]
