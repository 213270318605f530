"""common.renderers.StudioJSONRenderer writes the bytes DRF's JSONRenderer writes."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict

from common.renderers import StudioJSONRenderer

VALUES = [
    {"a": 1, "b": "é ü 中", "c": None, "d": [True, False, 1.5, -2]},
    ReturnDict({"x": "1.00", "nested": {"y": []}}, serializer=None),
    {"when": datetime.datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC), "day": datetime.date(2030, 1, 2)},
    {"decimal": Decimal("12.50"), "id": uuid.UUID(int=5), "lazy": gettext_lazy("Orders")},
    {"separators": "a\u2028b\u2029c", "quote": '"\\/'},
    [],
    "text",
]


@pytest.mark.parametrize("value", VALUES)
def test_same_bytes_as_drf(value):
    assert StudioJSONRenderer().render(value) == JSONRenderer().render(value)


def test_indent_is_drfs():
    value = {"a": [1, 2]}
    media_type = "application/json; indent=4"

    assert StudioJSONRenderer().render(value, media_type) == JSONRenderer().render(value, media_type)


def test_what_orjson_refuses_is_rendered_by_drf():
    value = {1: "int key", "big": 2**70}

    assert StudioJSONRenderer().render(value) == JSONRenderer().render(value)


def test_none_is_empty():
    assert StudioJSONRenderer().render(None) == b""
