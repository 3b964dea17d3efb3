"""The one way every list of the API pages: ``?page=N&page_size=M``.

A site sets it as ``REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]``, so oscarapi's lists
(products, orders, addresses, categories, ...) and the store's (service tickets) answer
``{"count", "next", "previous", "results"}`` alike; a shopper with 300 orders gets them
20 at a time.
"""

from rest_framework.pagination import PageNumberPagination


class StorePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
