from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StudioPagination(PageNumberPagination):
    """`?page=N&page_size=N`: 20 per page by default, at most 100 (larger sizes are capped).

    A page size that is not a whole number of at least 1 is a 400, not silently the default.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: ["Must be a whole number from 1 to 100."]})
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: ["Must be a page number from 1."]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "default": self.page_size}
                parameter["description"] = (
                    f"Results per page: default {self.page_size}, at most {self.max_page_size} "
                    "(larger values are capped)."
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
