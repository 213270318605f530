from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo studio data (`manage.py seed_demo`): the top layer, it writes every app's rows."""

    name = "demo"
    verbose_name = "Demo data"
