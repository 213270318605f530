"""OpenAPI schema additions that hold for every operation, so the schema says what the code does.

Each view documents its own success and domain answers (409, 412, …). The answers every
operation can give because of shared machinery — authentication (401), roles (403), unknown
ids or pages (404), validation (400), body limits (413), media types (415), throttling (429) —
are added here once, with the JSON shapes DRF sends.

The rest is for the clients generated from the schema (README "Generated clients"): every field
a response component holds is required (require_always_sent_fields), filter parameters refer to
the model enums (reuse_enums_in_parameters), the headers the machinery sends are declared, and
apps declare their domain errors with error_component().
"""

import copy
from datetime import date

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from common.etag import IF_NONE_MATCH_PARAMETER, NOT_MODIFIED_RESPONSE, ETagMixin
from common.fields import StrictCharField, StrictDecimalField

IDEMPOTENCY_KEY = "Idempotency-Key"
ETAG_ACTIONS = {"retrieve", "update", "partial_update"}
ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="Version of the object; send it back as `If-Match` to change only that version.",
)

ERROR_DETAIL = {
    "type": "object",
    "description": 'An error: `{"detail": "..."}`.',
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        'Invalid input, as DRF answers it: `{"field": ["message", ...]}` for each field (or query '
        "parameter, or header) that is wrong; `non_field_errors` for what concerns several; "
        "`detail` alone when the body could not be read at all (malformed JSON)."
    ),
    "properties": {"non_field_errors": MESSAGES, "detail": {"type": "string"}},
    "additionalProperties": {"$ref": "#/components/schemas/FieldErrors"},
}
FIELD_ERRORS = {
    "description": (
        "The messages for one field: a list of strings; for a nested object, its own "
        "`ValidationError`; for a list of nested objects (an order's `items`), one entry per item: "
        "its `ValidationError` (`{}` when it has none), or a list of strings when the item is not "
        "an object at all (`null`)."
    ),
    "oneOf": [
        MESSAGES,
        {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/ValidationError"}, MESSAGES]}},
        {"$ref": "#/components/schemas/ValidationError"},
    ],
}

# Components written here, not made from a serializer: each states its own `required` (a
# ValidationError carries only the fields that are wrong), so the always-sent rule leaves them
# as they are. Apps add their error bodies with error_component().
_HAND_WRITTEN: dict[str, dict] = {
    "ErrorDetail": ERROR_DETAIL,
    "ValidationError": VALIDATION_ERROR,
    "FieldErrors": FIELD_ERRORS,
}


def component_ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def error_component(name: str, *, description: str, code: str | list[str] | None = None, **properties) -> dict:
    """Declare the body of a domain error (common.exceptions.DomainError) exactly as the handler
    sends it: `detail`, `code` when the error has one (the value a client switches on when one
    endpoint answers several kinds of 409), and the `extra` fields, every one always sent.
    Returns the `$ref` to use in `OpenApiResponse(...)`."""
    schema_properties = {"detail": {"type": "string"}}
    if code is not None:
        schema_properties["code"] = {"type": "string", "enum": [code] if isinstance(code, str) else list(code)}
    schema_properties.update(properties)
    _HAND_WRITTEN[name] = {
        "type": "object",
        "description": description,
        "properties": schema_properties,
        "required": list(schema_properties),
    }
    return component_ref(name)


def schema_component(name: str, schema: dict) -> dict:
    """Declare a component written by hand (it states its own `required`); returns its `$ref`."""
    _HAND_WRITTEN[name] = schema
    return component_ref(name)


def one_of(*refs: dict) -> dict:
    """The body of an answer that can be any of several error components (each has its `code`)."""
    return {"oneOf": list(refs)}


STANDARD_DESCRIPTIONS = {
    "400": "Invalid input; the body names each field (or parameter) and what is wrong.",
    "401": "No token, or a bad, expired or revoked one.",
    "403": "Your role may not do this.",
    "404": "No such object (or page), or not visible to you.",
    "413": "The request body is too large.",
    "415": "Unsupported media type for the request body.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
}
UNTHROTTLED_PATHS = {"/healthz"}
ID_PATTERNS = {"^[0-9]+$", r"^\d+$"}


# Examples by kind of value, so Swagger UI's sample bodies read like a studio's (its own samples
# for a decimal pattern look like "-14928." or "0620241839"). MONEY and QUANTITY share one
# precision, so the kind is told by the field's name: the studio's words for money, a signed
# change of stock, and everything else decimal is a quantity.
MONEY_WORDS = ("price", "amount", "balance", "payments")
CHANGE_WORDS = ("delta",)
MONEY_EXAMPLE = "1500.00"
QUANTITY_EXAMPLE = "2.50"
CHANGE_EXAMPLE = "-1.50"


def decimal_example(name: str) -> str:
    if any(word in name for word in MONEY_WORDS):
        return MONEY_EXAMPLE
    if any(word in name for word in CHANGE_WORDS):
        return CHANGE_EXAMPLE
    return QUANTITY_EXAMPLE


def date_example() -> str:
    """A day ahead (a delivery date, say): the 15th of June next year, the same all year round."""
    return date(timezone.localdate().year + 1, 6, 15).isoformat()


def _error_content(code: str) -> dict:
    name = "ValidationError" if code == "400" else "ErrorDetail"
    return {"application/json": {"schema": component_ref(name)}}


# Headers the machinery sends on its answers, by status code.
STANDARD_HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "`Token`: the scheme to authenticate with.",
        }
    },
    "429": {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 0},
            "description": "Seconds to wait before the next attempt.",
        }
    },
}
IDEMPOTENT_REPLAYED = {
    "schema": {"type": "string", "enum": ["true"]},
    "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
}


