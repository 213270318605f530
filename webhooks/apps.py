from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from events.services import ALL_TYPES, event_subscribe
        from webhooks import checks  # noqa: F401  (registers the deploy check)
        from webhooks.services import webhook_deliveries_enqueue, webhook_targets

        # The outbox: every event's deliveries are written in the event's own transaction.
        event_subscribe(types=ALL_TYPES, subscriber=webhook_deliveries_enqueue, prepare=webhook_targets)
