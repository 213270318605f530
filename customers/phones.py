"""Phone numbers in E.164 (+2348031234567), read through libphonenumber (`phonenumbers`).

A number without a country code is read in DEFAULT_PHONE_REGION. The rule is libphonenumber's
`is_possible_number` (the right length for its country), not `is_valid_number`: the library's
list of assigned ranges lags behind the world, so a brand-new range must still be accepted.
"""

import phonenumbers
from django.conf import settings

NOT_POSSIBLE = "Enter a possible phone number, e.g. +2348031234567 (without a country code it is read in {region})."


def phone_to_e164(raw: str, *, region: str | None = None) -> str:
    """`raw` in E.164, or ValueError when it is not a possible number. "" stays ""."""
    raw = raw.strip()
    if not raw:
        return ""
    region = region or settings.DEFAULT_PHONE_REGION
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(NOT_POSSIBLE.format(region=region)) from error
    if not phonenumbers.is_possible_number(number):
        raise ValueError(NOT_POSSIBLE.format(region=region))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_is_e164(phone: str) -> bool:
    """Whether a stored phone is already what phone_to_e164 makes of it (or empty)."""
    try:
        return phone_to_e164(phone) == phone
    except ValueError:
        return False
