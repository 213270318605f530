from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from accounts.permissions import LeadOnly
from common.filters import StudioFilterBackend, StudioOrderingFilter
from events import selectors as event_selectors
from events.filters import EventFilter
from events.serializers import EventSerializer


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(
        summary="The event log",
        description=(
            "Every change the studio's services recorded, newest (highest id) first. `?type=` (repeatable) "
            "keeps those types; `?after=<id>` keeps the events after that id. Lead designers only."
        ),
    )
)
class EventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The log lives in events (below the domain, importing no role policy); it is served from here,
    the app of the studio's outside integrations, which may import the role policy."""

    serializer_class = EventSerializer
    permission_classes = [LeadOnly]
    filterset_class = EventFilter
    filter_backends = [StudioFilterBackend, StudioOrderingFilter]
    ordering_fields = ["id", "occurred_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return event_selectors.event_list()
