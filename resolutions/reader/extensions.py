"""Where the notes of the annotations app join the library's pages, registered explicitly.

The resolutions app never imports annotations (annotations builds on resolutions, not the other
way round), yet the reader shows the viewer's notes beside the text. The annotations app hands
its functions to `register` when Django starts (`AnnotationsConfig.ready`); a page calls the
one it needs and gets plain data back. Nothing here changes what it is given or writes.

- `reader(request, document) -> notes` for the reader and its permalinks (`document` is a
  `resolutions.reader.document.Document`); the reader template shows the notes when there are any,
- `paragraphs(request, paragraphs) -> dict` for pages listing paragraphs of several
  resolutions (an instrument's page),
- `search(request, query) -> dict` for the search page,
- `earlier_notes(request, paragraphs) -> dict` for a comparison of two versions: the notes
  the viewer may see on the older version's paragraphs (`earlier_notes`: paragraph pk -> notes,
  each with its tags), shown on the newer one's matching paragraphs,
- `earlier_counts(request, paragraphs) -> dict` and `earlier_shown(request, paragraph_ids, *,
  limit) -> dict` for the reader, which shows on its paragraphs the notes on every earlier
  version of the resolution: how many notes the viewer may see on each paragraph of those
  versions (paragraph pk -> count), then the first few on those that reached this version
  (paragraph pk -> notes, each with its paragraph and its tags),
- `earlier_changes(index, paragraphs) -> dict` for the reader: of those notes, the ones whose
  quoted words the paragraph they reached no longer has ((paragraph pk, note pk) -> the old
  and the new words).

Each makes a fixed number of queries, whatever the number of paragraphs or notes.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Registered:
    reader: Callable | None = None
    paragraphs: Callable | None = None
    search: Callable | None = None
    earlier_notes: Callable | None = None
    earlier_counts: Callable | None = None
    earlier_shown: Callable | None = None
    earlier_changes: Callable | None = None


registered = Registered()


def register(
    *,
    reader=None,
    paragraphs=None,
    search=None,
    earlier_notes=None,
    earlier_counts=None,
    earlier_shown=None,
    earlier_changes=None,
) -> None:
    registered.reader, registered.paragraphs, registered.search = reader, paragraphs, search
    registered.earlier_notes = earlier_notes
    registered.earlier_counts, registered.earlier_shown = earlier_counts, earlier_shown
    registered.earlier_changes = earlier_changes


def reader_notes(request, document):
    return registered.reader(request, document) if registered.reader else None


def paragraph_context(request, paragraphs) -> dict:
    return registered.paragraphs(request, paragraphs) if registered.paragraphs else {}


def search_context(request, query: str) -> dict:
    return registered.search(request, query) if registered.search else {}


def earlier_notes_context(request, paragraphs) -> dict:
    if registered.earlier_notes:
        return registered.earlier_notes(request, paragraphs)
    return {}


def earlier_note_counts(request, paragraphs) -> dict:
    if registered.earlier_counts:
        return registered.earlier_counts(request, paragraphs)
    return {}


def earlier_notes_shown(request, paragraph_ids, *, limit: int) -> dict:
    if registered.earlier_shown:
        return registered.earlier_shown(request, paragraph_ids, limit=limit)
    return {}


def earlier_quote_changes(index, paragraphs) -> dict:
    if registered.earlier_changes:
        return registered.earlier_changes(index, paragraphs)
    return {}
