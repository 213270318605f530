"""The filter backend every list uses: django-filter, made strict about typed parameters.

django-filter ignores an empty value (`?status=`) and, for booleans, anything it does not
understand (`?is_active=maybe`), answering the unfiltered list. A client that sent a filter
and got everything back would not know; such requests are a 400 that names the parameter.
Free-text filters (CharFilter) may still be empty.
"""

import django_filters
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

# The spellings every django-filter boolean widget parses (BooleanWidget and NullBooleanSelect
# alike), so an accepted value is always applied.
BOOLEAN_VALUES = {"true", "false", "True", "False"}


class StudioFilterBackend(filters.DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {}
            for name, declared in filterset.filters.items():
                if name not in request.query_params:
                    continue
                value = request.query_params.get(name)
                if value == "" and not isinstance(declared, django_filters.CharFilter):
                    errors[name] = ["This parameter may not be empty."]
                elif isinstance(declared, django_filters.BooleanFilter) and value not in BOOLEAN_VALUES:
                    errors[name] = ["Must be true or false."]
            if errors:
                raise ValidationError(errors)
        return filterset
