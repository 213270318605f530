"""The filter backends every list uses: django-filter and DRF's search, made strict.

django-filter ignores an empty value (`?status=`) and, for booleans, anything it does not
understand (`?is_active=maybe`), answering the unfiltered list. A client that sent a filter
and got everything back would not know; such requests are a 400 that names the parameter.
Free-text filters (CharFilter) may still be empty. Typed values are taken only as the schema
writes them: dates as YYYY-MM-DD (Django's form field would also take `2026-2-3` or
`12/24/2026`), date-times as RFC 3339, numbers in ASCII digits (`١٢` and `1_000` are refused).

DRF's SearchFilter answers a refused `?search=` (a NUL) with a bare list of messages; here it
is `{"search": [...]}`, the shape of every other invalid parameter.

DRF's OrderingFilter drops the terms of `?ordering=` it does not know and answers in the default
order (`?ordering=bogus` → 200). Here an unknown term is a 400 naming `ordering`, and the schema
lists the allowed values as an enum (each field, ascending or with `-` descending).
"""

import django_filters
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

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
    def filter_queryset(self, request, queryset, view):
        # No parameter of the filterset in the query: nothing to filter, and no filterset to build
        # (a deep copy of every declared filter and a bound form per request).
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

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


class StudioOrderingFilter(OrderingFilter):
    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",")]
        valid = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
        unknown = [term for term in terms if term.removeprefix("-") not in valid]
        if unknown:
            allowed = ", ".join(self.allowed_values(valid))
            shown = ", ".join(repr(term) for term in unknown)
            raise ValidationError({self.ordering_param: [f"Unknown ordering {shown}; use one of: {allowed}."]})
        return terms

    @staticmethod
    def allowed_values(valid) -> list[str]:
        return [value for name in valid for value in (name, f"-{name}")]

    def _schema_valid_fields(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", self.ordering_fields)
        if isinstance(fields, (list, tuple)):
            return [item if isinstance(item, str) else item[0] for item in fields]
        # "__all__" or derived from the serializer: DRF needs a queryset of the view's model.
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            queryset = view.get_queryset()
        return [name for name, _ in self.get_valid_fields(queryset, view, {"request": None})]

    def get_schema_operation_parameters(self, view):
        values = self.allowed_values(self._schema_valid_fields(view))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by this field, ascending, or descending with `-` "
                    "(several, comma-separated, are applied in turn). Any other value is a 400."
                ),
                # Names for generated clients' enum members: PRICE, PRICE_DESC.
                "schema": {
                    "type": "string",
                    "enum": values,
                    "x-enum-varnames": [
                        value.removeprefix("-").upper() + ("_DESC" if value[0] == "-" else "") for value in values
                    ],
                },
            }
        ]
