from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings

from studio import services
from studio.models import DocumentCounter
from studio.selectors import studio_profile

pytestmark = pytest.mark.django_db


def test_numbers_count_from_one_in_a_series():
    first = services.document_number_next(prefix="RCT", at=datetime(2026, 3, 1, tzinfo=ZoneInfo("UTC")))
    second = services.document_number_next(prefix="RCT", at=datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC")))

    assert (first, second) == ("RCT-2026-000001", "RCT-2026-000002")


def test_each_year_and_prefix_counts_on_its_own():
    utc = ZoneInfo("UTC")
    services.document_number_next(prefix="RCT", at=datetime(2026, 12, 31, tzinfo=utc))

    assert services.document_number_next(prefix="RCT", at=datetime(2027, 1, 1, tzinfo=utc)) == "RCT-2027-000001"
    assert services.document_number_next(prefix="INV", at=datetime(2026, 6, 1, tzinfo=utc)) == "INV-2026-000001"


@override_settings(TIME_ZONE="Africa/Lagos")
def test_the_year_is_the_studios_calendar_year():
    # 23:30 UTC on 31 December is 00:30 on 1 January in Lagos.
    number = services.document_number_next(prefix="RCT", at=datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")))

    assert number == "RCT-2027-000001"


def test_a_rolled_back_number_is_given_again():
    at = datetime(2026, 5, 1, tzinfo=ZoneInfo("UTC"))
    services.document_number_next(prefix="RCT", at=at)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_number_next(prefix="RCT", at=at)
        raise RuntimeError("the payment failed")

    assert services.document_number_next(prefix="RCT", at=at) == "RCT-2026-000002"


def test_receipt_numbers_use_the_profiles_prefix(lead):
    services.studio_profile_update(actor=lead, data={"receipt_prefix": "REC"})

    assert services.receipt_number_next().startswith("REC-")


def test_numbers_taken_in_bulk_continue_the_series():
    at = datetime(2026, 5, 1, tzinfo=ZoneInfo("UTC"))
    services.document_number_next(prefix="RCT", at=at)

    numbers = services.document_numbers_take(prefix="RCT", year=2026, count=3)

    assert numbers == ["RCT-2026-000002", "RCT-2026-000003", "RCT-2026-000004"]
    assert DocumentCounter.objects.get(prefix="RCT", year=2026).last_number == 4


def test_the_profile_starts_from_the_environment(settings):
    settings.STUDIO_NAME = "Adé Couture"
    settings.STUDIO_CURRENCY = "GHS"

    profile = studio_profile()

    assert (profile.name, profile.currency, profile.tax_rate) == ("Adé Couture", "GHS", Decimal("0"))
    assert (profile.invoice_prefix, profile.receipt_prefix, profile.prices_include_tax) == ("INV", "RCT", True)


def test_a_profile_update_records_who(lead):
    profile = services.studio_profile_update(actor=lead, data={"tax_name": "VAT", "tax_rate": Decimal("7.50")})

    profile.refresh_from_db()
    assert (profile.tax_name, profile.tax_rate, profile.updated_by) == ("VAT", Decimal("7.50"), lead)
