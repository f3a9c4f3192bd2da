"""Notes and tags that change retire the cached anonymous pages that may show them; notes follow
the paragraphs a corrected text rewords or joins (called by the ingest through
resolutions/notes.py).

Each handler records the change in the writer's transaction (see resolutions/pagecache.py).
Bulk writes send no signals: code that writes notes in bulk calls ``pagecache.changed`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from resolutions.cache import pages as pagecache

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


def reanchor_notes(paragraphs):
    """Find the quotes of the notes on corrected paragraphs again, when the text is written:
    readers then find them in place, and a page never writes."""
    by_pk = {paragraph.pk: paragraph for paragraph in paragraphs}
    notes = list(Annotation.objects.filter(paragraph__in=list(by_pk)))
    for note in notes:
        paragraph = by_pk[note.paragraph_id]
        note.reanchor(paragraph.text)
        note.anchored_revision = paragraph.revision
    Annotation.objects.bulk_update(
        notes, ["quote_start", "quote_found", "quote_prefix", "quote_suffix", "anchored_revision"]
    )


def follow_joined(moves):
    """Notes on a paragraph that became part of another (a table joined to the paragraph that
    introduces it) go to that paragraph, their quotes looked for in its words."""
    for old, new in moves:
        notes = list(Annotation.objects.filter(paragraph=old))
        for note in notes:
            note.paragraph = new
            note.reanchor(new.text)
            note.anchored_revision = new.revision
        Annotation.objects.bulk_update(
            notes,
            [
                "paragraph",
                "quote_start",
                "quote_found",
                "quote_prefix",
                "quote_suffix",
                "anchored_revision",
            ],
        )


def connect() -> None:
    post_save.connect(note_changed, sender=Annotation, dispatch_uid="page-cache-note")
    post_delete.connect(note_changed, sender=Annotation, dispatch_uid="page-cache-note")
    m2m_changed.connect(
        note_tags_changed, sender=Annotation.tags.through, dispatch_uid="page-cache-note-tags"
    )
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="page-cache-tag")
    post_delete.connect(tag_changed, sender=Tag, dispatch_uid="page-cache-tag")
