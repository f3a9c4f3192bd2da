"""What the notes give the library's pages and its ingest: the implementation of
resolutions/notes.py's interface, registered once when the app starts (apps.py)."""

from . import earlier, reader, signals
from .models import notes_per_paragraph

PARTIALS = "annotations/partials.html"


class AnnotationNotes:
    slots = {
        "notes_total": PARTIALS + "#notes_total",
        "toolbar": PARTIALS + "#toolbar",
        "add_note": PARTIALS + "#add_note",
        "paragraph_notes": PARTIALS + "#paragraph_notes",
        "earlier_notes": PARTIALS + "#earlier_notes",
        "compared_notes": PARTIALS + "#compared_notes",
        "listed_paragraph": PARTIALS + "#listed_paragraph",
        "search": PARTIALS + "#found",
    }

    def on_reader(self, request, document):
        return reader.reader_notes(request, document)

    def on_earlier_versions(self, request, resolution, paragraphs):
        return earlier.earlier_notes(request, resolution, paragraphs)

    def on_comparison(self, request, paragraphs):
        return earlier.comparison_notes(request, paragraphs)

    def on_paragraphs(self, request, paragraphs):
        return reader.paragraph_context(request, paragraphs)

    def on_search(self, request, query):
        return reader.search_context(request, query)

    def attached(self, paragraph_ids):
        return notes_per_paragraph(list(paragraph_ids))

    def revised(self, paragraphs):
        signals.reanchor_notes(paragraphs)

    def joined(self, moves):
        signals.follow_joined(moves)
