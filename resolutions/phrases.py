"""The search's exact-phrase mode: a query in double quotes ("combat trafficking in persons")
finds the paragraphs holding those words in a row, in every language loaded or in one.

Words are compared as agreed language compares them (resolutions/agreed.py): case, curly
apostrophes, hyphens and punctuation set aside, no stemming; British and American spellings
alike, as in the rest of the search. The
database narrows the paragraphs cheaply (on PostgreSQL an index of the words as written,
migration 0012; elsewhere the phrase's longest word), newest first; each is then checked word for
word, and only the page shown is read in full.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from .agreed import PHRASE_MAX_WORDS, spans, words_of
from .models import Language, Paragraph, ParagraphText
from .search import PER_PAGE, Hit, SearchResults, snippet
from .spelling import phrase_variants

# A query is a phrase when quotes open and close it and none stands inside: "…", “…”, «…», „…“.
OPENING = '"“„«'
CLOSING = '"”“»'
# At most this many paragraphs holding the phrase's words are checked, the most recent first;
# a search past them says so and asks to be narrowed.
CHECKED = 5000
SEPARATOR = "\x1f"
# Punctuation and symbols, read as spaces by the index of words as written: the same class as
# migration 0012's (a test holds them equal).
SEPARATORS = re.compile(
    r"[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00a0-\u00bf\u00d7\u00f7\u060c\u061b\u061f"
    r"\u066a-\u066d\u2000-\u206f\u20a0-\u20cf\u2190-\u245f\u2500-\u27bf\u3000-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20]+"
)


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
        return self.matched


def search_phrase(
    phrase: str,
    *,
    language: str | None = None,
    session: int | None = None,
    subject: int | None = None,
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
    candidates = _candidates(phrase, spellings, languages, session, subject)
    results.capped = len(candidates) > CHECKED
    results.checked = min(len(candidates), CHECKED)
    needles = [SEPARATOR + SEPARATOR.join(words) + SEPARATOR for words in spellings]
    found = []
    for pk, text in candidates[:CHECKED]:
        haystack = SEPARATOR + SEPARATOR.join(words_of(text)) + SEPARATOR
        if any(needle in haystack for needle in needles):
            found.append(pk)
    results.matched = len(found)
    shown = found[(page - 1) * per_page : page * per_page]
    texts = ParagraphText.objects.filter(pk__in=shown).select_related("paragraph__resolution")
    by_pk = {text.pk: text for text in texts}
    for pk in shown:
        text = by_pk.get(pk)
        if text is not None:  # removed by an ingest since it was found
            results.hits.append(
                Hit(
                    text.paragraph,
                    snippet(text.text, [p for w in spellings for p in occurrences(text.text, w)]),
                    1.0,
                    text.language,
                )
            )
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


def _candidates(phrase, spellings, languages, session, subject) -> list[tuple[int, str]]:
    """(text row pk, text) of paragraphs that may hold the phrase, newest first, in reading
    order, in the UN's order of languages: at most CHECKED + 1. One query."""
    rows = ParagraphText.objects.filter(paragraph__in_text=True, language__in=languages).exclude(
        paragraph__kind=Paragraph.Kind.HEADING
    )
    if session is not None:
        rows = rows.filter(paragraph__resolution__session=session)
    if subject is not None:
        rows = rows.filter(paragraph__resolution__subjects=subject)
    if connection.vendor == "postgresql":
        rows = rows.filter(_indexed(phrase, spellings, languages))
    else:
        # Each spelling's longest word, in ASCII where it can: SQLite ignores only ASCII
        # letters' case.
        any_spelling = Q()
        for words in spellings:
            found = re.findall(r"\w+", " ".join(words))
            plain = [word for word in found if word.isascii()] or found
            any_spelling |= Q(text__icontains=max(plain, key=len))
        rows = rows.filter(any_spelling)
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
        ).values_list("pk", "text")[: CHECKED + 1]
    )


def _indexed(phrase: str, spellings: list[list[str]], languages: list[str]):
    """The rows the index of words as written (migration 0012) finds for the phrase: every row
    holding it word for word is among them. Chinese rows are asked the search's index of
    character pairs instead."""
    from .search import _phrase

    written = [" ".join(SEPARATORS.sub(" ", " ".join(words)).split()) for words in spellings]
    table = ParagraphText._meta.db_table
    parts, params = [], []
    others = [language for language in languages if language != "zh"]
    if others:
        query = " || ".join(["phraseto_tsquery('simple'::regconfig, %s)"] * len(written))
        parts.append(
            f"({table}.phrase_vector @@ ({query}) "
            f"AND {table}.language IN ({', '.join(['%s'] * len(others))}))"
        )
        params += [*written, *others]
    if "zh" in languages:
        sql, values = _phrase("zh", phrase)
        parts.append(f"({table}.search_vector @@ {sql} AND {table}.language = 'zh')")
        params += values
    condition = "(" + " OR ".join(parts) + ")"
    return RawSQL(condition, params, output_field=BooleanField())  # noqa: S611 - parameters
