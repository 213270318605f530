"""Money as the studio's screens show it: the amount with the studio's currency."""

from decimal import Decimal

from django.conf import settings


def money_display(amount: Decimal | None) -> str:
    """ "NGN 1,500.00" (settings.STUDIO_CURRENCY); blank for no amount."""
    if amount is None:
        return ""
    return f"{settings.STUDIO_CURRENCY} {amount:,.2f}"
