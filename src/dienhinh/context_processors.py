"""Template context shared by every page."""

from django.conf import settings

from dienhinh.navigation import items_for


def navigation(request):
    return {
        "nav_items": items_for(request),
        "product_name": settings.DIENHINH["SITE_NAME"],
    }
