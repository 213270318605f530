"""Garment types' points, unit conversion and the check of a measurement against its template.

A point is `{"name", "label", "min_cm", "max_cm", "required"}`: a name as measurement `values`
names them (measurements.validators), a label for people, a range in cm with
`0 < min_cm < max_cm < 1000`, and whether every measurement of the type must have it.
"""

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from measurements.models import MeasurementUnit
from measurements.validators import MAX_NAME_LENGTH, MAX_VALUE, _name_errors

CM_PER_INCH = Decimal("2.54")
MAX_POINTS = 100
MAX_LABEL_LENGTH = 100
POINT_KEYS = {"name", "label", "min_cm", "max_cm", "required"}

NOT_A_LIST = "Expected a list of points."
TOO_MANY_POINTS = f"At most {MAX_POINTS} points."
POINT_NOT_AN_OBJECT = 'Each point is an object {"name", "label", "min_cm", "max_cm", "required"}.'
POINT_DUPLICATE = "Another point has this name."
RANGE = f"Needs 0 < min_cm < max_cm < {MAX_VALUE}."
MISSING_POINT = "Required by the garment type."


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not (isinstance(value, float) and not math.isfinite(value))


def clean_points(points: Any) -> tuple[list[dict], list[str], dict[str, dict[str, list[str]]]]:
    """Check a garment type's points: (cleaned, errors about the list, errors by index and key)."""
    if not isinstance(points, list):
        return [], [NOT_A_LIST], {}
    if len(points) > MAX_POINTS:
        return [], [TOO_MANY_POINTS], {}
    cleaned, by_index, seen = [], {}, set()
    for index, point in enumerate(points):
        errors: dict[str, list[str]] = {}
        if not isinstance(point, dict):
            by_index[str(index)] = {"non_field_errors": [POINT_NOT_AN_OBJECT]}
            continue
        unknown = sorted(set(point) - POINT_KEYS)
        for key in unknown:
            errors[str(key)] = ["Unknown key."]
        name = point.get("name")
        if not isinstance(name, str):
            errors["name"] = ["A text of 1 to 50 characters."]
        else:
            name = name.strip()
            if problems := _name_errors(name):
                errors["name"] = problems
            elif name in seen:
                errors["name"] = [POINT_DUPLICATE]
        label = point.get("label", name if isinstance(name, str) else "")
        if not isinstance(label, str) or len(label.strip()) > MAX_LABEL_LENGTH or not label.strip():
            errors["label"] = [f"A text of 1 to {MAX_LABEL_LENGTH} characters."]
        elif _name_errors(label.strip()[:MAX_NAME_LENGTH]):
            errors["label"] = ["A label must not contain control characters."]
        low, high = point.get("min_cm"), point.get("max_cm")
        for key, value in (("min_cm", low), ("max_cm", high)):
            if not _number(value):
                errors[key] = ["A number of centimetres."]
        if "min_cm" not in errors and "max_cm" not in errors and not (0 < low < high < MAX_VALUE):
            errors["max_cm"] = [RANGE]
        required = point.get("required", False)
        if not isinstance(required, bool):
            errors["required"] = ["Must be true or false."]
        if errors:
            by_index[str(index)] = errors
            continue
        seen.add(name)
        cleaned.append({"name": name, "label": label.strip(), "min_cm": low, "max_cm": high, "required": required})
    return cleaned, [], by_index


def to_cm(value: int | float, unit: str) -> Decimal:
    amount = Decimal(str(value))
    return amount * CM_PER_INCH if unit == MeasurementUnit.INCH else amount


def _one_decimal(amount: Decimal) -> float:
    return float(amount.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def convert_values(values: dict, *, from_unit: str, to_unit: str) -> dict:
    """`values` shown in `to_unit` (1 in = 2.54 cm), rounded to one decimal; unchanged if the same unit."""
    if from_unit == to_unit:
        return dict(values)
    converted = {}
    for name, value in values.items():
        cm = to_cm(value, from_unit)
        converted[name] = _one_decimal(cm / CM_PER_INCH if to_unit == MeasurementUnit.INCH else cm)
    return converted


def values_in_cm(values: dict, unit: str) -> dict[str, float]:
    return {name: _one_decimal(to_cm(value, unit)) for name, value in values.items()}


def template_errors(*, values: dict, unit: str, points: list[dict]) -> dict[str, list[str]]:
    """Each point of the template missing (when required) or, converted to cm, out of its range."""
    errors: dict[str, list[str]] = {}
    for point in points:
        name = point["name"]
        if name not in values:
            if point.get("required"):
                errors[name] = [MISSING_POINT]
            continue
        cm = to_cm(values[name], unit)
        low, high = Decimal(str(point["min_cm"])), Decimal(str(point["max_cm"]))
        if not low <= cm <= high:
            errors[name] = [f"Must be between {point['min_cm']} and {point['max_cm']} cm; got {_one_decimal(cm)} cm."]
    return errors


def changes_between(previous: dict | None, current: dict) -> dict:
    """`{"waist": {"from": 71.0, "to": 73.5}}` for every point that differs (both in cm)."""
    if previous is None:
        return {}
    names = list(dict.fromkeys([*previous, *current]))
    return {
        name: {"from": previous.get(name), "to": current.get(name)}
        for name in names
        if previous.get(name) != current.get(name)
    }
