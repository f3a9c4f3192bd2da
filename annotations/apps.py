from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from resolutions.ingest import writer as ingest
        from resolutions.reader import extensions

        from . import invitations, reader, signals
        from .models import notes_per_paragraph

        signals.connect()
        user_logged_in.connect(invitations.remember_on_sign_in, dispatch_uid="invitations")
        # A corrected text may not take an annotated paragraph out of the text unasked.
        ingest.register_attachment_counter(notes_per_paragraph)
        # The library's pages show the viewer's notes through these (resolutions/extensions.py).
        extensions.register(
            reader=reader.reader_notes,
            paragraphs=reader.paragraph_context,
            search=reader.search_context,
            earlier_notes=reader.earlier_notes_context,
            earlier_counts=reader.earlier_note_counts,
            earlier_shown=reader.earlier_notes_shown,
            earlier_changes=reader.earlier_quote_changes,
        )
