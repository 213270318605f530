"""`?search=` on customers: the same answer as DRF's SearchFilter (each term in name, email or
phone, ignoring case), with less work per row. A term of printable ASCII is looked for in
`search_ascii` (the three fields lower-cased in one single-byte column, compared byte by byte),
and field by field only in the rows whose fields are not all printable ASCII (`search_ascii`
NULL). The separator between the fields is not printable, so no such term spans two fields.
Any other term (accents, other scripts) is searched field by field everywhere, as before.

Phones are stored in E.164 (+2348082209117), so a search that is a phone number as people type
it ("0808 220 9117", "+234 808-220-9117") is one term: its digits without a trunk 0.

At 100,000 customers a scan of `search_ascii` reads every row of its index (and the page, walked
in name order, every row of the table when few match). So the rows are found from their grams
(customers.models.CustomerSearchGram: every three characters of each field): the rarest gram of
the terms gives the customers that may match, through its range of the (gram, customer) index,
beside the customers searched field by field (their one gram SEARCH_UNINDEXED); the same tests
of each term then decide, on those rows only. The answer is the same; the work grows with the customers that
hold the gram, not with the customers there are. A term without a gram (under three characters),
or whose rarest gram most customers hold (GRAM_JOIN_MAX_SHARE), is scanned for, as before."""

import operator
import time
from functools import reduce

from django.db.models import Count, Q

from common.filters import StudioSearchFilter
from common.row_counts import row_count
from common.versions import Kept, RowVersionQuerySet
from customers.models import (
    SEARCH_FIELDS,
    SEARCH_UNINDEXED,
    Customer,
    CustomerSearchGram,
    is_printable_ascii,
    search_grams_of,
)
from customers.selectors import phone_search_digits

# The rarest gram of a set of grams, kept per process for RAREST_KEPT_SECONDS: how many customers
# hold a gram moves slowly, and an older choice only costs time (any gram of a term gives every
# customer it is in), never a wrong answer.
RAREST_KEPT_SECONDS = 300
_rarest_kept = Kept(4096)  # frozenset of grams -> (when, rarest gram, customers holding it)
# A term whose rarest gram more than this share of the customers hold (".com", "234"), and more
# than GRAM_JOIN_ALWAYS of them, is scanned for: reading so many customers one by one through the
# join costs more than one scan of the index (a join of a few hundred rows costs little either way).
GRAM_JOIN_MAX_SHARE = 0.125
GRAM_JOIN_ALWAYS = 1000
# Any gram of a term gives every customer it is in: the rarest is looked for among this many.
GRAMS_COMPARED = 64


def rarest_gram(grams: set[str]) -> tuple[str, int]:
    """Of these grams, the one the fewest customers hold, and how many hold it (one GROUP BY over
    their index ranges); a gram nobody holds is the rarest of all."""
    key = frozenset(grams)
    now = time.monotonic()
    kept = _rarest_kept.get(key)
    if kept is not None and now - kept[0] < RAREST_KEPT_SECONDS:
        return kept[1], kept[2]
    held = dict(
        CustomerSearchGram.objects.filter(gram__in=grams)
        .order_by()
        .values("gram")
        .annotate(customers=Count("*"))
        .values_list("gram", "customers")
    )
    rarest = min(sorted(grams), key=lambda gram: held.get(gram, 0))
    _rarest_kept.put(key, (now, rarest, held.get(rarest, 0)))
    return rarest, held.get(rarest, 0)


def _join_gram(grams: set[str]) -> str | None:
    """The gram to find the rows by, or None when the term is to be scanned for."""
    if not grams:
        return None
    gram, held = rarest_gram(grams)
    if held > GRAM_JOIN_ALWAYS:  # only then is the share worth a look
        customers = row_count(Customer)
        if customers is not None and held > customers * GRAM_JOIN_MAX_SHARE:
            return None
    return gram


def rarest_grams_forget() -> None:
    """Forget the kept choices (tests)."""
    _rarest_kept.clear()


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
        grams = sorted({gram for term in terms for gram in search_grams_of(term.lower())})
        joined = _join_gram(set(grams[:: max(1, len(grams) // GRAMS_COMPARED)][:GRAMS_COMPARED]))
        conditions = []
        for term in terms:
            by_field = reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in SEARCH_FIELDS))
            if joined is not None:
                # Only the rows the gram join below gives: test those rows themselves.
                conditions.append(Q(search_ascii__has_text=term.lower()) | Q(by_field, search_ascii__isnull=True))
                continue
            # The rows without search_ascii as a subquery (a short range of its index), so that the
            # scan for the term reads only that index, not the table.
            unindexed = Customer.objects.filter(by_field, search_ascii__isnull=True).values("pk")
            conditions.append(Q(search_ascii__has_text=term.lower()) | Q(pk__in=unindexed))
        if joined is not None:
            # One join (a customer holds each gram once, and a customer searched field by field holds
            # SEARCH_UNINDEXED only): no row twice, no DISTINCT.
            conditions.append(Q(search_grams__gram__in=[joined, SEARCH_UNINDEXED]))
        found = queryset.filter(reduce(operator.and_, conditions))
        if not isinstance(found, RowVersionQuerySet):
            return found
        # Its COUNT and page read every row that may match: kept per version of the table
        # (common.versions). Through a gram, those are a bounded few read one by one: one query
        # reads the ids of all that match, for the count and every page.
        return found.kept_per_version(all_ids=joined is not None)
