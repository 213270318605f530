"""OpenAPI schema additions that hold for every operation, so the schema says what the code does.

Each view documents its own success and domain answers (409, 412, …). The answers every
operation can give because of shared machinery — authentication (401), roles (403), unknown
ids or pages (404), validation (400), body limits (413), media types (415), throttling (429) —
are added here once, with the JSON shapes DRF sends.
"""

from datetime import date

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from common.fields import StrictCharField, StrictDecimalField

ERROR_DETAIL = {
    "type": "object",
    "description": 'An error: `{"detail": "..."}`, plus what the client needs to act on a conflict.',
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
VALIDATION_ERROR = {
    "type": "object",
    "description": 'Invalid input: `{"field": ["message", ...]}` (or `non_field_errors`, or `detail`).',
    "additionalProperties": True,
}

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
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def add_standard_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", ERROR_DETAIL)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
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
            for code in sorted(codes):
                responses.setdefault(code, {"description": STANDARD_DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = _error_content(code)
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
