import copy
import datetime
import decimal
import operator
import threading

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings

from common.fields import (
    StrictCharField,
    StrictDateField,
    StrictDateTimeField,
    StrictDecimalField,
    StrictEmailField,
    StrictTextField,
)
from common.versions import OUTPUT_VERSION, output_versions

# Model fields map to the strict input fields (see common.fields): text that is text (one line
# for CharField, several and bounded for TextField), decimals of ASCII digits, ISO dates and
# RFC 3339 date-times. A field a serializer declares itself uses these classes too.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictTextField,
    models.EmailField: StrictEmailField,
    models.DecimalField: StrictDecimalField,
    models.DateField: StrictDateField,
    models.DateTimeField: StrictDateTimeField,
}


class StudioModelSerializer(serializers.ModelSerializer):
    # No docstring on purpose: the schema would show it as every subclass's description.
    serializer_field_mapping = STRICT_FIELD_MAPPING


class FieldsBuiltOnce:
    # No docstring on purpose (the schema would show it). For a ModelSerializer validated on a
    # hot path: ModelSerializer introspects the model to build its fields for every instance (a
    # request); with this mixin they are built once per class and deep-copied for each instance,
    # as DRF copies the declared fields (a copy makes each field anew from its arguments). Only
    # for a class whose get_fields depends on the class alone (not on context or instance).

    def get_fields(self):
        cls = type(self)
        template = cls.__dict__.get("_fields_built_once")
        if template is None:
            template = super().get_fields()
            cls._fields_built_once = template
        return copy.deepcopy(template)


# ---------------------------------------------------------------------------- fast output
#
# DRF serializes a row by building the serializer's fields (ModelSerializer introspects the model
# and deep-copies every declared field for each serializer instance, i.e. per response) and then
# calling get_attribute/to_representation on each field object per row. For the classes that
# mix in `CompiledOutput`, the first serialization compiles the readable fields once per class
# into a list of (name, getter, converter) and later ones build the dict from the row with plain
# functions: no field objects per response, no per-field method dispatch per row, decimals
# quantized with a context made once. The output is the same as DRF's (the tests compare both
# on every compiled serializer). Input and validation are DRF's as before: a serializer whose
# fields were built (it validated data, or someone changed its fields) takes DRF's path.


def _attribute_getter(field, model):
    """A function instance -> attribute for a field whose source is a plain attribute of the
    model (column, property), else the field's own get_attribute (dotted sources, `*`, defaults)."""
    attrs = field.source_attrs
    if model is not None and len(attrs) == 1:
        name = attrs[0]
        target = getattr(model, name, None)
        concrete = {f.name: f for f in model._meta.concrete_fields}
        if name in concrete and not concrete[name].is_relation:
            return operator.attrgetter(name)
        if isinstance(target, property):
            return operator.attrgetter(name)
    return None


def _decimal_converter(field):
    if field.localize or getattr(field, "normalize_output", False):
        return field.to_representation
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    quantum = decimal.Decimal(".1") ** field.decimal_places if field.decimal_places is not None else None
    rounding = field.rounding
    if quantum is None:
        return field.to_representation

    def convert(value, _tz):
        if not isinstance(value, decimal.Decimal):
            value = decimal.Decimal(str(value).strip())
        quantized = value.quantize(quantum, rounding=rounding, context=context)
        return f"{quantized:f}" if coerce else quantized

    return convert


def _datetime_converter(field):
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return _bound(field)
    fixed = getattr(field, "timezone", _CURRENT)
    slow = field.to_representation

    def convert(value, tz):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            text = value.astimezone(tz if fixed is _CURRENT else fixed).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return slow(value) if value else None

    return convert if settings.USE_TZ else _bound(field)


def _date_converter(field):
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return _bound(field)
    slow = field.to_representation

    def convert(value, _tz):
        if type(value) is datetime.date:
            return value.isoformat()
        return slow(value)

    return convert


def _bound(field):
    method = field.to_representation

    def convert(value, _tz):
        return method(value)

    return convert


def _plain(convert):
    def run(value, _tz):
        return convert(value)

    return run


def _primary_key(value, _tz):
    """A related object's id: the raw column value, or the pk of what get_attribute gave."""
    return value.pk if isinstance(value, (PKOnlyObject, models.Model)) else value


