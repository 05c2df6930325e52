"""Pages of a list whose rows may be read another way than by slicing the whole sorted list."""

from typing import Any

from django.core.paginator import Page, Paginator


class RowsPaginator(Paginator[Any]):
    """Django's Paginator, with a page's rows read by `rows(object_list, bottom, top)`: by
    default the slice, as Django reads them; a subclass may read the same rows with another
    plan (for example the page's ids sorted first on narrow rows, then those rows alone)."""

    def rows(self, object_list: Any, bottom: int, top: int) -> Any:
        return object_list[bottom:top]

    def page(self, number: Any) -> Page[Any]:
        # Paginator.page, but for where the rows come from.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.rows(self.object_list, bottom, top), number, self)
