"""Template context shared by every page."""

from django.conf import settings


def navigation(request):
    from dienhinh.navigation import items_for

    return {
        "nav_items": items_for(request),
        "product_name": settings.DIENHINH["SITE_NAME"],
    }
