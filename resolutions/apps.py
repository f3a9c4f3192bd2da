from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"

    def ready(self):
        from django.core import checks

        from resolutions import signals
        from resolutions.search import fulltext

        signals.connect()
        fulltext.connect()
        checks.register(fulltext.check_word_index, checks.Tags.database)
