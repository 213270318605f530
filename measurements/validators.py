"""The rules of a measurement's `values`, shared by the API field, the services and the admin.

`values` is an object of named measurements, e.g. `{"bust": 92.5, "waist": 71}`:

- at least one and at most `MAX_MEASUREMENTS` entries;
- names are text of 1 to `MAX_NAME_LENGTH` characters once surrounding spaces are removed
  (they are stored trimmed), without control characters; two names that are the same once
  trimmed are refused;
- values are JSON numbers (integers or decimals, never booleans or strings) greater than 0
  and less than `MAX_VALUE`; they are stored exactly as given.
"""

import math
import unicodedata
from typing import Any

MAX_MEASUREMENTS = 100
MAX_NAME_LENGTH = 50
MAX_VALUE = 1000

NOT_AN_OBJECT = 'Expected an object of named measurements, e.g. {"bust": 92.5, "waist": 71}.'
EMPTY = "Give at least one measurement."
TOO_MANY = f"At most {MAX_MEASUREMENTS} measurements are allowed."
NAME_EMPTY = "A measurement name must not be empty."
NAME_TOO_LONG = f"A measurement name is at most {MAX_NAME_LENGTH} characters."
NAME_CONTROL = "A measurement name must not contain control characters."
NAME_DUPLICATE = "Another measurement has the same name once surrounding spaces are removed."
BAD_VALUE = f"Must be a positive number below {MAX_VALUE}."

# Cc: control characters (NUL, newlines...); Cs: lone surrogates, which cannot be stored as UTF-8.
_FORBIDDEN_CATEGORIES = {"Cc", "Cs"}


def is_measurement_number(value: Any) -> bool:
    """A JSON number in (0, MAX_VALUE). `bool` is a subclass of `int` in Python: refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return 0 < value < MAX_VALUE


def _name_errors(name: str) -> list[str]:
    trimmed = name.strip()
    if not trimmed:
        return [NAME_EMPTY]
    errors = []
    if len(trimmed) > MAX_NAME_LENGTH:
        errors.append(NAME_TOO_LONG)
    if any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES for char in trimmed):
        errors.append(NAME_CONTROL)
    return errors


def clean_measurement_values(values: Any) -> tuple[dict[str, int | float], list[str], dict[str, list[str]]]:
    """Check `values`; return (cleaned values, errors about the whole object, errors by name).

    The cleaned values have trimmed names and the numbers exactly as given. They are only
    meaningful when both error collections are empty. Errors by name are keyed by the name
    as the client sent it, so the client can find the offending entry.
    """
    if not isinstance(values, dict):
        return {}, [NOT_AN_OBJECT], {}
    if not values:
        return {}, [EMPTY], {}
    if len(values) > MAX_MEASUREMENTS:
        # Not looking at the entries of an oversized document keeps the answer small.
        return {}, [TOO_MANY], {}

    cleaned: dict[str, int | float] = {}
    by_name: dict[str, list[str]] = {}
    for name, value in values.items():
        # JSON object keys are always strings; a Python caller (admin, shell) might not be.
        if not isinstance(name, str):
            by_name[str(name)] = [NAME_EMPTY]
            continue
        errors = _name_errors(name)
        if not is_measurement_number(value):
            errors.append(BAD_VALUE)
        trimmed = name.strip()
        if not errors and trimmed in cleaned:
            errors.append(NAME_DUPLICATE)
        if errors:
            by_name[name] = errors
        else:
            cleaned[trimmed] = value
    return cleaned, [], by_name


def flat_values_messages(general: list[str], by_name: dict[str, list[str]]) -> list[str]:
    """The errors of clean_measurement_values as flat, readable messages (admin, services)."""
    return general + [f"{name!r}: {message}" for name, messages in by_name.items() for message in messages]
