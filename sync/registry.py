"""The resources of the change feed: one entry each, and the registry that holds them.

An entry says everything the feed needs to know about a resource (sync/resources.py lists them):

- `name`: the `resource` value clients see (`customer`, `payment`, ...);
- `model`: the model whose rows the services record in the change log (common.changes);
- `queryset`: a function returning the rows the API shows, prepared as the detail endpoint
  prepares them (its selector: joins, prefetches). A row the log names that is not in it
  (deleted, a voided payment, a soft-deleted picture) is sent as a `delete`;
- `serializer`: the detail endpoint's serializer, so `data` is exactly what that endpoint shows;
- `component`: the name of that serializer's component in the OpenAPI schema;
- `visible_to`: whether a user gets this resource's rows at all (the role scope).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from rest_framework.serializers import BaseSerializer

from accounts.models import Role


def everyone(user) -> bool:
    return True


def leads_only(user) -> bool:
    return user.role == Role.LEAD


@dataclass(frozen=True)
class SyncResource:
    name: str
    model: type[Model]
    queryset: Callable[[], QuerySet]
    serializer: type[BaseSerializer]
    component: str
    visible_to: Callable[..., bool] = field(default=everyone)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


class SyncRegistry:
    """The feed's resources in snapshot order (a full sync sends them in this order)."""

    def __init__(self) -> None:
        self._by_name: dict[str, SyncResource] = {}

    def register(self, resource: SyncResource) -> SyncResource:
        if resource.name in self._by_name:
            raise ValueError(f"sync resource {resource.name!r} is registered twice")
        self._by_name[resource.name] = resource
        return resource

    def __iter__(self) -> Iterator[SyncResource]:
        return iter(self._by_name.values())

    def names(self) -> list[str]:
        return list(self._by_name)

    def labels(self) -> list[str]:
        return [resource.label for resource in self]

    def by_label(self) -> dict[str, SyncResource]:
        return {resource.label: resource for resource in self}

    def for_user(self, user) -> list[SyncResource]:
        return [resource for resource in self if resource.visible_to(user)]
