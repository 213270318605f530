from rest_framework.pagination import PageNumberPagination


class StudioPagination(PageNumberPagination):
    """`?page=N&page_size=N` (default 20, at most 100)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
