"""The sitemap of the public portal: its homes and every published story."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dienhinh.portal import queries
from dienhinh.programs.models import Program


class StorySitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return queries.public_stories().order_by("id").only("id", "exemplar_id", "updated_at")

    def location(self, story):
        return reverse("portal:exemplar_detail", args=[story.exemplar_id])

    def lastmod(self, story):
        return story.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        pages = [("portal:home", ()), ("portal:exemplar_list", ())]
        for code in Program.objects.exclude(status="draft").values_list("code", flat=True):
            pages.append(("portal:program_home", (code,)))
        return pages

    def location(self, item):
        name, args = item
        return reverse(name, args=args)


SITEMAPS = {"pages": PageSitemap, "stories": StorySitemap}
