"""The warm-up before serving (`core.warmup`, run by dienhinh.wsgi): what a worker's first
request would otherwise build is built ahead, in both languages."""

from django.urls import resolvers, reverse
from django.utils import translation

from dienhinh.core.warmup import warm


def test_after_the_warm_up_no_url_lookup_is_built_on_a_request(monkeypatch):
    warm()
    built = []
    populate = resolvers.URLResolver._populate

    def spy(self):
        built.append(self)
        return populate(self)

    monkeypatch.setattr(resolvers.URLResolver, "_populate", spy)
    for language in ("vi", "en"):
        with translation.override(language):
            reverse("registrations:dashboard")
            reverse("registrations:candidate_detail", kwargs={"pk": 1})
            reverse("orgs:list")
    assert built == []
