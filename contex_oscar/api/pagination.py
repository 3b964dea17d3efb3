"""The one way every list of the API pages: ``?page=N&page_size=M``.

A site sets it as ``REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]``, so oscarapi's lists
(products, orders, addresses, categories, ...) and the store's (service tickets) answer
``{"count", "next", "previous", "results"}`` alike; a shopper with 300 orders gets them
20 at a time.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class StorePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class FirstPageCountingPaginator(Paginator):
    """Django's paginator, except that the first page is read before it is counted.

    It reads one row more than the page holds: when that row is not there, the rows read
    are the count and no ``COUNT`` query runs (a catalogue that fits one page); when it
    is, Django counts as usual and the rows read are the page. Same pages, same count.
    """

    def page(self, number):
        if number not in (1, "1") or "count" in self.__dict__:
            return super().page(number)
        fits = self.per_page + self.orphans  # Django puts up to ``orphans`` more on a page
        rows = list(self.object_list[: fits + 1])
        if len(rows) > fits:  # more than one page
            return self._get_page(rows[: self.per_page], 1, self)
        if not rows and not self.allow_empty_first_page:
            return super().page(number)  # Django's EmptyPage
        self.__dict__["count"] = len(rows)  # ``count`` is a cached property
        return self._get_page(rows, 1, self)


def counting_first_page(pagination_class):
    """``pagination_class`` paging with ``FirstPageCountingPaginator`` (page-number
    pagination only; any other, or none, is returned as it is)."""
    if not (
        isinstance(pagination_class, type) and issubclass(pagination_class, PageNumberPagination)
    ):
        return pagination_class
    return type(
        pagination_class.__name__,
        (pagination_class,),
        {"django_paginator_class": FirstPageCountingPaginator, "__module__": __name__},
    )
