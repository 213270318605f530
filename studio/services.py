"""The studio profile and the numbering of its documents (receipts, invoices)."""

from datetime import datetime
from decimal import Decimal
from typing import TypedDict

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from studio.models import DocumentCounter, StudioProfile
from studio.selectors import studio_profile

NUMBER_DIGITS = 6


class ProfileChanges(TypedDict, total=False):
    name: str
    address: str
    phone: str
    email: str
    currency: str
    tax_name: str
    tax_rate: Decimal
    prices_include_tax: bool
    invoice_prefix: str
    receipt_prefix: str
    document_footer: str


@transaction.atomic
def studio_profile_update(*, actor: User | None, data: ProfileChanges) -> StudioProfile:
    """Change the fields sent; the row is locked so two edits apply one after the other."""
    profile = studio_profile()
    profile = StudioProfile.objects.select_for_update().get(pk=profile.pk)
    for field, value in data.items():
        setattr(profile, field, value)
    profile.updated_by = actor
    profile.save()
    return profile


def _locked_counter(*, prefix: str, year: int) -> DocumentCounter:
    """The series' counter row, locked until the caller's transaction ends."""
    counters = DocumentCounter.objects.select_for_update()
    counter = counters.filter(prefix=prefix, year=year).first()
    if counter is not None:
        return counter
    # The first number of a series (a new year, a new prefix): requests racing to create the
    # row would meet on its unique key, where InnoDB answers some of them with a deadlock. They
    # queue on the profile's row instead (always there, made by migration), and the first one
    # creates the counter; the others then find it, committed, and wait for its lock.
    StudioProfile.objects.select_for_update().filter(pk=studio_profile().pk).first()
    counter = counters.filter(prefix=prefix, year=year).first()
    if counter is not None:
        return counter
    return DocumentCounter.objects.create(prefix=prefix, year=year)


@transaction.atomic
def document_number_next(*, prefix: str, at: datetime | None = None) -> str:
    """The next number of the series `prefix` in the calendar year of `at` (now; in TIME_ZONE):
    `RCT-2026-000042`. Call it inside the transaction that stores the number: the counter row
    stays locked until that transaction ends, and a rollback gives the number back, so numbers
    are never skipped nor given twice, whichever app server asks."""
    year = timezone.localtime(at or timezone.now()).year
    counter = _locked_counter(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:0{NUMBER_DIGITS}d}"


def receipt_number_next(*, at: datetime | None = None) -> str:
    """The next receipt number, with the profile's receipt prefix."""
    return document_number_next(prefix=studio_profile().receipt_prefix, at=at)


def invoice_number_next(*, at: datetime | None = None) -> str:
    """The next invoice number, with the profile's invoice prefix."""
    return document_number_next(prefix=studio_profile().invoice_prefix, at=at)


@transaction.atomic
def document_numbers_take(*, prefix: str, year: int, count: int) -> list[str]:
    """`count` consecutive numbers of a series at once (a bulk import of earlier documents,
    e.g. the demo's payments), under the same lock as document_number_next."""
    counter = _locked_counter(prefix=prefix, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{prefix}-{year}-{number:0{NUMBER_DIGITS}d}" for number in range(first, counter.last_number + 1)]


@transaction.atomic
def receipt_numbers_assign(*, payments: list) -> None:
    """Give unsaved payments of the past their receipt numbers, in the order they were made
    (created_at), counting on from each year's last number."""
    prefix = studio_profile().receipt_prefix
    by_year: dict[int, list] = {}
    for payment in sorted(payments, key=lambda payment: payment.created_at):
        by_year.setdefault(timezone.localtime(payment.created_at).year, []).append(payment)
    for year, of_year in sorted(by_year.items()):
        for payment, number in zip(
            of_year, document_numbers_take(prefix=prefix, year=year, count=len(of_year)), strict=True
        ):
            payment.receipt_number = number