def add_standard_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _HAND_WRITTEN.items():
        # A copy: whoever reads the generated schema may change it, never the declarations.
        schemas.setdefault(name, copy.deepcopy(schema))
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            secured = any(requirement for requirement in operation.get("security", [{}]))
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                # Ids are matched by `[0-9]+` in the URL; say so as an integer, not a string pattern.
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("pattern") in ID_PATTERNS:
                    parameter["schema"] = {"type": "integer", "minimum": 0}
                    parameter.setdefault("example", 1)
            codes = set()
            if secured:
                codes |= {"401", "403"}
            if "{" in path or any(parameter.get("name") == "page" for parameter in parameters):
                codes.add("404")
            if "requestBody" in operation:
                codes |= {"400", "413", "415"}
            if any(parameter.get("in") == "query" for parameter in parameters):
                codes.add("400")
            if path not in UNTHROTTLED_PATHS:
                codes.add("429")
            replayable = any(
                parameter.get("in") == "header" and parameter.get("name") == IDEMPOTENCY_KEY for parameter in parameters
            )
            if replayable:
                codes.add("400")  # a malformed Idempotency-Key
            for code in sorted(codes):
                responses.setdefault(code, {"description": STANDARD_DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = _error_content(code)
                for name, header in STANDARD_HEADERS.get(code, {}).items():
                    response.setdefault("headers", {}).setdefault(name, header)
                if replayable and code.startswith("2"):
                    response.setdefault("headers", {}).setdefault("Idempotent-Replayed", IDEMPOTENT_REPLAYED)
            if replayable and "409" not in responses:
                responses["409"] = {
                    "description": "The Idempotency-Key was already used with another body or endpoint, or a "
                    "request with it is still running; `code` says which.",
                    "content": {"application/json": {"schema": component_ref("IdempotencyConflict")}},
                }
            elif replayable:
                _idempotency_conflict_add(responses["409"])
    return result


def _idempotency_conflict_add(response: dict) -> None:
    """An idempotent operation's own 409 also answers a reused or running Idempotency-Key."""
    content = response.setdefault("content", {}).setdefault("application/json", {})
    schema = content.get("schema")
    if schema is None:
        content["schema"] = component_ref("IdempotencyConflict")
        return
    if "IdempotencyConflict" in _refs(schema):
        return
    cases = schema["oneOf"] if set(schema) == {"oneOf"} else [schema]
    content["schema"] = {"oneOf": [*cases, component_ref("IdempotencyConflict")]}
    response["description"] = (
        f"{response.get('description', '').rstrip('.')}; or the Idempotency-Key was reused or is in use "
        "(`code` says which)."
    )


def _refs(node) -> set[str]:
    """The component names `node` refers to, at any depth."""
    found = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _closure(names: set[str], schemas: dict) -> set[str]:
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        pending.extend(_refs(schemas[name]))
    return seen


def _require_every_property(schema: dict) -> None:
    """Every property of an object (and of the inline objects inside it) is required."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if "properties" in schema:
        schema["required"] = list(schema["properties"])
    for sub in schema.get("properties", {}).values():
        _require_every_property(sub)
    for key in ("items", "additionalProperties"):
        _require_every_property(schema.get(key))
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            _require_every_property(sub)


def require_always_sent_fields(result, generator, request, public):
    """drf-spectacular postprocessing hook: in what the server answers, every field is required.

    A serializer renders every readable field of the object it is given, whatever the field's
    `required` (which is about input): `null` when there is no value, never left out. So in every
    component reachable from a response only — and in inline response bodies — every property is
    listed as `required` (nullable ones stay `nullable`). Request components (COMPONENT_SPLIT_REQUEST
    makes them separate, `…Request`) keep their own optionality, and so do the hand-written
    components above (a ValidationError names only the wrong fields). Generators then type these
    fields as always present (no `Unset`, no `?:`).
    """
    schemas = result.get("components", {}).get("schemas", {})
    response_roots: set[str] = set()
    request_roots: set[str] = set()
    inline_bodies: list[dict] = []
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            request_roots |= _refs(operation.get("requestBody", {}))
            request_roots |= _refs(operation.get("parameters", []))
            for response in operation.get("responses", {}).values():
                for media in response.get("content", {}).values():
                    response_roots |= _refs(media.get("schema", {}))
                    inline_bodies.append(media.get("schema", {}))
    shared_with_requests = _closure(request_roots, schemas)
    for name in _closure(response_roots, schemas) - shared_with_requests - set(_HAND_WRITTEN):
        _require_every_property(schemas[name])
    for body in inline_bodies:
        _require_every_property(body)
    return result


def _enum_components(schemas: dict) -> dict[frozenset, str]:
    return {
        frozenset(schema["enum"]): name
        for name, schema in schemas.items()
        if schema.get("type") == "string" and isinstance(schema.get("enum"), list) and name not in _HAND_WRITTEN
    }


def reuse_enums_in_parameters(result, generator, request, public):
    """drf-spectacular postprocessing hook: a query parameter whose values are those of a model's
    enum (a ChoiceFilter on `status`) refers to that enum's component, so a client passes the same
    type it reads (OrderStatusEnum), not a look-alike made for the parameter."""
    enums = _enum_components(result.get("components", {}).get("schemas", {}))
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                target = schema.get("items", schema) if schema.get("type") == "array" else schema
                name = enums.get(frozenset(target.get("enum", []))) if target.get("enum") else None
                if name is None:
                    continue
                replacement = component_ref(name)
                if target is schema:
                    parameter["schema"] = replacement
                else:
                    schema["items"] = replacement
    return result


class StudioAutoSchema(AutoSchema):
    """The strict input fields (common.fields) state their rules as patterns: decimals of ASCII
    digits (without the minus sign where negatives are refused), text without control characters
    (request bodies only: rows written before the rule, or by the admin, may hold some). Decimals
    and dates carry a realistic example of their kind."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema.get("type") == "string" and "example" not in schema:
            if isinstance(field, serializers.DecimalField):
                schema["example"] = decimal_example(field.field_name or "")
            elif isinstance(field, serializers.DateField) and schema.get("format") == "date":
                schema["example"] = date_example()
        if (isinstance(field, StrictDecimalField) and schema.get("type") == "string") or (
            isinstance(field, StrictCharField)
            and direction == "request"
            and field.pattern is not None
            and schema.get("type") == "string"
            and "pattern" not in schema
            and "enum" not in schema
        ):
            schema["pattern"] = field.pattern
        return schema

    def get_override_parameters(self):
        # An ETagMixin view sends ETag with one object (GET) and after PUT/PATCH; said once here.
        parameters = super().get_override_parameters()
        if (
            isinstance(self.view, ETagMixin)
            and getattr(self.view, "action", None) in ETAG_ACTIONS
            and not any(getattr(parameter, "name", None) == "ETag" for parameter in parameters)
        ):
            parameters = [*parameters, ETAG_RESPONSE_HEADER]
        # A handler wrapped by common.idempotency.idempotent takes the Idempotency-Key header.
        handler = getattr(self.view, getattr(self.view, "action", None) or "", None)
        if getattr(handler, "idempotent", False) and not any(
            getattr(parameter, "name", None) == IDEMPOTENCY_KEY for parameter in parameters
        ):
            from common.idempotency import IDEMPOTENCY_KEY_PARAMETER

            parameters = [*parameters, IDEMPOTENCY_KEY_PARAMETER]
        if self._conditional_get() and not any(
            getattr(parameter, "name", None) == IF_NONE_MATCH_PARAMETER.name for parameter in parameters
        ):
            parameters = [*parameters, IF_NONE_MATCH_PARAMETER]
        return parameters

    def _conditional_get(self) -> bool:
        """A GET that answers 304 to If-None-Match: one object of an ETagMixin view, a page of a
        PageETagMixin view."""
        action = getattr(self.view, "action", None)
        return (isinstance(self.view, ETagMixin) and action == "retrieve") or (
            getattr(self.view, "page_etag", False) and action == "list"
        )

    def _get_response_bodies(self, direction="response"):
        # Here rather than in get_response_serializers, which an @extend_schema(responses=...) replaces.
        bodies = super()._get_response_bodies(direction)
        if self._conditional_get():
            bodies["304"] = self._get_response_for_code(NOT_MODIFIED_RESPONSE, "304", direction=direction)
        return bodies

    def _get_request_for_media_type(self, serializer, direction="request"):
        # drf-spectacular treats every PATCH body as partial (all optional, a `Patched…` component).
        # That is DRF's partial_update; a PATCH action (an order's `status/`) validates its body
        # whole, so its body and required fields are declared as such.
        if self.method == "PATCH" and getattr(self.view, "action", "partial_update") not in (None, "partial_update"):
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)
