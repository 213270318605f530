from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    label = "messaging"
    verbose_name = "Customer messages"

    def ready(self):
        from messaging import triggers

        triggers.triggers_subscribe()
