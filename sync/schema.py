"""The feed's body in the OpenAPI schema: each change is one of a typed upsert per resource
(its `data` is that resource's own component, as its detail endpoint sends it) or a delete."""

from common.schema import component_ref, schema_component
from sync.resources import REGISTRY


def _upsert(resource) -> dict:
    return schema_component(
        f"Sync{resource.component}Upsert",
        {
            "type": "object",
            "description": f"The {resource.name.replace('_', ' ')} in its current state, as its detail "
            "endpoint shows it.",
            "properties": {
                "resource": {"type": "string", "enum": [resource.name]},
                "id": {"type": "integer"},
                "op": {"type": "string", "enum": ["upsert"]},
                "data": component_ref(resource.component),
            },
            "required": ["resource", "id", "op", "data"],
        },
    )


SYNC_DELETE = schema_component(
    "SyncDelete",
    {
        "type": "object",
        "description": "The row was deleted, or is no longer visible through the API (a voided payment, a "
        "soft-deleted picture): remove it from the replica.",
        "properties": {
            "resource": {"type": "string", "enum": REGISTRY.names()},
            "id": {"type": "integer"},
            "op": {"type": "string", "enum": ["delete"]},
            "data": {"nullable": True, "enum": [None], "description": "Always null."},
        },
        "required": ["resource", "id", "op", "data"],
    },
)

SYNC_PAGE = schema_component(
    "SyncPage",
    {
        "type": "object",
        "properties": {
            "changes": {
                "type": "array",
                "items": {"oneOf": [*(_upsert(resource) for resource in REGISTRY), SYNC_DELETE]},
                "description": "Each row at most once, in its latest state.",
            },
            "next_cursor": {
                "type": "string",
                "description": "Send it back as `cursor` for the next page (or, when has_more is false, later, "
                "for what changed since). Opaque and signed.",
            },
            "has_more": {
                "type": "boolean",
                "description": "true: ask again at once with next_cursor; false: you have everything for now.",
            },
        },
        "required": ["changes", "next_cursor", "has_more"],
    },
)
