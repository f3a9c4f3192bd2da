from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self):
        from resolutions import extensions

        from . import reader, signals

        signals.connect()
        # The library's pages show the viewer's notes through these (resolutions/extensions.py).
        extensions.register(
            reader=reader.reader_notes,
            paragraphs=reader.paragraph_context,
            search=reader.search_context,
        )
