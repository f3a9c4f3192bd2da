from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"

    def ready(self):
        from . import fulltext, signals

        signals.connect()
        fulltext.connect()
