"""Notes and tags that change retire the cached anonymous pages that may show them.

Each handler records the change in the writer's transaction (see resolutions/pagecache.py).
Bulk writes send no signals: code that writes notes in bulk calls ``pagecache.changed`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from resolutions import pagecache

from .models import Annotation, Tag


def note_changed(sender, instance, **kwargs):
    if Annotation.paragraph.is_cached(instance):
        pagecache.changed(pagecache.resolution_scope(instance.paragraph.resolution_id))
    else:
        # Notes deleted along with their author arrive without their paragraph: retiring every
        # page costs one statement, where finding each note's resolution would cost a query.
        pagecache.changed(pagecache.LIBRARY)


def note_tags_changed(sender, instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # notes added to or removed from a tag: they may be anywhere
        pagecache.changed(pagecache.LIBRARY)
    else:
        note_changed(sender, instance)


def tag_changed(sender, created=False, **kwargs):
    # A renamed tag shows under its new name on every public note that carries it; a new tag is
    # on no note yet.
    if not created:
        pagecache.changed(pagecache.LIBRARY)


def connect() -> None:
    post_save.connect(note_changed, sender=Annotation, dispatch_uid="page-cache-note")
    post_delete.connect(note_changed, sender=Annotation, dispatch_uid="page-cache-note")
    m2m_changed.connect(
        note_tags_changed, sender=Annotation.tags.through, dispatch_uid="page-cache-note-tags"
    )
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="page-cache-tag")
    post_delete.connect(tag_changed, sender=Tag, dispatch_uid="page-cache-tag")
