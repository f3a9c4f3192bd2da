"""The search's exact-phrase mode: a query in double quotes ("combat trafficking in persons")
finds the paragraphs holding those words in a row, in every language loaded or in one.

Words are compared as agreed language compares them (resolutions/agreed.py): case, curly
apostrophes, hyphens and punctuation set aside, no stemming; British and American spellings
alike, as in the rest of the search. The
database narrows the paragraphs cheaply, as agreed language's short phrases do (on PostgreSQL the
index of words as agreed language reads them, migration 0013, in every language; on SQLite the
full-text index of the same words, migration 0018), newest first; each is then checked word for
word, and only the page shown is read in full.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from resolutions.across.agreed import PHRASE_MAX_WORDS, holding_any, holds_check
from resolutions.across.folding import spans, words_of
from resolutions.models import Language, Paragraph, ParagraphText
from resolutions.search import fulltext
from resolutions.search.groups import gather, grouped_hits
from resolutions.search.query import HIT_FIELDS, PER_PAGE, Hit, SearchResults, snippet
from resolutions.search.spelling import phrase_variants

# A query is a phrase when quotes open and close it and none stands inside: "…", “…”, «…», „…“.
OPENING = '"“„«'
CLOSING = '"”“»'
# At most this many paragraphs holding the phrase's words are checked, the most recent first;
# a search past them says so and asks to be narrowed.
CHECKED = 5000


def quoted_phrase(query: str) -> str:
    """The phrase, when the whole query is one quoted phrase; else ""."""
    query = query.strip()
    if len(query) < 3 or query[0] not in OPENING or query[-1] not in CLOSING:
        return ""
    inner = query[1:-1].strip()
    if any(mark in inner for mark in OPENING + CLOSING) or not words_of(inner):
        return ""
    return inner


@dataclass
class PhraseResults(SearchResults):
    """A page of the paragraphs holding the phrase, newest first. `capped`: more than `cap`
    paragraphs hold its words, and only the `cap` most recent were checked."""

    phrase: str = ""
    checked: int = 0

    @property
    def ranked(self) -> int:
        return self.matched if self.groups is None else self.groups


def search_phrase(
    phrase: str,
    *,
    language: str | None = None,
    session: int | None = None,
    subject: int | None = None,
    resolution: int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> PhraseResults:
    """The `page`th page of the text rows holding the phrase word for word."""
    page = max(1, page)
    results = PhraseResults(phrase=phrase, cap=CHECKED, page=page, per_page=per_page)
    # British and American spellings alike, as everywhere in the search: "forced labor" finds
    # "forced labour" word for word.
    spellings = [
        list(words)
        for words in dict.fromkeys(
            tuple(words_of(variant)[:PHRASE_MAX_WORDS]) for variant in phrase_variants(phrase)
        )
        if words
    ]
    if not spellings:
        return results
    languages = [language] if language else list(Language.values)
    candidates = _candidates(phrase, spellings, languages, session, subject, resolution)
    results.capped = len(candidates) > CHECKED
    results.checked = min(len(candidates), CHECKED)
    checks = [holds_check(words) for words in spellings]
    found = [c for c in candidates[:CHECKED] if any(check(c[1]) for check in checks)]
    results.matched = len(found)
    # Identical wording in one series is gathered before the page is cut, newest first.
    groups = gather(
        found,
        resolution=lambda c: c[3],
        language=lambda c: c[2],
        text=lambda c: c[1],
        newest=lambda c: (-c[4], -c[5], -c[3]),
    )
    results.groups = len(groups)
    page_groups = [
        [c[0] for c in group] for group in groups[(page - 1) * per_page : page * per_page]
    ]
    shown = [pk for group in page_groups for pk in group]
    texts = (
        ParagraphText.objects.filter(pk__in=shown)
        .select_related("paragraph__resolution")
        .only(*HIT_FIELDS)
    )
    hits = {
        text.pk: Hit(
            text.paragraph,
            snippet(text.text, [p for w in spellings for p in occurrences(text.text, w)]),
            1.0,
            text.language,
            text=text.text,
        )
        for text in texts
    }
    # A row removed by an ingest since it was found is left out.
    results.hits = grouped_hits(page_groups, hits)
    return results


@dataclass(frozen=True)
class Place:
    """Where the phrase stands in a text, shaped like a regular expression's match."""

    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def occurrences(text: str, words: list[str]) -> list[Place]:
    """Every place the words stand in a row in the text, from its first word to its last."""
    found = spans(text)
    mine = [span.word for span in found]
    n = len(words)
    return [
        Place(found[k].start, found[k + n - 1].end)
        for k in range(len(mine) - n + 1)
        if mine[k : k + n] == words
    ]


def _candidates(phrase, spellings, languages, session, subject, resolution=None) -> list[tuple]:
    """(text row pk, text, language, resolution id, session, number) of paragraphs that may hold
    the phrase, newest first, in reading order, in the UN's order of languages: at most
    CHECKED + 1. One query."""
    narrowed = fulltext.indexed(ParagraphText.objects.db) and bool(
        fulltext.phrases_query(spellings)
    )
    rows = ParagraphText.objects.filter(
        fulltext.in_languages(languages, narrowed=narrowed), paragraph__in_text=True
    ).exclude(paragraph__kind=Paragraph.Kind.HEADING)
    if session is not None:
        rows = rows.filter(paragraph__resolution__session=session)
    if subject is not None:
        rows = rows.filter(paragraph__resolution__subjects=subject)
    if resolution is not None:
        rows = rows.filter(paragraph__resolution=resolution)
    # Every row holding the phrase word for word is among these: on PostgreSQL, through the
    # index of words as agreed language reads them (migration 0013), in every language.
    rows = holding_any(rows, spellings)
    order = Case(
        *[When(language=code, then=Value(n)) for n, code in enumerate(Language.values)],
        output_field=IntegerField(),
    )
    return list(
        rows.order_by(
            "-paragraph__resolution__session",
            "-paragraph__resolution__number_int",
            "-paragraph__resolution_id",
            "paragraph__position",
            order,
        ).values_list(
            "pk",
            "text",
            "language",
            "paragraph__resolution_id",
            "paragraph__resolution__session",
            "paragraph__resolution__number_int",
        )[: CHECKED + 1]
    )
