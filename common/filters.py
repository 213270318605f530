"""The filter backends every list uses: django-filter and DRF's search, made strict.

django-filter ignores an empty value (`?status=`) and, for booleans, anything it does not
understand (`?is_active=maybe`), answering the unfiltered list. A client that sent a filter
and got everything back would not know; such requests are a 400 that names the parameter.
Free-text filters (CharFilter) may still be empty. Typed values are taken only as the schema
writes them: dates as YYYY-MM-DD (Django's form field would also take `2026-2-3` or
`12/24/2026`), date-times as RFC 3339, numbers in ASCII digits (`١٢` and `1_000` are refused).

DRF's SearchFilter answers a refused `?search=` (a NUL) with a bare list of messages; here it
is `{"search": [...]}`, the shape of every other invalid parameter.
"""

import django_filters
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter

from common.fields import DATE_MESSAGE, DATETIME_MESSAGE, DECIMAL_TEXT, parse_iso_date, parse_iso_datetime

# The spellings every django-filter boolean widget parses (BooleanWidget and NullBooleanSelect
# alike), so an accepted value is always applied.
BOOLEAN_VALUES = {"true", "false", "True", "False"}


def _typed_value_error(declared, value: str) -> str | None:
    """Why `value` is not in the form the schema gives for the filter's type, or None."""
    if value == "" and not isinstance(declared, django_filters.CharFilter):
        return "This parameter may not be empty."
    if isinstance(declared, django_filters.BooleanFilter) and value not in BOOLEAN_VALUES:
        return "Must be true or false."
    if isinstance(declared, django_filters.DateFilter) and parse_iso_date(value) is None:
        return DATE_MESSAGE
    if isinstance(declared, django_filters.DateTimeFilter) and parse_iso_datetime(value) is None:
        return DATETIME_MESSAGE
    if isinstance(declared, django_filters.NumberFilter) and DECIMAL_TEXT.fullmatch(value) is None:
        return "Enter a number in ASCII digits, e.g. 12 or 2.50."
    return None


class StudioFilterBackend(filters.DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {}
            for name, declared in filterset.filters.items():
                if name not in request.query_params:
                    continue
                message = _typed_value_error(declared, request.query_params.get(name))
                if message is not None:
                    errors[name] = [message]
            if errors:
                raise ValidationError(errors)
        return filterset


class StudioSearchFilter(SearchFilter):
    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as exc:
            raise ValidationError({self.search_param: exc.detail}) from None
