"""URLs of the public portal (no login) and of the standing agency's publicity pages."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from dienhinh.portal.feeds import FieldFeed, ProgramFeed
from dienhinh.portal.sitemaps import SITEMAPS
from dienhinh.portal.views import opendata, public, publicity, verify

app_name = "portal"
urlpatterns = [
    path("", public.home, name="home"),
    path("province/<str:code>/", public.province_home, name="province_home"),
    path("programs/<slug:code>/", public.program_home, name="program_home"),
    path("exemplars/", public.exemplar_list, name="exemplar_list"),
    path("exemplars/choices/units/", public.organisation_choices, name="organisation_choices"),
    path("exemplars/choices/fields/", public.field_choices, name="field_choices"),
    path("exemplars/<int:pk>/", public.exemplar_detail, name="exemplar_detail"),
    path("exemplars/<int:pk>/sheet/", public.exemplar_sheet, name="exemplar_sheet"),
    path("exemplars/<int:pk>/photo/", public.photo, name="photo"),
    path("feeds/programs/<slug:code>/", ProgramFeed(), name="feed_program"),
    path("feeds/programs/<slug:code>/fields/<str:field>/", FieldFeed(), name="feed_field"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "portal/sitemap.xml"},
        name="sitemap",
    ),
    path("open-data/", opendata.dictionary, name="open_data"),
    path("open-data/exemplars.json", opendata.dataset_json, name="open_data_json"),
    path("open-data/exemplars.csv", opendata.dataset_csv, name="open_data_csv"),
    path("verify/", verify.verify_form, name="verify_form"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    path("publicity/", publicity.worklist, name="publicity"),
    path("publicity/<int:pk>/story/", publicity.story_edit, name="story_edit"),
    path("publicity/<int:pk>/publish/", publicity.story_publish, name="story_publish"),
    path("publicity/<int:pk>/unpublish/", publicity.story_unpublish, name="story_unpublish"),
    path("publicity/<int:pk>/appearances/new/", publicity.appearance_new, name="appearance_new"),
    path("publicity/appearances/", publicity.appearance_list, name="appearance_list"),
]
