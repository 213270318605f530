"""Serializer fields shared by the apps: input is taken only in the form the schema states.

DRF's own fields are lenient in ways the schema does not say: a JSON number is taken as text,
decimals go through `Decimal(str(data).strip())` (so "١٢", "1_000" and " 5 " are numbers),
dates through Django's parse_date (so "2026-2-3" and "20260203" are dates), and text may hold
any control character. The fields below refuse all of that; ModelSerializer's field mapping
(common.serializers) makes them the default for every model field.
"""

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Free text (notes, descriptions, addresses) is bounded: a TextField column has no limit of
# its own, and 2.5 MB of notes is not a note.
TEXT_MAX_LENGTH = 5000

# One-line text (names, titles, sku, category, references...): no control character (Unicode
# category Cc: NUL, TAB, CR, LF, ESC, DEL, the C1 range incl. NEL), no LINE/PARAGRAPH SEPARATOR
# (U+2028/U+2029, line breaks in all but name), no lone surrogate. Format characters (Cf) stay
# allowed: the zero-width joiners and direction marks are part of ordinary Persian, Indic and
# Arabic writing and of emoji.
ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Multi-line text (notes, descriptions, addresses): line breaks (LF or CRLF) and tabs as well.
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")
# The same rules for the schema (ECMAScript and Python regex syntax alike).
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
MULTI_LINE_PATTERN = r"^(?:[^\x00-\x08\x0b-\x1f\x7f-\x9f]|\r\n)*$"


def forbidden_character(value: str, *, multiline: bool) -> str | None:
    """The first character `value` may not contain, as "U+XXXX", or None."""
    found = (MULTI_LINE_FORBIDDEN if multiline else ONE_LINE_FORBIDDEN).search(value)
    return None if found is None else f"U+{ord(found.group()[0]):04X}"


class StrictCharField(serializers.CharField):
    """Text, and only text: DRF's CharField would also take a JSON number (5 → "5"), which the
    schema (`type: string`) does not allow. One line without control characters by default;
    `multiline=True` also allows line breaks (LF, CRLF) and tabs. Checked on the text as sent,
    before surrounding whitespace is trimmed."""

    default_error_messages = {
        "invalid": "Not a valid string.",
        "control_character": "Must be one line without control characters (found {character}).",
        "control_character_multiline": (
            "Control characters are not allowed (found {character}); line breaks and tabs are."
        ),
    }
    check_characters = True

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if self.check_characters and isinstance(data, str):
            character = forbidden_character(data, multiline=self.multiline)
            if character is not None:
                self.fail("control_character_multiline" if self.multiline else "control_character", character=character)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    @property
    def pattern(self) -> str | None:
        """The character rule as a schema pattern (common.schema puts it in the OpenAPI schema)."""
        if not self.check_characters:
            return None
        return MULTI_LINE_PATTERN if self.multiline else ONE_LINE_PATTERN


class StrictTextField(StrictCharField):
    """Free text of a TextField column: several lines, at most TEXT_MAX_LENGTH characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("multiline", True)
        if kwargs.get("max_length") is None:
            kwargs["max_length"] = TEXT_MAX_LENGTH
        super().__init__(**kwargs)


class PasswordField(StrictCharField):
    """A password: text, taken exactly as typed (not trimmed), any characters but NUL. Never
    shown, so no line rule: refusing characters would lock out whoever set such a password."""

    check_characters = False

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 4096)
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("style", {"input_type": "password"})
        super().__init__(**kwargs)


class StrictEmailField(StrictCharField, serializers.EmailField):
    pass


# What Django's EmailValidator accepts, narrowed to plain addresses, or "" for none. A pattern
# rather than `format: email`, which refuses "" (and which schema tools read more loosely).
EMAIL_OR_EMPTY_PATTERN = r"^$|^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]{1,63}\.)+[A-Za-z]{2,63}$"


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 254,
        "pattern": EMAIL_OR_EMPTY_PATTERN,
        "description": 'Optional: an email address, or "" for none.',
        "example": "adaeze@example.com",
    }
)
class OptionalEmailField(StrictCharField):
    """An email address or `""` (DRF's EmailField, with a schema that does not refuse `""`)."""

    default_error_messages = {"invalid": "Enter a valid email address."}

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, required=False, max_length=254, **kwargs)

    def run_validators(self, value):
        super().run_validators(value)
        # Checked here rather than listed in `validators`, which the schema would turn into
        # `format: email` next to the pattern above.
        try:
            validate_email(value)
        except DjangoValidationError:
            self.fail("invalid")


