"""Agreed language inline: for each proposal, where the library adopted its wording and the words
it inserts before (symbol, paragraph, year, link), or that they are new language.

The lookups are the agreed-language page's own (`resolutions.across.agreed`). They cost queries
and a word diff, so each answer is kept in the cache under the words looked up (and the state
of the library, which a load changes): a compilation of 900 proposals asks the cache once for
all of them and looks nothing up itself, so its queries stay the same however many proposals it
shows; a proposal never checked loads its check as it comes into view (`drafts:agreed`).
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.translation import gettext, override

from drafts.models import Proposal
from resolutions.across import agreed as library
from resolutions.across import diff
from resolutions.across.bounds import phrase_refusal
from resolutions.cache import pages as pagecache
from resolutions.models import Paragraph

# Inserted words shorter than this are not looked up: "and girls" is in every other paragraph.
SHORTEST = 3
# Precedents kept for each wording or phrase: the newest; the count says how many in all.
KEPT = 3
# Answers kept per worker, the least recently used leaving first: a few big compilations' worth.
KEPT_ANSWERS = 50_000


class _Kept:
    """The answers kept, in each worker's memory. Not Django's cache: its in-memory backend
    keeps 300 entries, fewer than one compilation's proposals, and pickles every one. The key
    holds the library's state, so an answer is never read after a load changed the library."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def get_many(self, keys) -> dict:
        with self.lock:
            out = {}
            for key in keys:
                found = self.items.get(key)
                if found is not None:
                    self.items.move_to_end(key)
                    out[key] = found
            return out

    def set(self, key: str, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            _looked_up.clear()


cache = _Kept(KEPT_ANSWERS)
# Per paragraph, how many checks of its proposals this worker has looked up: part of the key
# under which the compilation keeps the paragraph's row, so a check looked up as a reader
# scrolled stands inline in the row the next time it is built.
_looked_up: dict[int, int] = {}


def looked_up(paragraph_pk: int) -> int:
    return _looked_up.get(paragraph_pk, 0)


CHECKED = {Proposal.Kind.AMEND, Proposal.Kind.ADD_AFTER}


@dataclass(frozen=True)
class Source:
    """A paragraph of the library that holds the words."""

    paragraph: int  # pk
    citation: str  # "A/RES/77/194, para. 25"
    symbol: str
    year: int | None
    url: str
    exact: bool = False  # the whole wording, not a part of it


@dataclass(frozen=True)
class Lookup:
    """Where some words were adopted: the newest few paragraphs and how many in all."""

    words: str
    sources: tuple[Source, ...]
    total: int

    @property
    def found(self) -> bool:
        return bool(self.sources)


@dataclass(frozen=True)
class Check:
    """What the library says of one proposal's words."""

    wording: Lookup | None  # the whole proposed wording, nearly or exactly
    inserted: tuple[Lookup, ...]  # each phrase it inserts, long enough to look up
    short: tuple[str, ...] = ()  # inserted words too few or too common to look up

    @property
    def sources(self) -> list[Source]:
        """What a footnote may cite as agreed language: the whole wording where it was adopted
        word for word, and the paragraphs holding the inserted words; without repeats. Nearly
        the same wording is a precedent to read, not agreed language."""
        seen, out = set(), []
        exact = [s for s in self.wording.sources if s.exact] if self.wording else []
        for source in [*exact, *(s for lookup in self.inserted for s in lookup.sources)]:
            if source.paragraph not in seen:
                seen.add(source.paragraph)
                out.append(source)
        return out

    @property
    def nearly(self) -> list[Source]:
        """Paragraphs with nearly the same wording (not word for word)."""
        return [s for s in self.wording.sources if not s.exact] if self.wording else []

    @property
    def new_language(self) -> list[str]:
        """The inserted phrases adopted nowhere in the library."""
        return [lookup.words for lookup in self.inserted if not lookup.found]

    @property
    def agreed(self) -> bool:
        """Every word it brings was adopted before."""
        return bool(self.sources) and not self.new_language

    def source(self, paragraph_pk: int) -> Source | None:
        return next((s for s in self.sources if s.paragraph == paragraph_pk), None)


def library_state() -> str:
    """The library's token (one query): a lookup kept under an older one is never read again."""
    return str(pagecache.tokens((pagecache.LIBRARY,))[0])


def _key(scope: str, kind: str, language: str, *words: str) -> str:
    digest = hashlib.sha256("\x1f".join([kind, language, str(scope), *words]).encode())
    return f"drafts-agreed:{digest.hexdigest()}"


def _sources(found: library.Found, leave_out: int | None) -> tuple[Source, ...]:
    from resolutions.reader.document import cited_in

    out = []
    for match in found.matches:
        paragraph = match.paragraph
        if paragraph.pk == leave_out:
            continue
        resolution = paragraph.resolution
        out.append(
            Source(
                paragraph.pk,
                cited_in(paragraph, resolution),
                resolution.symbol,
                resolution.adopted.year if resolution.adopted else None,
                paragraph.get_absolute_url(),
                match.exact,
            )
        )
    # Newest first, exact copies before near ones: the footnote cites the latest agreement.
    out.sort(key=lambda s: (not s.exact, -(s.year or 0)))
    return tuple(out[:KEPT])


def _wording(scope: str, text: str, language: str, base_paragraph: int | None) -> Lookup:
    """Where the library has this wording, nearly or exactly, besides the paragraph the draft's
    paragraph started as (its own text is no precedent for itself)."""
    key = _key(scope, "wording", language, text, str(base_paragraph))
    found = cache.get(key)
    if found is None:
        own = Paragraph(pk=base_paragraph)
        result = library.for_paragraph(own, language, text)
        others = result.total - sum(1 for m in result.matches if m.paragraph.pk == base_paragraph)
        found = Lookup(text, _sources(result, base_paragraph), max(others, 0))
        cache.set(key, found)
    return found


def _phrase(scope: str, phrase: str, language: str) -> Lookup:
    key = _key(scope, "phrase", language, phrase)
    found = cache.get(key)
    if found is None:
        result = library.for_phrase(phrase, language)
        found = Lookup(phrase, _sources(result, None), result.total)
        cache.set(key, found)
    return found


def inserted_phrases(before: str, after: str, language: str) -> tuple[list[str], list[str]]:
    """The phrases `after` inserts into `before` (the word diff's own), those long and rare
    enough to look up, and the rest."""
    looked, short = [], []
    for change in diff.changes_between(before, after, language):
        phrase = " ".join(change.inserted.split()).strip(" ,;:.")
        if not phrase:
            continue
        if len(library.words_of(phrase)) < SHORTEST or phrase_refusal(phrase):
            short.append(phrase)
        else:
            looked.append(phrase)
    return list(dict.fromkeys(looked)), list(dict.fromkeys(short))


def _proposal_key(scope: str, proposal: Proposal, language: str) -> str:
    paragraph = proposal.paragraph
    return _key(
        scope,
        "proposal",
        language,
        proposal.kind,
        proposal.against_text if proposal.kind == Proposal.Kind.AMEND else "",
        proposal.text,
        str(paragraph.base_paragraph_id),
    )


def check(proposal: Proposal, language: str, scope: str | None = None) -> Check | None:
    """The library's word on one proposal (None for a deletion or a retention), from the cache
    when it was looked up before."""
    if proposal.kind not in CHECKED or not proposal.text.strip():
        return None
    scope = library_state() if scope is None else scope
    key = _proposal_key(scope, proposal, language)
    found = cache.get(key)
    if found is None:
        found = _check(scope, proposal, language)
        cache.set(key, found)
        _looked_up[proposal.paragraph_id] = looked_up(proposal.paragraph_id) + 1
    return found


def _check(scope: str, proposal: Proposal, language: str) -> Check:
    base = proposal.paragraph.base_paragraph_id
    if proposal.kind == Proposal.Kind.ADD_AFTER:
        # A new paragraph inserts all its words: its wording is the one lookup that says it.
        return Check(_wording(scope, proposal.text, language, None), ())
    looked, short = inserted_phrases(proposal.against_text, proposal.text, language)
    return Check(
        _wording(scope, proposal.text, language, base),
        tuple(_phrase(scope, phrase, language) for phrase in looked),
        tuple(short),
    )


def checks(
    proposals, language: str, *, budget: int | None = None, scope: str | None = None
) -> dict[int, Check | None]:
    """The checks of these proposals (pk -> Check, or None where there is nothing to check):
    those looked up before from one read of the cache, and at most `budget` more looked up
    now (all when None). A proposal left out is still to look up."""
    proposals = [p for p in proposals if p.kind in CHECKED and p.text.strip()]
    if not proposals:
        return {}
    scope = library_state() if scope is None else scope
    keys = {p.pk: _proposal_key(scope, p, language) for p in proposals}
    cached = cache.get_many(list(keys.values()))
    out: dict[int, Check | None] = {}
    for proposal in proposals:
        found = cached.get(keys[proposal.pk])
        if found is None:
            if budget is not None and budget <= 0:
                continue
            found = check(proposal, language, scope)
            if budget is not None:
                budget -= 1
        out[proposal.pk] = found
    return out


def footnote_text(source: Source, language: str) -> str:
    """The footnote as negotiators write it, in the draft's language."""
    with override(language):
        return gettext("Agreed language: %(where)s") % {"where": source.citation}


def attach(
    proposals, language: str, *, budget: int | None = None, scope: str | None = None
) -> dict[int, Check | None]:
    """`checks`, each also set on its proposal as `agreed_check` for the templates (None where
    it is still to look up, or there is nothing to check)."""
    proposals = list(proposals)
    found = checks(proposals, language, budget=budget, scope=scope)
    for proposal in proposals:
        proposal.agreed_check = found.get(proposal.pk)
    return found


def attach_rows(
    rows, language: str, *, budget: int | None = None, scope: str | None = None
) -> None:
    """`attach` for the proposals of the compilation's rows (`drafts.compilation.Row`), and on
    each paragraph the library paragraphs its footnotes cite already (`cited_sources`), so the
    button adding one is not offered twice. No query: the footnotes are prefetched."""
    proposals = []
    for row in rows:
        row.paragraph.cited_sources = {f.source_id for f in row.footnotes}
        proposals.extend(view.proposal for view in row.proposals)
    attach(proposals, language, budget=budget, scope=scope)
