"""`?search=` on customers: the same answer as DRF's SearchFilter (each term in name, email or
phone, ignoring case), with less work per row. A term of printable ASCII is looked for in
`search_ascii` (the three fields lower-cased in one single-byte column, compared byte by byte),
and field by field only in the rows whose fields are not all printable ASCII (`search_ascii`
NULL). The separator between the fields is not printable, so no such term spans two fields.
Any other term (accents, other scripts) is searched field by field everywhere, as before.

Phones are stored in E.164 (+2348082209117), so a search that is a phone number as people type
it ("0808 220 9117", "+234 808-220-9117") is one term: its digits without a trunk 0."""

import operator
from functools import reduce

from django.db.models import Q

from common.filters import StudioSearchFilter
from customers.models import SEARCH_FIELDS, Customer, is_printable_ascii
from customers.selectors import phone_search_digits


class CustomerSearchFilter(StudioSearchFilter):
    def get_search_terms(self, request):
        digits = phone_search_digits(request.query_params.get(self.search_param, ""))
        return [digits] if digits is not None else super().get_search_terms(request)

    def filter_queryset(self, request, queryset, view):
        terms = self.get_search_terms(request)
        if tuple(self.get_search_fields(view, request) or ()) != SEARCH_FIELDS or not terms:
            return super().filter_queryset(request, queryset, view)
        if not all(is_printable_ascii(term) for term in terms):
            return super().filter_queryset(request, queryset, view)
        conditions = []
        for term in terms:
            by_field = reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in SEARCH_FIELDS))
            # The rows without search_ascii as a subquery (a short range of its index), so that the
            # scan for the term reads only that index, not the table.
            unindexed = Customer.objects.filter(by_field, search_ascii__isnull=True).values("pk")
            conditions.append(Q(search_ascii__has_text=term.lower()) | Q(pk__in=unindexed))
        return queryset.filter(reduce(operator.and_, conditions))