# A decimal as the schema writes it: ASCII digits, an optional minus sign and decimal point.
DECIMAL_TEXT = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")


class StrictDecimalField(serializers.DecimalField):
    """A decimal string of ASCII digits (`"1500.00"`, `"-1.50"`), or a JSON number, which DRF
    has always taken (`2.5`) and clients rely on. No spaces, underscores, exponents, other
    digits ("١٢"), leading "+" or "." ; no minus sign where the minimum is 0 or more. The
    number of digits before and after the point is limited as written (leading zeros count),
    so the schema's `pattern` (see `pattern`) is exactly what is accepted."""

    default_error_messages = {
        "invalid": 'A valid number is required: ASCII digits with an optional decimal point, e.g. "1500.00".',
        "negative": "Must not be negative.",
    }

    @property
    def allows_negative(self) -> bool:
        return self.min_value is None or self.min_value < 0

    @property
    def pattern(self) -> str:
        sign = "-?" if self.allows_negative else ""
        whole = "[0-9]+" if self.max_whole_digits is None else f"[0-9]{{1,{max(self.max_whole_digits, 1)}}}"
        fraction = "" if self.decimal_places == 0 else f"(\\.[0-9]{{1,{self.decimal_places}}})?"
        return f"^{sign}{whole}{fraction}$"

    def validate_empty_values(self, data):
        # DRF treats "  " as null for a nullable decimal; only null is null here.
        return serializers.Field.validate_empty_values(self, data)

    def to_internal_value(self, data):
        text = self._as_text(data)
        match = DECIMAL_TEXT.fullmatch(text)
        if match is None:
            self.fail("invalid")
        if text.startswith("-") and not self.allows_negative:
            self.fail("negative")
        whole, fraction = match.group(1), match.group(2) or ""
        if self.decimal_places is not None and len(fraction) > self.decimal_places:
            self.fail("max_decimal_places", max_decimal_places=self.decimal_places)
        if self.max_whole_digits is not None and len(whole) > max(self.max_whole_digits, 1):
            self.fail("max_whole_digits", max_whole_digits=self.max_whole_digits)
        return super().to_internal_value(text)

    def _as_text(self, data) -> str:
        if isinstance(data, str):
            if len(data) > self.MAX_STRING_LENGTH:
                self.fail("max_string_length")
            return data
        if isinstance(data, bool) or not isinstance(data, (int, float, Decimal)):
            self.fail("invalid")
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        try:
            number = Decimal(str(data)) if isinstance(data, float) else Decimal(data)
        except (InvalidOperation, ValueError):
            self.fail("invalid")
        if not number.is_finite():
            self.fail("invalid")
        # Plain notation (2.5e-07 → "0.00000025"), then the same rules as for a string.
        text = f"{number:f}"
        if len(text) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        return text


# RFC 3339 full-date, which is what the schema's `format: date` means.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339 date-time (`format: date-time`): seconds and a UTC offset are required; up to six
# fraction digits (microseconds, what is stored); "T" and "Z" in either case, as RFC 3339 allows.
ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
DATE_MESSAGE = "Enter a date as YYYY-MM-DD, e.g. 2026-12-24."
DATETIME_MESSAGE = "Enter a date and time as YYYY-MM-DDThh:mm:ss with a UTC offset, e.g. 2026-12-24T15:30:00Z."


def parse_iso_date(value) -> datetime.date | None:
    """`value` as a date if it is exactly YYYY-MM-DD (ASCII digits) and a real day, else None."""
    if not isinstance(value, str) or ISO_DATE.fullmatch(value) is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_iso_datetime(value) -> datetime.datetime | None:
    """`value` as an aware datetime if it is an RFC 3339 date-time, else None."""
    if not isinstance(value, str) or ISO_DATETIME.fullmatch(value) is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


class StrictDateField(serializers.DateField):
    """A date as YYYY-MM-DD only (DRF would take "2026-2-3", "20260203" and week dates)."""

    default_error_messages = {"invalid": DATE_MESSAGE}

    def to_internal_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value  # a Python caller's date
        parsed = parse_iso_date(value)
        if parsed is None:
            self.fail("invalid")
        return parsed


class StrictDateTimeField(serializers.DateTimeField):
    """An RFC 3339 date-time with its UTC offset (DRF would take "2026-2-3 4:05", no offset...)."""

    default_error_messages = {"invalid": DATETIME_MESSAGE}

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):
            return super().to_internal_value(value)  # a Python caller's datetime
        parsed = parse_iso_datetime(value)
        if parsed is None:
            self.fail("invalid")
        return self.enforce_timezone(parsed)
