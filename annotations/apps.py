from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from resolutions import notes

        from . import invitations, signals
        from .hooks import AnnotationNotes

        signals.connect()
        user_logged_in.connect(invitations.remember_on_sign_in, dispatch_uid="invitations")
        # The library's pages show the viewer's notes, and its ingest keeps them on their
        # paragraphs, through this one interface (resolutions/notes.py).
        notes.register(AnnotationNotes())
