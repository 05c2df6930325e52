"""Pages of the API's lists: `?page=2&page_size=100` (at most 500 a page)."""

from functools import cached_property, partial

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class CountedPaginator(Paginator):
    """A paginator whose total is `total()` (the list's own count) instead of a COUNT of the
    rows it pages: those are plain values whose joins a COUNT would keep."""

    def __init__(self, object_list, per_page, *, total, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.total = total

    @cached_property
    def count(self) -> int:
        return int(self.total())


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        total = getattr(view, "list_total", None)
        if total is not None:
            self.django_paginator_class = partial(CountedPaginator, total=total)
        return super().paginate_queryset(queryset, request, view)
