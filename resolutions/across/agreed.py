"""Agreed language: where else the library adopted the same, or nearly the same, words.

Each paragraph's wording, in every language loaded, is fingerprinted once (`index_paragraphs`):
one hash of the whole normalised text, and the hashes of some five-word shingles picked by
winnowing (Schleimer, Wilkerson and Aiken, 2003), which guarantees that any run of at least
`GUARANTEE` words two texts share leaves at least one common fingerprint. A lookup hashes the
paragraph or phrase the same way and asks the index which paragraphs share fingerprints: one
indexed query, which also ranks them and counts them by date, then the few paragraphs shown are
fetched and their matching words marked. A phrase's candidates are read and checked for its
words in a row first, since fingerprints in common do not make a phrase.
"""

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.db import connections, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from resolutions.across.folding import CJK, fold, spans, words_beside_cjk, words_of
from resolutions.models import Paragraph, ParagraphText, Resolution, Wording
from resolutions.search import fulltext

SHINGLE = 5  # words in a shingle
WINDOW = 4  # shingles in a winnowing window
GUARANTEE = SHINGLE + WINDOW - 1  # shared runs of this many words are always found
# Nearly the same wording: at least this share of the paragraph's fingerprints stand in the
# other paragraph.
NEARLY = 0.6
SHOWN = 50
PHRASE_MAX_WORDS = 200


_word_hashes: dict[str, int] = {}
MASK = (1 << 64) - 1
PRIME = 1099511628211  # FNV's 64-bit prime: any large odd number mixes the words
PRIME_TOP = pow(PRIME, SHINGLE - 1, 1 << 64)


