"""A measurement's values edited as rows of name and value (the admin), not as raw JSON.

The rows only carry what was typed to measurements.services, which holds the rules
(measurements.validators): a value that is not a number reaches the service as the text typed
and is refused there, with the row's name, like any other bad value.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from measurements.validators import NAME_DUPLICATE

# Empty rows offered below the measurements already given, so more can be added without any
# script (the admin's static script adds further rows on demand).
EXTRA_ROWS = 3
MIN_ROWS = 6
_ROW_KEY = re.compile(r"^(?P<name>.+)-name-(?P<index>\d+)$")


def _number(text: str) -> int | float | str:
    """The number typed ("92.5" → 92.5, "71" → 71), or the text itself when it is not one."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value() and "." not in text and "e" not in text.lower():
        return int(number)
    return float(number)


class MeasurementRowsWidget(forms.Widget):
    """Rows of `<name>-name-N` and `<name>-value-N` inputs; its value is a list of (name, value)."""

    template_name = "measurements/widgets/measurement_rows.html"

    class Media:
        js = ["measurements/measurement_rows.js"]
        css = {"all": ["measurements/measurement_rows.css"]}

    def __init__(self, attrs=None, unit: str = ""):
        super().__init__(attrs)
        self.unit = unit

    def format_value(self, value):
        if isinstance(value, dict):
            return [(name, "" if number is None else str(number)) for name, number in value.items()]
        return list(value or [])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [(str(row_name), str(row_value)) for row_name, row_value in self.format_value(value)]
        rows = [row for row in rows if row != ("", "")]
        rows += [("", "")] * max(EXTRA_ROWS, MIN_ROWS - len(rows))
        context["widget"]["rows"] = [
            {"index": index, "name": row_name, "value": row_value} for index, (row_name, row_value) in enumerate(rows)
        ]
        context["widget"]["unit"] = self.unit
        return context

    def form_data(self, name, value) -> dict[str, str]:
        """What a browser posts back for this value, unchanged (the rows as rendered)."""
        rows = self.get_context(name, value, {})["widget"]["rows"]
        data = {}
        for row in rows:
            data[f"{name}-name-{row['index']}"] = row["name"]
            data[f"{name}-value-{row['index']}"] = row["value"]
        return data

    def value_from_datadict(self, data, files, name):
        indexes = sorted(
            int(match["index"])
            for key in data
            if (match := _ROW_KEY.match(key)) and match["name"] == name
        )
        return [(data.get(f"{name}-name-{index}", ""), data.get(f"{name}-value-{index}", "")) for index in indexes]

    def value_omitted_from_data(self, data, files, name):
        return not any((match := _ROW_KEY.match(key)) and match["name"] == name for key in data)

    def id_for_label(self, id_):
        return f"{id_}-name-0" if id_ else id_


class MeasurementRowsField(forms.Field):
    """A measurement's values from rows: blank rows are left out, each other row becomes one
    entry, named as typed. Whether the entries are good is the service's answer."""

    widget = MeasurementRowsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)  # "give at least one" is the service's rule
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        values: dict[str, int | float | str | None] = {}
        for name, text in value or []:
            name, text = str(name), str(text).strip()
            if not name.strip() and not text:
                continue
            if name in values:
                # A dict holds one value per name: a second row of the same name would vanish.
                raise ValidationError(f"{name!r}: {NAME_DUPLICATE}")
            values[name] = _number(text) if text else None
        return values

    def has_changed(self, initial, data):
        return (initial or {}) != self.to_python(data)
