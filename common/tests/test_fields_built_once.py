"""FieldsBuiltOnce: a ModelSerializer's fields built once per class, a fresh copy per instance."""

from rest_framework import serializers

from common.models import Change
from common.serializers import FieldsBuiltOnce, StudioModelSerializer


class Plain(StudioModelSerializer):
    note = serializers.CharField(required=False, max_length=10)

    class Meta:
        model = Change
        fields = ["id", "model", "object_id", "op", "note"]


class BuiltOnce(FieldsBuiltOnce, Plain):
    class Meta(Plain.Meta):
        pass


def test_the_fields_are_those_drf_builds():
    assert repr(BuiltOnce().fields).replace("BuiltOnce", "Plain") == repr(Plain().fields)


def test_each_instance_has_fields_of_its_own():
    first, second = BuiltOnce(), BuiltOnce()
    first.fields.pop("note")
    first.fields["op"].required = False

    assert list(second.fields) == ["id", "model", "object_id", "op", "note"]
    assert second.fields["op"].required is True
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert second.fields["op"].parent is second


def test_validation_is_drfs():
    data = {"model": "x" * 101, "object_id": "a", "op": "bad", "note": "y" * 11}
    built_once, plain = BuiltOnce(data=data), Plain(data=data)

    assert not built_once.is_valid() and not plain.is_valid()
    assert built_once.errors == plain.errors