def _word_hash(word: str) -> int:
    value = _word_hashes.get(word)
    if value is None:
        if len(_word_hashes) > 1_000_000:
            _word_hashes.clear()
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        value = _word_hashes[word] = int.from_bytes(digest, "big")
    return value


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def whole_hash(words: list[str]) -> int:
    digest = hashlib.blake2b("\x1f".join(["<whole>", *words]).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def shingles(words: list[str]) -> list[int]:
    """A hash of every run of SHINGLE words (of all the words, for a shorter text), rolled
    along the text: a polynomial over the words' own hashes, modulo 2**64."""
    values = [_word_hash(w) for w in words]
    if not values:
        return []
    if len(values) < SHINGLE:
        h = 0
        for v in values:
            h = (h * PRIME + v) & MASK
        return [_signed(h)]
    h = 0
    for v in values[:SHINGLE]:
        h = (h * PRIME + v) & MASK
    out = [_signed(h)]
    for k in range(SHINGLE, len(values)):
        h = ((h - values[k - SHINGLE] * PRIME_TOP) * PRIME + values[k]) & MASK
        out.append(_signed(h))
    return out


def winnow(hashes: list[int]) -> set[int]:
    """The smallest hash of every window of WINDOW consecutive shingles: a sample that two
    texts sharing a long enough run of words always have in common."""
    if len(hashes) <= WINDOW:
        return {min(hashes)} if hashes else set()
    return {min(hashes[k : k + WINDOW]) for k in range(len(hashes) - WINDOW + 1)}


def fingerprints(words: list[str]) -> set[int]:
    return winnow(shingles(words))


# --- The index ----------------------------------------------------------------------------------


def texts_of(paragraphs) -> list[tuple[int, str, str]]:
    """(paragraph pk, language, text) for every language version of these paragraphs; the
    primary language's text is on the paragraph itself when no separate row holds it."""
    # In no order: ordered, the rows are joined to their resolutions, which PostgreSQL plans as
    # a loop over every resolution while their tables' statistics still say they are empty
    # (a library loaded in one transaction), seconds per resolution.
    paragraphs = list(
        paragraphs.select_related("resolution")
        .only("pk", "text", "resolution__primary_language")
        .order_by()
    )
    rows = list(
        ParagraphText.objects.filter(paragraph__in=[p.pk for p in paragraphs])
        .order_by()
        .values_list("paragraph_id", "language", "text")
    )
    have = {(pk, language) for pk, language, _ in rows}
    for p in paragraphs:
        if (p.pk, p.resolution.primary_language) not in have:
            rows.append((p.pk, p.resolution.primary_language, p.text))
    return rows


@transaction.atomic
def index_paragraphs(paragraphs) -> int:
    """(Re)build the fingerprints of these paragraphs in every language. Returns how many."""
    paragraphs = paragraphs.exclude(kind=Paragraph.Kind.HEADING).filter(in_text=True)
    rows = []
    for pk, language, text in texts_of(paragraphs):
        found = words_of(text)
        if not found:
            continue
        rows.append(Wording(paragraph_id=pk, language=language, hash=whole_hash(found), whole=True))
        rows.extend(
            Wording(paragraph_id=pk, language=language, hash=h) for h in fingerprints(found)
        )
    # By a list of ids, not a subquery: PostgreSQL plans a subquery on tables filled in the same
    # transaction (no statistics yet) as if they were empty, and the delete then takes minutes.
    ids = list(paragraphs.values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        Wording.objects.filter(paragraph_id__in=ids[start : start + 5000]).delete()
    Wording.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def index_resolution(resolution: Resolution) -> int:
    # Fingerprints of paragraphs no longer in the text go too; index_paragraphs replaces the rest.
    paragraph_ids = list(resolution.paragraphs.values_list("pk", flat=True))
    Wording.objects.filter(paragraph_id__in=paragraph_ids).delete()
    return index_paragraphs(Paragraph.objects.filter(resolution=resolution))


def index_library(batch: int = 200, progress=None) -> int:
    total = 0
    pks = list(Resolution.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        chunk = pks[start : start + batch]
        total += index_paragraphs(Paragraph.objects.filter(resolution_id__in=chunk))
        if progress:
            progress(min(start + batch, len(pks)), len(pks))
    return total


def settle_index() -> None:
    """After the index is built: on PostgreSQL, its table vacuumed and analysed, so that a
    lookup reads the index alone (every page marked visible) with a plan made for its size.
    Outside a transaction only, as VACUUM is."""
    connection = connections[Wording.objects.db]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Wording._meta.db_table}")


# --- Lookups ------------------------------------------------------------------------------------


@dataclass
class Match:
    paragraph: Paragraph
    exact: bool
    share: float  # of the sought words' fingerprints found in this paragraph
    html: str = ""
    language: str = ""


@dataclass
class Found:
    """What a lookup found: the best matches in full, and how many in all, by year."""

    language: str
    matches: list[Match]
    total: int
    by_year: list[tuple[int | None, int]]
    words: list[str] = field(default_factory=list)
    too_short: bool = False


def for_paragraph(paragraph: Paragraph, language: str, text: str) -> Found:
    """Where else the library has this paragraph's wording, in its language: the paragraph
    itself comes first, then exact copies, then the nearest."""
    words = words_of(text)
    prints = fingerprints(words)
    exact = whole_hash(words)
    need = max(1, int(len(prints) * NEARLY + 0.999))
    return _lookup(language, words, prints, need, exact, own=paragraph.pk, phrase=False)


def for_phrase(phrase: str, language: str) -> Found:
    """Every paragraph in this language whose words contain the phrase's words in a row."""
    words = words_of(phrase)[:PHRASE_MAX_WORDS]
    if len(words) < GUARANTEE:
        return _scan(language, words)
    prints = fingerprints(words)
    return _lookup(language, words, prints, len(prints), None, own=None, phrase=True)


def _lookup(language, words, prints, need, exact, own, phrase) -> Found:
    hashes = list(prints | ({exact} if exact is not None else set()))
    if not hashes:
        return Found(language, [], 0, [], words)
    if phrase:
        return _phrase_lookup(language, words, hashes, need)
    top, dates = _ranked(language, hashes, need, exact, own)
    paragraphs = _fetch([pk for pk, _, _, _ in top], language)
    matches = []
    for pk, shared, whole, _ in top:
        p, text = paragraphs.get(pk, (None, ""))
        if p is None:
            continue
        html, _ = highlight(text, words)
        is_exact = exact is not None and whole == exact
        matches.append(Match(p, is_exact, min(shared / max(len(prints), 1), 1.0), html, language))
    return Found(language, matches, sum(dates.values()), _by_year(dates), words)


def _ranked(language, hashes, need, exact, own):
    """The SHOWN paragraphs that share enough of the fingerprints, best first (the paragraph
    itself, exact copies, most fingerprints shared, newest), as (pk, shared, whole hash, adopted);
    and how many paragraphs passed, by adoption date. One query, whatever the number of matches:
    the grouping reads the index alone (language, hash, paragraph, whole), and only the counts by
    date and the best few rows leave the database."""
    marks = ", ".join(["%s"] * len(hashes))
    wording = Wording._meta.db_table
    # Each paragraph that passes looks up its resolution's date, by key. Not a join: PostgreSQL
    # guesses that many more paragraphs pass than do, and would read every paragraph to join them.
    sql = (
        "WITH m AS (SELECT paragraph_id, SUM(CASE WHEN whole THEN 0 ELSE 1 END) AS shared, "  # noqa: S608
        "MAX(CASE WHEN whole THEN hash END) AS exact "
        f"FROM {wording} WHERE language = %s AND hash IN ({marks}) GROUP BY paragraph_id "
        "HAVING SUM(CASE WHEN whole THEN 0 ELSE 1 END) >= %s "
        "OR MAX(CASE WHEN whole THEN hash END) IS NOT NULL), "
        "d AS (SELECT m.paragraph_id, m.shared, m.exact, (SELECT r.adopted FROM "
        f"{Paragraph._meta.db_table} p JOIN {Resolution._meta.db_table} r "
        "ON r.id = p.resolution_id WHERE p.id = m.paragraph_id) AS adopted FROM m) "
        "SELECT * FROM (SELECT paragraph_id, shared, exact, adopted, 0 AS n FROM d ORDER BY "
        "CASE WHEN paragraph_id = %s THEN 0 ELSE 1 END, CASE WHEN exact = %s THEN 0 ELSE 1 END, "
        "shared DESC, CASE WHEN adopted IS NULL THEN 1 ELSE 0 END, adopted DESC, paragraph_id "
        "LIMIT %s) top "
        "UNION ALL SELECT NULL, NULL, NULL, adopted, COUNT(*) FROM d GROUP BY adopted"
    )
    with connections[Wording.objects.db].cursor() as cursor:
        cursor.execute(sql, [language, *hashes, need, own, exact, SHOWN])
        rows = cursor.fetchall()
    top = [
        (pk, shared, whole, _as_date(adopted)) for pk, shared, whole, adopted, n in rows if not n
    ]
    # In the query's order again: a UNION's rows come in no promised order.
    top.sort(
        key=lambda r: (r[0] != own, exact is None or r[2] != exact, -r[1], _newest(r[3]), r[0])
    )
    dates = Counter()
    for _, _, _, adopted, n in (r for r in rows if r[4]):
        dates[_as_date(adopted)] += n
    return top, dates


def _newest(adopted) -> int:
    return -(adopted.toordinal() if adopted else 0)


def _by_year(dates: Counter) -> list[tuple[int | None, int]]:
    years = Counter()
    for adopted, n in dates.items():
        years[adopted.year if adopted else None] += n
    return sorted(years.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))


VERIFY_LIMIT = 5000  # texts read to check a phrase's words in a row, at most


def _phrase_lookup(language, words, hashes, need) -> Found:
    """The paragraphs holding the phrase's words in a row: those with all its fingerprints
    (the index alone), each text then checked, since winnowing only says that the phrase's
    samples are there. A phrase of eight or nine words may have a single fingerprint of five
    common words ("the United Nations system, including"): every text that has it is read, up
    to VERIFY_LIMIT, in one query with its paragraph's date, so that the count is of the texts
    that hold the phrase."""
    marks = ", ".join(["%s"] * len(hashes))
    # Each candidate's text in the language, else its paragraph's own where that is the
    # resolution's primary language; looked up by key for each (see `_ranked`).
    sql = (
        "SELECT c.paragraph_id, p.in_text, p.kind, r.adopted, "  # noqa: S608
        "COALESCE(t.text, CASE WHEN r.primary_language = %s THEN p.text END) FROM ("
        f"SELECT paragraph_id FROM {Wording._meta.db_table} "
        f"WHERE language = %s AND hash IN ({marks}) AND NOT whole "
        "GROUP BY paragraph_id HAVING COUNT(*) >= %s LIMIT %s) c "
        f"JOIN {Paragraph._meta.db_table} p ON p.id = c.paragraph_id "
        f"JOIN {Resolution._meta.db_table} r ON r.id = p.resolution_id "
        f"LEFT JOIN {ParagraphText._meta.db_table} t "
        "ON t.paragraph_id = c.paragraph_id AND t.language = %s"
    )
    with connections[Wording.objects.db].cursor() as cursor:
        cursor.execute(sql, [language, language, *hashes, need, VERIFY_LIMIT, language])
        rows = cursor.fetchall()
    pattern = _phrase_pattern(words)
    adopted = {
        pk: _as_date(date)
        for pk, in_text, kind, date, text in rows
        if in_text
        and kind != Paragraph.Kind.HEADING
        and text is not None
        and _holds(text, words, pattern)
    }
    order = sorted(adopted, key=lambda pk: (_newest(adopted[pk]), pk))[:SHOWN]
    paragraphs = _fetch(order, language)
    matches = []
    for pk in order:
        p, text = paragraphs[pk]
        html, _ = highlight(text, words)
        matches.append(Match(p, False, 1.0, html, language))
    return Found(language, matches, len(adopted), _by_year(Counter(adopted.values())), words)


SCAN_LIMIT = 5000  # texts read for a short phrase, at most
PIECE = re.compile(r"[^\W_]+")
ASCII_ALNUM = re.compile(r"[a-z0-9]")
KANA = re.compile(r"[\u3040-\u30ff]")
LEXEME_BYTES = 2047  # PostgreSQL leaves a longer word out of a text-search vector


def _terms(words: list[str]) -> list[str]:
    """The words the index of words as agreed language reads them (`fulltext.words_function`)
    holds for every text that holds the phrase: an index lookup of all of them misses none of
    its texts.

    A word's pieces of letters and digits (a text holding "l'Assemblée" or "non-governmental"
    holds "assemblée", "non" and "governmental", whichever apostrophe or hyphen it writes) and
    its Chinese characters, one by one. Left out, as a text holding the phrase may index them
    otherwise: single letters and digits (a text cuts a run of letters mixed with Chinese
    characters letter by letter, "UNEP的" into u, n, e, p, 的, where the index keeps "unep");
    kana (a sound mark written apart joins its kana in the index); a piece with a character
    that is not a letter or a decimal digit (the ideographic zero, a Roman numeral), which the
    index reads as a space; and pieces too long for the index."""
    out = []
    for word in words:
        if CJK.search(word):
            out.extend(ch for ch in word if CJK.match(ch) and not KANA.match(ch))
            continue
        out.extend(
            piece
            for piece in PIECE.findall(word)
            if len(piece) > 1
            and all(ch.isalpha() or ch.isdecimal() for ch in piece)
            and len(piece.encode()) <= LEXEME_BYTES
        )
    return list(dict.fromkeys(out))


def _holding(queryset, words: list[str]):
    """The rows of `queryset` whose text may hold the words in a row (`holding_any`)."""
    return holding_any(queryset, [words])


def holding_any(queryset, phrases: list[list[str]]):
    """The rows of `queryset` whose text may hold the words of one of these phrases in a row:
    on PostgreSQL those the index of words finds for each phrase's `_terms` (every row that
    holds the phrase is among them); on SQLite, text rows whose folded words hold the phrase as
    an FTS5 phrase (migration 0018); elsewhere those holding each ASCII piece of a phrase,
    whatever its case (SQLite's LIKE ignores the case of ASCII letters only), or a character
    that folds to ASCII: the rest is left to the word-by-word check. A PostgreSQL database
    without that index (no ICU), or a phrase that gives it nothing to ask ("a", "1"), is asked
    as SQLite is; a phrase that gives neither anything to ask leaves every row."""
    if queryset.model is ParagraphText and fulltext.indexed(queryset.db):
        query = fulltext.phrases_query(phrases)
        if query is not None:
            # SQLite: the index of each text's words as `words_of` reads them (migration
            # 0018), where every row holding the phrase has it as an FTS5 phrase.
            return queryset.filter(
                fulltext.words_phrases_match(ParagraphText._meta.db_table, query)
            )
    terms = [_terms(words) for words in phrases]
    postgresql = connections[queryset.db].vendor == "postgresql"
    if postgresql and all(terms) and fulltext.words_indexed(queryset.db):
        return queryset.filter(fulltext.agreed_words_match(queryset.model._meta.db_table, terms))
    alternatives = []
    for words in phrases:
        pieces = [piece for word in words for piece in PIECE.findall(word) if piece.isascii()]
        if not pieces:
            return queryset
        folding = Q(text__regex=_folding_to_ascii())
        condition = Q()
        for piece in dict.fromkeys(pieces):
            condition &= Q(text__icontains=piece) | folding
        alternatives.append(condition)
    either = alternatives[0]
    for condition in alternatives[1:]:
        either |= condition
    return queryset.filter(either)


@cache
def _folding_to_ascii() -> str:
    """A class of the characters, not ASCII themselves, that `fold` makes ASCII letters or
    digits ("ﬁ", "²", "℃", "İ", full-width letters): a text holding one may hold an ASCII piece
    of a phrase that SQLite's LIKE cannot see. Made once, where the index of words is not
    asked (about a second)."""
    ranges = []
    for n in range(0x80, 0x110000):
        if not 0xD800 <= n <= 0xDFFF and ASCII_ALNUM.search(fold(chr(n))):
            if ranges and ranges[-1][1] == n - 1:
                ranges[-1][1] = n
            else:
                ranges.append([n, n])
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


def _in_text(pks) -> dict:
    """The dates of these paragraphs' resolutions, for those in the text and not headings."""
    return dict(
        Paragraph.objects.filter(pk__in=pks, in_text=True)
        .exclude(kind=Paragraph.Kind.HEADING)
        .values_list("pk", "resolution__adopted")
    )


def _as_date(value):
    """A date as the database gives it to raw SQL: SQLite gives its text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _in_language(language: str, words: list[str]) -> Q:
    """The text rows in the language, as `fulltext.in_languages` tests them beside its index."""
    narrowed = fulltext.indexed(ParagraphText.objects.db) and bool(fulltext.phrases_query([words]))
    return fulltext.in_languages([language], narrowed=narrowed)


def _scan(language, words) -> Found:
    """A phrase too short for the fingerprints: the texts holding each of its words (through an
    index on PostgreSQL), checked word by word. At most SCAN_LIMIT texts are read."""
    if not words:
        return Found(language, [], 0, [], words, too_short=True)
    texts = list(
        _holding(ParagraphText.objects.filter(_in_language(language, words)), words)
        .order_by()
        .values_list("paragraph_id", "text")[:SCAN_LIMIT]
    )
    pattern, characters = _phrase_pattern(words), _characters_pattern(words)
    adopted = _in_text([pk for pk, text in texts if _holds(text, words, pattern, characters)])
    # The paragraphs whose text in the language has no row of its own, with what is left of
    # the texts to read: none once SCAN_LIMIT are read (a phrase of common words), which spares
    # a second pass over every paragraph holding them.
    budget = SCAN_LIMIT - len(texts)
    if not adopted and language and budget > 0:
        primary = (
            _holding(Paragraph.objects.filter(resolution__primary_language=language), words)
            .exclude(texts__language=language)
            .order_by()
            .values_list("pk", "text")[:budget]
        )
        adopted = _in_text([pk for pk, text in primary if _holds(text, words, pattern, characters)])
    found = list(adopted)
    order = sorted(found, key=lambda pk: (-(adopted[pk].toordinal() if adopted[pk] else 0), pk))
    paragraphs = _fetch(order[:SHOWN], language)
    matches = []
    for pk in order[:SHOWN]:
        p, text = paragraphs[pk]
        html, _ = highlight(text, words)
        matches.append(Match(p, False, 1.0, html, language))
    years = Counter(a.year if a else None for a in adopted.values())
    by_year = sorted(years.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
    return Found(language, matches, len(found), by_year, words)


# After `fold`, a word is a run of these characters, its apostrophes and hyphens at either end
# set aside; a run of apostrophes and hyphens alone is no word.
_GAP = r"['-]*[^\w'-][^\w]*"


def _phrase_pattern(words: list[str]):
    """A regular expression that finds the words in a row in a folded text, from the first
    word's first letter: each a whole word, anything but words between them. Where it matches,
    `words_of` finds the words there when the first one begins a word too (`_at_word_start`).
    None for Chinese or Japanese, which `words_of` cuts character by character.

    It begins with the first word as written, not with the test of what stands before it: the
    regular expression engine then looks for that word's letters, several times quicker."""
    if not words or any(CJK.search(w) for w in words):
        return None
    body = _GAP.join(re.escape(w) for w in words)
    return re.compile(rf"{body}['-]*(?![\w'-])")


WORDLIKE = re.compile(r"\w")


def _at_word_start(pattern, folded: str) -> bool:
    """Whether `_phrase_pattern`'s pattern matches the folded text where a word begins: before
    its first letter, perhaps apostrophes and hyphens, and before them no word character."""
    position = 0
    while (match := pattern.search(folded, position)) is not None:
        start = match.start()
        while start and folded[start - 1] in "'-":
            start -= 1
        if not start or not WORDLIKE.match(folded[start - 1]):
            return True
        position = match.start() + 1
    return False


# Between two characters of a Chinese or Japanese text that `words_of` reads one after the
# other: nothing, or characters outside words, with perhaps runs of apostrophes and hyphens
# standing alone among them (no word).
_APART = r"(?:[^\w'\u2019\u2010\u2011-]+(?:['\u2019\u2010\u2011-]+[^\w'\u2019\u2010\u2011-]+)*)?"
# Characters outside `folding.CJK` whose compatibility form holds a Chinese or Japanese
# character (radicals, enclosed and squared ideographs, half-width katakana, the supplement of
# compatibility ideographs): a text holding one is read word by word.
CJK_ELSEWHERE = re.compile(
    r"[\u2e80-\u2fdf\u3038-\u303a\u3190-\u319f\u3200-\u33ff\uff65-\uff9f"
    r"\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]"
)
# The compatibility ideographs inside `folding.CJK` that a text may write for a character.
_VARIANTS: dict[str, str] = {}
for _code in range(0xF900, 0xFB00):
    _VARIANTS[fold(chr(_code))] = _VARIANTS.get(fold(chr(_code)), "") + chr(_code)


def _characters_pattern(words: list[str]):
    """For a phrase of Chinese or Japanese characters alone, a regular expression that finds
    them in a row in a text as written exactly when `words_of` would (each character of such a
    text is a word of its own); None for any other phrase."""
    if not words or not all(len(w) == 1 and CJK.match(w) for w in words):
        return None
    return re.compile(
        _APART.join(f"[{re.escape(w)}{re.escape(_VARIANTS.get(w, ''))}]" for w in words)
    )


def holds_check(words: list[str]):
    """A test of whether a text has the words in a row, as `_contains(words_of(text), words)`
    says, made once for a phrase checked against many texts: a regular expression over the
    folded text where one serves, which is several times quicker than reading its words."""
    pattern, characters = _phrase_pattern(words), _characters_pattern(words)
    return lambda text: _holds(text, words, pattern, characters)


def _holds(text: str, words: list[str], pattern, characters=None) -> bool:
    """Whether the text has the words in a row, as `_contains(words_of(text), words)` says.
    `pattern` is `_phrase_pattern`'s, `characters` `_characters_pattern`'s."""
    if characters is not None and not CJK_ELSEWHERE.search(text):
        return characters.search(text) is not None
    # A text holding Chinese or Japanese characters is read as `words_of` reads it (its
    # folding, which holds them too, is not needed to tell).
    if CJK.search(text):
        return _contains(words_beside_cjk(text), words)
    folded = fold(text)
    if CJK.search(folded):
        return _contains(words_beside_cjk(text), words)
    if pattern is None:
        return _contains(words_of(text), words)
    return _at_word_start(pattern, folded)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether the needle's words stand in a row among the haystack's (no word holds the
    separator, a space to `str.strip`)."""
    if not needle:
        return True
    return "\x1f" + "\x1f".join(needle) + "\x1f" in "\x1f" + "\x1f".join(haystack) + "\x1f"


def _fetch(pks: list[int], language: str) -> dict[int, tuple[Paragraph, str]]:
    """The paragraphs shown, with their resolutions and their text in the language: two
    queries."""
    paragraphs = {
        p.pk: p
        for p in Paragraph.objects.filter(pk__in=pks)
        .select_related("resolution")
        .defer("resolution__agenda_items")
    }
    texts = dict(
        ParagraphText.objects.filter(paragraph_id__in=pks, language=language).values_list(
            "paragraph_id", "text"
        )
    )
    return {pk: (p, texts.get(pk, p.text)) for pk, p in paragraphs.items()}


def highlight(text: str, words: list[str]) -> tuple[str, bool]:
    """The text with every run of at least min(GUARANTEE, len(words)) sought words in a row
    marked (`<mark>`), as safe HTML; and whether the whole sequence stands in it."""
    found = spans(text)
    mine = [s.word for s in found]
    run = min(GUARANTEE, len(words))
    if not run:
        return escape(text), False
    grams = {tuple(words[k : k + run]) for k in range(len(words) - run + 1)}
    marked = [False] * len(found)
    for k in range(len(mine) - run + 1):
        if tuple(mine[k : k + run]) in grams:
            for m in range(k, k + run):
                marked[m] = True
    html, pos, k = [], 0, 0
    while k < len(found):
        if not marked[k]:
            k += 1
            continue
        start = k
        while k + 1 < len(found) and marked[k + 1]:
            k += 1
        html.append(escape(text[pos : found[start].start]))
        html.append(f"<mark>{escape(text[found[start].start : found[k].end])}</mark>")
        pos = found[k].end
        k += 1
    html.append(escape(text[pos:]))
    return mark_safe("".join(html)), _contains(mine, words)  # noqa: S308 - escaped above


# --- As a negotiator reads the results ----------------------------------------------------------


@dataclass
class Adopted:
    """One resolution that adopted the sought words, with its paragraphs that hold them."""

    resolution: Resolution
    matches: list[Match]
    own_series: bool  # a version of the resolution the words were sought from

    @property
    def adoption(self) -> str:
        """How the Assembly adopted it: "without a vote", "by a recorded vote of 166 to 3, with
        15 abstentions", or "" when the source does not say."""
        r = self.resolution
        if r.vote_outcome == "without vote":
            return gettext("without a vote")
        if r.vote_outcome == "recorded" and r.votes_in_favour is not None:
            abstaining = r.votes_abstaining or 0
            return ngettext(
                "by a recorded vote of %(in_favour)s to %(against)s, "
                "with %(abstaining)s abstention",
                "by a recorded vote of %(in_favour)s to %(against)s, "
                "with %(abstaining)s abstentions",
                abstaining,
            ) % {
                "in_favour": r.votes_in_favour,
                "against": r.votes_against or 0,
                "abstaining": abstaining,
            }
        return gettext("by a recorded vote") if r.vote_outcome == "recorded" else ""


@dataclass
class Precedents:
    """The matches of a lookup by resolution: other resolutions first, newest first, then the
    sought paragraph's own series; and the earliest and latest adoption among them all."""

    others: list[Adopted]
    series: list[Adopted]
    earliest: Adopted | None
    latest: Adopted | None

    @property
    def all(self) -> list[Adopted]:
        return [*self.others, *self.series]

    def chronological(self) -> list[Adopted]:
        return sorted(self.all, key=_when)


def _when(group: Adopted):
    r = group.resolution
    return (r.adopted or datetime.date.min, r.session, r.number_int)


def precedents(found: Found, own_paragraph: int, series: set[int]) -> Precedents:
    """Group a lookup's matches by resolution, leaving out the paragraph the words were sought
    from (the page shows it once, above). No query: the matches hold their resolutions."""
    groups: dict[int, Adopted] = {}
    for match in found.matches:
        if match.paragraph.pk == own_paragraph:
            continue
        resolution = match.paragraph.resolution
        group = groups.get(resolution.pk)
        if group is None:
            group = groups[resolution.pk] = Adopted(resolution, [], resolution.pk in series)
        group.matches.append(match)
    newest_first = sorted(groups.values(), key=_when, reverse=True)
    ordered = sorted(newest_first, key=lambda g: g.own_series)  # stable: others first
    dated = [g for g in ordered if g.resolution.adopted]
    return Precedents(
        [g for g in ordered if not g.own_series],
        [g for g in ordered if g.own_series],
        min(dated, key=_when) if dated else None,
        max(dated, key=_when) if dated else None,
    )


@dataclass
class Coverage:
    """How many resolutions of each session the library holds in each language, for saying
    what a lookup in one language covers ("French: session 77 only")."""

    held: dict[str, dict[int, int]]  # language -> session -> resolutions
    every: list[int]  # every session the library holds, newest first

    def of(self, language: str) -> list[tuple[int, int]]:
        """(session, resolutions) in the language, newest session first."""
        return sorted(self.held.get(language, {}).items(), reverse=True)

    def sessions(self, language: str) -> list[int]:
        return [session for session, _ in self.of(language)]


def coverage() -> Coverage:
    """Two small queries over the resolutions and their language versions."""
    from django.db.models import Count

    from resolutions.models import ResolutionText

    held: dict[str, dict[int, int]] = {}
    rows = [
        *Resolution.objects.order_by()
        .values_list("primary_language", "session")
        .annotate(n=Count("pk")),
        *ResolutionText.objects.order_by()
        .values_list("language", "resolution__session")
        .annotate(n=Count("resolution", distinct=True)),
    ]
    for language, session, n in rows:
        sessions = held.setdefault(language, {})
        sessions[session] = max(sessions.get(session, 0), n)
    every = sorted({s for sessions in held.values() for s in sessions}, reverse=True)
    return Coverage(held, every)
