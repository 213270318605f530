"""Reads of customers. The API shows only ids of related rows: no joins needed."""

import re

from django.db.models import F, Func, QuerySet, Value
from django.db.models.functions import Replace

from common.versions import RowVersionQuerySet
from customers.models import Customer

# What people put between the digits of a phone number: "+234 (801) 555-0101", "0801.555.0101".
PHONE_SEPARATORS = (" ", "-", "(", ")", ".", "/", "+")
# A search term that is a phone number, however it is spaced: digits and separators only.
_PHONE_LIKE = re.compile(r"^[\d\s\-().+/]+$")
MIN_PHONE_DIGITS = 3


def customer_list() -> QuerySet[Customer]:
    return RowVersionQuerySet(model=Customer)


def phone_digits(field: str = "phone") -> Func:
    """The digits of a phone column as a database expression (nested REPLACE, so SQLite and
    MariaDB alike): "+234 801-555 0101" → "2348015550101". `field` may follow relations
    ("customer__phone")."""
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def phone_search_digits(term: str) -> str | None:
    """The digits to look for when a search term is a phone number, else None. A leading
    trunk 0 is dropped ("0801 555 0101" finds "+234 801 555 0101" as well as "08015550101")."""
    term = term.strip()
    if not _PHONE_LIKE.match(term):
        return None
    digits = re.sub(r"\D", "", term)
    if len(digits) > 1 and digits.startswith("0"):
        digits = digits[1:]
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def customers_by_phone(queryset: QuerySet[Customer], *, digits: str) -> QuerySet[Customer]:
    """The customers of `queryset` whose phone holds these digits, whatever its separators."""
    return queryset.alias(phone_digits=phone_digits()).filter(phone_digits__contains=digits)
