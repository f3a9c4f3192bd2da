"""The one place where the notes people write (the annotations app) join the library's pages
and its ingest: a small interface the annotations app registers once, when Django starts.

`resolutions` never imports `annotations` (annotations builds on resolutions, not the other way
round). Pages and the ingest ask `notes()` for what they need and get plain data back; the
templates show the notes through `{% notes_slot "name" %}` (resolutions/templatetags), which
renders the template the annotations app gives for that slot. Until something registers (a
project without notes), `NoNotes` answers: no notes anywhere, nothing to move.

Why not signals for `revised` and `joined`: each has exactly one listener, its work is part of
the ingest's own correctness (done inside its transaction, before an old row goes), and the
ingest must ask a question back (`attached`) that a signal cannot answer. A call through a
typed interface says all that; Django's model signals stay for the page cache, where many
writers (the admin, the ingest, people's notes) must each retire the pages they change.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol


class Notes(Protocol):
    # Slot name -> the template that fills it: "toolbar", "notes_total", "add_note",
    # "paragraph_notes", "earlier_notes" (the reader), "compared_notes" (a comparison),
    # "listed_paragraph" (an instrument's page), "search" (the search page).
    slots: Mapping[str, str]

    def on_reader(self, request, document) -> Any:
        """The viewer's notes on a reader page (`resolutions.reader.document.Document`), with
        the filters over them; falsy when the page shows no notes."""

    def on_earlier_versions(self, request, resolution, paragraphs) -> Any:
        """The notes the viewer may see on the earlier versions of `resolution`, placed on the
        paragraphs of this one they became (`paragraphs`, the page's own); None for none."""

    def on_comparison(self, request, paragraphs) -> dict[int, list]:
        """The notes the viewer may see on an older version's `paragraphs`, for a comparison
        to show on the newer one's: paragraph pk -> notes."""

    def on_paragraphs(self, request, paragraphs: Sequence) -> dict:
        """The template context for the notes on paragraphs of several resolutions (an
        instrument's page)."""

    def on_search(self, request, query: str) -> dict:
        """The template context for the notes matching a search."""

    def attached(self, paragraph_ids: Iterable[int]) -> dict[int, int]:
        """How many notes each paragraph carries (deleted ones too, they can come back): the
        ingest never takes a note's paragraph out of the text unasked."""

    def revised(self, paragraphs: Sequence) -> None:
        """A corrected text changed these paragraphs' words: the notes' quotes follow them."""

    def joined(self, moves: Sequence[tuple]) -> None:
        """`[(old, new)]`: paragraphs read as part of another; what hangs on `old` goes to
        `new` before `old` goes."""


class NoNotes:
    """No notes: what the library shows and does when no app registered any."""

    slots: Mapping[str, str] = {}

    def on_reader(self, request, document):
        return None

    def on_earlier_versions(self, request, resolution, paragraphs):
        return None

    def on_comparison(self, request, paragraphs):
        return {}

    def on_paragraphs(self, request, paragraphs):
        return {}

    def on_search(self, request, query):
        return {}

    def attached(self, paragraph_ids):
        return {}

    def revised(self, paragraphs):
        pass

    def joined(self, moves):
        pass


_registered: Notes = NoNotes()


def register(implementation: Notes) -> None:
    global _registered
    _registered = implementation


def notes() -> Notes:
    return _registered
