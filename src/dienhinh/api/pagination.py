"""Pages of the API's lists: `?page=2&page_size=100` (at most 500 a page)."""

from rest_framework.pagination import PageNumberPagination

from dienhinh.core.paging import RowsPaginator


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def ids_first(qs, start: int, stop: int):
    """Rows `start:stop` of the sorted `qs`: their ids sorted first on narrow rows (only the
    joins that the filters and the order name, no column shown), then those rows alone read with
    their joins and columns, in the same order. One query (the ids are a subquery); the rows
    are the same."""
    return qs.filter(pk__in=qs.values("pk")[start:stop])


class IdsFirstPaginator(RowsPaginator):
    """A page's rows read by `ids_first`."""

    def rows(self, object_list, bottom, top):
        return ids_first(object_list, bottom, top)


class IdsFirstPagination(Pagination):
    """For a list whose sort reads a joined table over many rows (the exemplars by their
    candidate's name): at national scale a province's 11,900 exemplars of a program were joined
    to their units, programs and candidates' columns before the sort kept 50."""

    django_paginator_class = IdsFirstPaginator
