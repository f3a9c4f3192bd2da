"""The parts of a reader page that are the same for everyone, kept in each worker's memory so
that a signed-in reader's page renders only what is personal (their notes) afresh.

A signed-in page cannot come from the page cache (resolutions/pagecache.py): it shows the
viewer's own and their teams' notes. But its document (the read model, ``read_document``) and
most of each paragraph's markup (its text, its tools) are the same for every reader of that
resolution in that language. They are kept under a key naming everything they are built from:
the resolution, the tokens of the scopes whose writes change them (``library`` and the
resolution's ``text:`` scope, replaced in the same transaction as every change), the language
shown and the one beside it, and the interface language; a paragraph's tools and its empty
notes also by whether the viewer is signed in (they offer "Add note" or "sign in"), its text
not, so a signed-in reader's first view reuses what a passer-by's built. Nothing personal is
ever stored: the fragments are cut around the notes.

A resolution whose scopes were never changed has no token, and nothing of it is kept: nothing
would tell its fragments apart from those of another text that once had the same id.
"""

import re
import threading
from collections import OrderedDict

from django.utils.translation import get_language

from resolutions.cache import pages as pagecache

# Per worker; a fragment or document past its key's tokens is never asked for again and leaves
# as the least recently used.
BUDGET_BYTES = 48 * 1024 * 1024
# Any other ?lang= is rare and shown as asked for: not kept, so junk cannot crowd the rest out.
LANGUAGE = re.compile(r"[a-z]{2}")


class FragmentStore:
    """At most BUDGET_BYTES of fragments and documents, the least recently used leaving first."""

    def __init__(self):
        self._entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def __len__(self):
        return len(self._entries)

    def get(self, key: tuple):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def set(self, key: tuple, value, size: int) -> None:
        with self._lock:
            if key in self._entries:
                self.bytes -= self._entries.pop(key)[1]
            while self._entries and self.bytes + size > BUDGET_BYTES:
                self.bytes -= self._entries.popitem(last=False)[1][1]
            self._entries[key] = (value, size)
            self.bytes += size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


STORE = FragmentStore()


def document_key(request, resolution) -> tuple | None:
    """What the shared parts of this reader page are kept under, or None when they may not be
    kept: never without the tokens read `with_tokens`, so it costs no query."""
    language, also = request.GET.get("lang", ""), request.GET.get("also", "")
    if not all(LANGUAGE.fullmatch(code) for code in (language, also) if code):
        return None
    current = tokens_of(resolution)
    if current is None or None in current:
        return None
    return (
        resolution.pk,
        *current,
        language,
        also,
        get_language() or "",
    )


def with_tokens(resolutions):
    """Resolutions read with the tokens of their shared parts (``library_token``,
    ``text_token``) in the same query: before anything the page shows, at no cost of its own."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Concat

    from resolutions.models import PageVersion

    def token(scope):
        return Subquery(PageVersion.objects.filter(scope=scope).values("token")[:1])

    text = Concat(Value("text:"), Cast(OuterRef("pk"), output_field=CharField()))
    return resolutions.annotate(
        library_token=token(Value(pagecache.LIBRARY)), text_token=token(text)
    )


def tokens_of(resolution) -> tuple | None:
    """The tokens `with_tokens` read with the resolution, or None when it was read without."""
    if not hasattr(resolution, "text_token"):
        return None
    return (resolution.library_token, resolution.text_token)


def cached_document(key: tuple | None, build):
    """The read model under `key`, built once per worker; never kept without a key."""
    if key is None:
        return build()
    document = STORE.get(("document", *key))
    if document is None:
        document = build()
        STORE.set(("document", *key), document, document_size(document))
    return document


def document_size(document) -> int:
    """Roughly what a kept document holds in memory: its rendered texts several times over
    (the plain text, the objects around them), for the budget's reckoning."""
    texts = [*document.paragraphs, *document.detached]
    rendered = sum(len(p.text.html) for p in texts if p.text)
    rendered += sum(len(p.also.html) for p in texts if p.also)
    rendered += sum(len(f.text.html) for f in document.footnotes)
    return 4 * rendered + 1000 * len(texts) + 20_000
