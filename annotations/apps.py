from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self):
        from resolutions import ingest

        from . import signals
        from .models import notes_per_paragraph

        signals.connect()
        # A corrected text may not take an annotated paragraph out of the text unasked.
        ingest.register_attachment_counter(notes_per_paragraph)
