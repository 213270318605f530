"""Amounts as a person reads them: with the studio's currency (settings.STUDIO_CURRENCY)."""

from decimal import Decimal

from django.conf import settings


def money_display(amount: Decimal | None) -> str:
    """'NGN 1,500.00'; an empty string for no amount."""
    if amount is None:
        return ""
    return f"{settings.STUDIO_CURRENCY} {amount:,.2f}"
