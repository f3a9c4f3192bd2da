"""Edits to the library, from the ingest or the admin, retire the cached pages that show them.

Bulk writes send no signals: code that writes in bulk calls ``pagecache.changed`` itself.
"""

from django.db.models.signals import post_delete, post_save

from resolutions.cache import pages as pagecache
from resolutions.models import Citation, Footnote, Instrument, Paragraph, Resolution


def library_changed(sender, **kwargs):
    pagecache.changed(pagecache.LIBRARY)


def resolution_changed(sender, instance, **kwargs):
    pagecache.changed(pagecache.resolution_scope(instance.resolution_id))


def text_changed(sender, instance, **kwargs):
    """A paragraph edited in the admin: the pages that show it, and the alignment of the
    versions of its resolution, which follows its words."""
    scopes = (
        pagecache.resolution_scope(instance.resolution_id),
        pagecache.text_scope(instance.resolution_id),
    )
    pagecache.changed(*scopes)


def connect() -> None:
    for model in (Resolution, Instrument):
        post_save.connect(library_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(library_changed, sender=model, dispatch_uid=f"page-cache-{model}")
    for model in (Footnote, Citation):
        post_save.connect(resolution_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(resolution_changed, sender=model, dispatch_uid=f"page-cache-{model}")
    post_save.connect(text_changed, sender=Paragraph, dispatch_uid=f"page-cache-{Paragraph}")
    post_delete.connect(text_changed, sender=Paragraph, dispatch_uid=f"page-cache-{Paragraph}")
