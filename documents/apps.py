from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents and tracking links"

    def ready(self):
        from documents import checks  # noqa: F401  (registers the deploy check)
