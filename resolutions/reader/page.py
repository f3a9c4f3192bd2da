"""The reader page, built in one place: a resolution's text, its versions, how it was adopted,
and the viewer's notes on it and on its earlier versions; whole, focused on one paragraph or
footnote (a permalink), or as the fragment htmx asked for.

The path of a request: `reader.views.reader` / `paragraph` find the resolution (reader/lookup.py)
and ask the page cache (cache/pages.py), which calls `reader_page` when it holds no copy.
`reader_page` reads the document (reader/document.py, kept per worker by cache/fragments.py),
asks across/series.py for the neighbouring versions, browse/votes.py for the adoption, and the
notes app through resolutions/notes.py; templates/resolutions/reader.html renders it all.
"""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from resolutions.across import series
from resolutions.browse.votes import adoption
from resolutions.cache import fragments
from resolutions.htmx import page_or_fragment
from resolutions.models import ParagraphAlias
from resolutions.notes import notes
from resolutions.reader.document import read_document

READER = "resolutions/reader.html"


def reader_page(request, resolution, pid: str | None = None):
    """The reader of `resolution`, or with `pid` the reader focused on that paragraph, with its
    previous and next; a footnote's page is the reader with the footnote open in the panel
    beside the text. htmx gets the document, the paragraph or the footnote's panel."""
    context = reader_context(request, resolution)
    if pid is None:
        return page_or_fragment(request, READER, "#document", context)
    document = context["document"]
    focus = document.find(pid)
    if focus is None:
        return renamed_paragraph(request, resolution, pid) or paragraph_not_found(
            request, resolution, document, pid
        )
    previous, following = document.neighbours(pid)
    context.update(
        focus=focus, focus_name=focus.display_name, previous=previous, following=following
    )
    if pid.startswith("fn"):
        return page_or_fragment(request, READER, "#footnote_panel", context)
    context["paragraph"] = focus
    return page_or_fragment(request, READER, "#paragraph_fragment", context)


def reader_context(request, resolution) -> dict:
    """Everything a reader page shows: the document (the same for everyone, from the read
    model), the viewer's notes on it, its versions and its adoption (one query, and one more
    for the Member States' votes when it was adopted by a recorded vote), and the notes the
    viewer may see on its earlier versions, on the paragraphs they became (`earlier`)."""
    # The document and the markup of its text are the same for every reader: kept per worker.
    key = fragments.document_key(request, resolution)
    document = fragments.cached_document(
        key,
        lambda: read_document(resolution, request.GET.get("lang", ""), request.GET.get("also", "")),
    )
    page_notes = notes().on_reader(request, document)
    previous, following = series.neighbours(resolution)
    resolution.previous_version = previous
    return {
        "resolution": resolution,
        "document": document,
        "shared_key": key,
        "notes": page_notes,
        "focus": None,
        "previous_version": previous,
        "next_version": following,
        "adoption": adoption(resolution, with_previous=bool(previous)),
        "earlier": (
            notes().on_earlier_versions(request, resolution, document.paragraphs)
            if previous
            else None
        ),
    }


def renamed_paragraph(request, resolution, pid):
    """An id a better reading of the text has since renamed (`op-u1`, now `op6a`): there."""
    alias = (
        ParagraphAlias.objects.filter(resolution=resolution, pid=pid)
        .values_list("paragraph__pid", flat=True)
        .first()
    )
    if alias is None or alias == pid:
        return None
    url = reverse("resolutions:paragraph", args=[resolution.symbol, alias])
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def paragraph_not_found(request, resolution, document, pid):
    context = {"resolution": resolution, "document": document, "pid": pid}
    response = render(request, "resolutions/paragraph_404.html", context, status=404)
    patch_vary_headers(response, ["HX-Request"])
    return response
