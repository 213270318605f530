"""Which fields of the generated client's response models are typed as maybe missing (`Unset`).

Usage: client_models.py SCHEMA.yml PACKAGE_DIR [--max-unset N]
       client_models.py SCHEMA.yml - --typescript-names FILE  (the same components, for tsc)

The response models are those of the schema's components that responses refer to (at any
depth) and request bodies do not. A field of theirs typed `... | Unset` is one a client must
check for before use; the server always sends every field of what it answers, so each one is a
defect of the schema — except the few below, which are absent by design. Prints every such
field and their count; exits 1 when there are more than N (default 0) outside that list.
"""

import argparse
import importlib
import inspect
import sys
from pathlib import Path

import attrs
import yaml

# Absent by design: a ValidationError holds only what is wrong (common.schema.VALIDATION_ERROR).
SOMETIMES_ABSENT = {"ValidationError.non_field_errors", "ValidationError.detail"}


def _refs(node) -> set[str]:
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
        if name not in seen and name in schemas:
            seen.add(name)
            pending.extend(_refs(schemas[name]))
    return seen


def response_components(schema: dict) -> set[str]:
    schemas = schema.get("components", {}).get("schemas", {})
    responses, requests = set(), set()
    for operations in schema["paths"].values():
        for operation in operations.values():
            requests |= _refs(operation.get("requestBody", {})) | _refs(operation.get("parameters", []))
            responses |= _refs(operation.get("responses", {}))
    return _closure(responses, schemas) - _closure(requests, schemas)


def unset_fields(package_dir: Path, components: set[str]) -> list[str]:
    sys.path.insert(0, str(package_dir.parent))
    models = importlib.import_module(f"{package_dir.name}.models")
    found = []
    for name, cls in sorted(inspect.getmembers(models, inspect.isclass)):
        if name not in components or not attrs.has(cls):
            continue
        for field in attrs.fields(cls):
            if field.name != "additional_properties" and "Unset" in str(field.type):
                found.append(f"{name}.{field.name}")
    return found


def typescript_names(components: set[str], schemas: dict) -> str:
    """The response components that are objects, as TypeScript types, for .ci/typescript/scenario.ts."""
    components = {name for name in components if "properties" in schemas[name]}
    absent: dict[str, list[str]] = {}
    for field in sorted(SOMETIMES_ABSENT):
        component, name = field.split(".")
        absent.setdefault(component, []).append(name)
    names = " | ".join(f'"{name}"' for name in sorted(components)) or "never"
    by_component = "; ".join(f"{key}: {' | '.join(repr(n) for n in value)}" for key, value in absent.items())
    return (
        "// Written by .ci/client_models.py from the schema.\n"
        f"export type ResponseName = {names};\n"
        f"export type SometimesAbsent = {{ {by_component} }};\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("schema", type=Path)
    parser.add_argument("package", type=Path)
    parser.add_argument("--max-unset", type=int, default=0)
    parser.add_argument("--typescript-names", type=Path, help="write the response components' names for tsc")
    args = parser.parse_args()
    schema = yaml.safe_load(args.schema.read_text())
    if args.typescript_names:
        args.typescript_names.write_text(typescript_names(response_components(schema), schema["components"]["schemas"]))
        return 0
    found = unset_fields(args.package.resolve(), response_components(schema))
    defects = [field for field in found if field not in SOMETIMES_ABSENT]
    for field in defects:
        print(f"  Unset-typed response field: {field}")
    print(
        f"client models: {len(found)} Unset-typed response fields, {len(found) - len(defects)} of them "
        f"absent by design ({', '.join(sorted(SOMETIMES_ABSENT))}), {len(defects)} defects"
    )
    return 1 if len(defects) > args.max_unset else 0


if __name__ == "__main__":
    sys.exit(main())
