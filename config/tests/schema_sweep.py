"""Request bodies built from the OpenAPI schema, for sweeps over every writable field.

`json_body_properties()` lists, for every operation with a JSON request body, every property
the body can hold (nested ones included: an order's `items[0].quantity`), with its schema; a
free-form object (a measurement's `values`) contributes its keys as a property of their own.
`body_with(...)` builds a plausible body for the operation with one property set to a value.
A new endpoint or field is swept the day it appears in the schema.
"""

from dataclasses import dataclass
from functools import cache

from drf_spectacular.generators import SchemaGenerator

# A key of a free-form object (e.g. a measurement's `values`), rather than a named property.
ANY_KEY = "<key>"
PUBLIC_OPERATIONS = {("/api/v1/auth/login/", "post")}


@cache
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict) -> dict:
    """Follow `$ref`s and pick the meaningful branch of `allOf`/`oneOf`/`anyOf` (drf-spectacular
    writes a nullable or blank-able enum as `oneOf: [{$ref: Enum}, {$ref: BlankEnum}, ...]`)."""
    components = openapi_schema()["components"]["schemas"]
    while True:
        if "$ref" in schema:
            schema = {
                **components[schema["$ref"].rsplit("/", 1)[1]],
                **{k: v for k, v in schema.items() if k != "$ref"},
            }
            continue
        for combinator in ("allOf", "oneOf", "anyOf"):
            if combinator in schema:
                branches = [resolve(branch) for branch in schema[combinator]]
                meaningful = [b for b in branches if b.get("enum") not in ([""], [None]) and b.get("type") != "null"]
                merged = {k: v for k, v in schema.items() if k != combinator}
                schema = {**(meaningful or branches)[0], **merged}
                break
        else:
            return schema


@dataclass(frozen=True)
class BodyProperty:
    path: str
    method: str
    location: tuple  # keys and list indexes from the body's root to the property
    schema_items: tuple  # the property's resolved schema, as sorted items (hashable)

    @property
    def schema(self) -> dict:
        return dict(self.schema_items)

    @property
    def name(self) -> str:
        return ".".join(str(part) for part in self.location)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path} {self.name}"


def _walk(schema: dict, location: tuple):
    schema = resolve(schema)
    if schema.get("type") == "array" and "items" in schema:
        yield from _walk(schema["items"], (*location, 0))
        return
    if schema.get("type") == "object" or "properties" in schema:
        for name, child in schema.get("properties", {}).items():
            yield from _walk(child, (*location, name))
        additional = schema.get("additionalProperties")
        if isinstance(additional, dict):
            yield (*location, ANY_KEY), {"type": "string", "x-key-of": True}
        if location:
            return
    if location:
        yield location, schema


def json_body_properties():
    for path, operations in openapi_schema()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            for location, schema in _walk(content["application/json"]["schema"], ()):
                yield BodyProperty(path, method, location, tuple(sorted(schema.items(), key=lambda kv: kv[0])))


def _plausible(schema: dict, name, ids: dict):
    schema = resolve(schema)
    if "enum" in schema:
        return next(value for value in schema["enum"] if value not in ("", None))
    kind = schema.get("type")
    if kind == "string":
        return {"decimal": "1.00", "date": "2030-01-01", "date-time": "2030-01-01T10:00:00Z"}.get(
            schema.get("format"), "" if "email" in str(name) else "Plausible text"
        )
    if kind == "integer":
        return ids.get(name, 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if kind == "array":
        return [_plausible(schema["items"], None, ids)] if schema.get("minItems") else []
    if kind == "object" or "properties" in schema:
        if isinstance(schema.get("additionalProperties"), dict) and not schema.get("properties"):
            return {"waist": 71}
        return {
            key: _plausible(child, key, ids)
            for key, child in schema.get("properties", {}).items()
            if key in schema.get("required", [])
        }
    return "Plausible text"


def body_with(prop: BodyProperty, value, ids: dict):
    """A body for `prop`'s operation: its required properties with plausible values (ids from
    `ids` by property name), and `prop` set to `value` (a key of a free-form object: `value`
    becomes the key)."""
    operation = openapi_schema()["paths"][prop.path][prop.method]
    root_schema = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    body = _plausible(root_schema, None, ids)
    node, schema = body, root_schema
    for depth, part in enumerate(prop.location):
        last = depth == len(prop.location) - 1
        if part == ANY_KEY:
            node.clear()
            node[value] = 71
            return body
        if isinstance(part, int):
            child_schema = resolve(schema["items"])
            while len(node) <= part:
                node.append(_plausible(child_schema, None, ids))
        else:
            child_schema = resolve(schema.get("properties", {}).get(part, {}))
        if last:
            node[part] = value
        else:
            if isinstance(part, str) and part not in node:
                node[part] = [] if child_schema.get("type") == "array" else _plausible(child_schema, part, ids)
            node, schema = node[part], child_schema
    return body


def error_at(errors, location: tuple):
    """The messages a DRF validation error holds for the property at `location`, or None."""
    node = errors
    for part in location:
        if part == ANY_KEY:
            return node if node else None
        if isinstance(part, int):
            if not isinstance(node, list) or len(node) <= part:
                return None
        elif not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