_CURRENT = object()
# Fields that read the request or the serializer's context, or hold other fields: never compiled
# (a serializer that has one takes DRF's path).
_UNCOMPILABLE = (
    serializers.SerializerMethodField,
    serializers.HyperlinkedRelatedField,
    serializers.FileField,
    serializers.ManyRelatedField,
    serializers.HiddenField,
)


def _converter(field):
    """value -> representation for one field, or None if the field cannot be compiled."""
    if isinstance(field, serializers.ListSerializer):
        child = _compile(field.child)
        if child is None or type(field).to_representation is not serializers.ListSerializer.to_representation:
            return None

        def many(value, tz):
            rows = value.all() if isinstance(value, models.manager.BaseManager) else value
            return [child(row, tz) for row in rows]

        return many
    if isinstance(field, serializers.BaseSerializer):
        return _compile(field)
    if isinstance(field, _UNCOMPILABLE):
        return None

    def plain(base) -> bool:  # an instance of `base` that represents values as `base` does
        return isinstance(field, base) and type(field).to_representation is base.to_representation

    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return _primary_key if field.pk_field is None and plain(serializers.PrimaryKeyRelatedField) else None
    if plain(serializers.DecimalField):
        return _decimal_converter(field)
    if plain(serializers.DateTimeField):
        return _datetime_converter(field)
    if plain(serializers.DateField):
        return _date_converter(field)
    if plain(serializers.IntegerField):
        return _plain(int)
    if plain(serializers.CharField):
        return _plain(str)
    return _bound(field)


def _getter(field, model):
    """instance -> attribute for one field (PKOnlyObject for a primary key relation, as DRF)."""
    if isinstance(field, serializers.PrimaryKeyRelatedField) and field.use_pk_only_optimization():
        if model is not None and len(field.source_attrs) == 1:
            try:
                attname = model._meta.get_field(field.source_attrs[0]).attname
            except FieldDoesNotExist:
                attname = None
            if attname is not None:
                getter = operator.attrgetter(attname)

                return getter
        return field.get_attribute
    return _attribute_getter(field, model) or field.get_attribute


def _compile(serializer):
    """The plan of a serializer instance's readable fields as a function (instance, tz) -> dict,
    or None when one of them cannot be compiled."""
    own_representation = type(serializer).to_representation not in (
        CompiledOutput.to_representation,
        Serializer.to_representation,
    )
    # A subclass whose to_representation starts from super()'s dict says so (`compiled_extends`):
    # the compiled plan is that super() part.
    if own_representation and not getattr(type(serializer), "compiled_extends", False):
        return None
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    own = getattr(type(serializer), "compiled_attributes", {})
    plan = []
    for field in serializer._readable_fields:
        convert = _converter(field)
        if convert is None:
            return None
        plan.append((field.field_name, own.get(field.field_name) or _getter(field, model), convert))
    plan = tuple(plan)

    def represent(instance, tz):
        out = {}
        for name, get, convert in plan:
            try:
                value = get(instance)
            except SkipField:
                continue
            if value is None or (type(value) is PKOnlyObject and value.pk is None):
                out[name] = None
            else:
                out[name] = convert(value, tz)
        return out

    return represent


_compiled: dict[type, object] = {}
_compile_lock = threading.Lock()


class CompiledOutput:
    # No docstring on purpose (the schema would show it). See "fast output" above.
    # `compiled_attributes`: {field name: function(instance) -> attribute} where a subclass reads
    # a field's attribute otherwise than by its source (e.g. rows a selector prefetched elsewhere).
    compiled_attributes: dict = {}

    def to_representation(self, instance):
        if "fields" in self.__dict__:  # built: validated input, or changed by its caller
            return super().to_representation(instance)
        cls = type(self)
        try:
            represent = _compiled[cls]
        except KeyError:
            with _compile_lock:
                represent = _compiled.get(cls) or _compile(cls())
                _compiled[cls] = represent or False
        if not represent:
            return super().to_representation(instance)
        # The child of a list serializes every row of one response: the time zone is looked up once.
        try:
            tz = self._output_timezone
        except AttributeError:
            tz = self._output_timezone = timezone.get_current_timezone()
        version = instance.__dict__.get(OUTPUT_VERSION)
        if version is None or version[1] != instance.__dict__.get("updated_at"):  # unmarked, or saved since
            return represent(instance, tz)
        key = (cls, tz, version)
        kept = output_versions.get(key)
        if kept is None:
            kept = represent(instance, tz)
            output_versions.put(key, kept)
        return dict(kept)
