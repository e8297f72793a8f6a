from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    """Page numbers with a client-chosen size that never exceeds 100."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
