from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Offline sync"

    def ready(self):
        from common.changes import change_track
        from sync.resources import REGISTRY

        # A deletion records the feed's rows it takes along (a customer's measurements).
        change_track(*REGISTRY.labels())
