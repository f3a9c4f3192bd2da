"""Full-text search over paragraphs: PostgreSQL's ranked text search with a GIN index, and on
SQLite a simpler ranked word match; both return hits with safely highlighted snippets, and say
when a query matched too many paragraphs to rank them all."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, FloatField, Window
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Paragraph, Resolution

LIMIT = 50
# A common word matches a good share of the library, and every match costs a read of its row
# (PostgreSQL's index says which rows match, not how recent they are), so when more than this
# many paragraphs match only the most recent this many are ranked, and the page says so.
CANDIDATES = 500
CONFIG = "english"
# Highlight delimiters no paragraph text contains (private-use characters): the headline is
# escaped whole, then only these become <mark> tags, so no query or text can inject markup.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 36


@dataclass
class Hit:
    paragraph: Paragraph
    snippet: SafeString
    rank: float


def highlight(headline: str) -> SafeString:
    """Escapes a headline and turns the delimiters, and only them, into <mark> elements."""
    out, inside = [], False
    for piece in re.split(f"([{START}{STOP}])", headline):
        if piece == START and not inside:
            out.append("<mark>")
            inside = True
        elif piece == STOP and inside:
            out.append("</mark>")
            inside = False
        elif piece not in (START, STOP):
            out.append(escape(piece))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped, delimiters made <mark>


def paragraphs_searched(session=None):
    paragraphs = Paragraph.objects.in_text().select_related("resolution")
    if session is not None:
        paragraphs = paragraphs.filter(resolution__session=session)
    return paragraphs


# The order in which candidates are chosen when too many paragraphs match: newest first.
NEWEST_FIRST = ("-resolution__session", "-resolution__number_int", "-resolution_id", "position")


@dataclass
class SearchResults:
    """The best hits for a query, and how many paragraphs it matched."""

    hits: list[Hit] = field(default_factory=list)
    # How many paragraphs match; when `capped`, only that more than `cap` do.
    matched: int = 0
    # More than `cap` paragraphs matched, so only the `cap` most recent of them were ranked.
    capped: bool = False
    cap: int = 0


def search_paragraphs(query: str, session=None, limit=LIMIT) -> SearchResults:
    query = query.strip()
    if not query:
        return SearchResults(cap=CANDIDATES)
    if connection.vendor == "postgresql":
        return _search_postgresql(query, session, limit)
    return _search_words(query, session, limit)


def _best(candidates, limit):
    """Candidates (pk, rank, session, number_int, resolution_id, position), best first: by rank,
    then newest resolution first and in reading order, the order the page has always shown."""
    return sorted(candidates, key=lambda c: (-c[1], -c[2], -c[3], -c[4], c[5]))[:limit]


# --- PostgreSQL ---------------------------------------------------------------------------------

# The most recent matches are looked for in this many of the newest resolutions, read paragraph
# by paragraph; when they hold fewer, every match is ranked instead (see _search_postgresql).
NEWEST_RESOLUTIONS = 500
TSQUERY = "websearch_to_tsquery(%s::regconfig, %s)"
# What choosing and ordering hits needs of a match, the same in every query below.
CANDIDATE = (
    "pk",
    "rank",
    "resolution__session",
    "resolution__number_int",
    "resolution_id",
    "position",
)


def _search_postgresql(query, session, limit):
    # The stored, indexed vector of migration 0003: matching and ranking never re-parse text.
    # Only constants and the query (as a parameter) go into the SQL.
    matches = RawSQL(  # noqa: S611
        f"resolutions_paragraph.search_vector @@ {TSQUERY}", (CONFIG, query), BooleanField()
    )
    rank = RawSQL(  # noqa: S611
        f"ts_rank(resolutions_paragraph.search_vector, {TSQUERY})", (CONFIG, query), FloatField()
    )
    found = paragraphs_searched(session).filter(matches).annotate(rank=rank).order_by()

    # A selective query: all its matches fit on the page, and all are ranked. Asking for one more
    # than that stops early (in no particular order) when a query matches a lot.
    candidates = list(found.values_list(*CANDIDATE)[: limit + 1])
    if len(candidates) <= limit:
        return SearchResults(
            _hits(query, _best(candidates, limit)), len(candidates), cap=CANDIDATES
        )

    # Many: if the newest resolutions hold more than CANDIDATES matches, rank the most recent.
    candidates = _newest_matches(query, session, CANDIDATES + 1)
    if len(candidates) > CANDIDATES:
        best = _best(candidates[:CANDIDATES], limit)
        return SearchResults(_hits(query, best), len(candidates), capped=True, cap=CANDIDATES)

    # Otherwise they are not that many, or mostly in older resolutions: rank them all (what
    # every search did before there was a cap), counting them on the way.
    ranked = list(
        found.annotate(matched=Window(Count("pk")))
        .order_by("-rank", *NEWEST_FIRST)
        .values_list(*CANDIDATE, "matched")[:limit]
    )
    matched = ranked[0][-1] if ranked else 0
    return SearchResults(_hits(query, ranked), matched, cap=CANDIDATES)


def _newest_matches(query, session, count):
    """The `count` most recent matching paragraphs, among those of the NEWEST_RESOLUTIONS newest
    resolutions, as candidate tuples in that order.

    The paragraphs are read resolution by resolution, newest first, and the reading stops as soon
    as enough match: a common word is found within a few resolutions. The subquery's OFFSET 0
    keeps the match test out of it, so the planner cannot trade this bounded reading for the
    text index, which would fetch every match in the library before sorting them by date.
    """
    paragraphs, resolutions = Paragraph._meta.db_table, Resolution._meta.db_table
    in_session = "WHERE session = %s" if session is not None else ""
    sql = f"""
        SELECT c.id, ts_rank(c.search_vector, q.q), r.session, r.number_int, r.id, c.position
        FROM (SELECT {TSQUERY} AS q) q,
            (SELECT id, session, number_int FROM {resolutions} {in_session}
             ORDER BY session DESC, number_int DESC, id DESC LIMIT %s) r
            CROSS JOIN LATERAL (
                SELECT p.id, p.position, p.search_vector FROM {paragraphs} p
                WHERE p.resolution_id = r.id AND p.in_text OFFSET 0
            ) c
        WHERE c.search_vector @@ q.q
        ORDER BY r.session DESC, r.number_int DESC, r.id DESC, c.position
        LIMIT %s
    """  # noqa: S608 - table names from the models; the query and numbers are parameters
    params = [CONFIG, query, *([session] if session is not None else []), NEWEST_RESOLUTIONS, count]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _hits(query, best) -> list[Hit]:
    """The paragraphs of the best candidates, with their snippets, in the candidates' order."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    if not best:
        return []
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    paragraphs = (
        Paragraph.objects.filter(pk__in=[c[0] for c in best])
        .select_related("resolution")
        .annotate(
            headline=SearchHeadline(
                "text",
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by()
    )
    by_pk = {paragraph.pk: paragraph for paragraph in paragraphs}
    # A paragraph removed by an ingest since it was found is left out.
    return [Hit(by_pk[c[0]], highlight(by_pk[c[0]].headline), c[1]) for c in best if c[0] in by_pk]


# --- SQLite and other databases: words, quoted phrases and -exclusions, like websearch --------

TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def parse_query(query: str) -> tuple[list[str], list[str]]:
    """Terms to find and terms to exclude: `women "forced labour" -child`."""
    wanted, unwanted = [], []
    for match in TOKEN.finditer(query):
        negate = match[1] or match[3]
        term = (match[2] if match[2] is not None else match[4]).strip(" ,.;:!?'\"()")
        if not term or term.lower() == "or":
            continue
        (unwanted if negate else wanted).append(term)
    return wanted, unwanted


def _search_words(query, session, limit):
    wanted, unwanted = parse_query(query)
    if not wanted:
        return SearchResults(cap=CANDIDATES)
    found = paragraphs_searched(session)
    for term in wanted:
        found = found.filter(text__icontains=term)
    for term in unwanted:
        found = found.exclude(text__icontains=term)
    paragraphs = list(found.order_by(*NEWEST_FIRST)[: CANDIDATES + 1])
    capped = len(paragraphs) > CANDIDATES
    patterns = [re.compile(re.escape(term), re.IGNORECASE) for term in wanted]
    candidates = []
    for paragraph in paragraphs[:CANDIDATES]:
        count = sum(len(pattern.findall(paragraph.text)) for pattern in patterns)
        # Rank like a simple tf: more occurrences in a shorter paragraph rank higher.
        rank = count / (1 + len(paragraph.text) / 500)
        resolution = paragraph.resolution
        candidates.append(
            (
                paragraph,
                rank,
                resolution.session,
                resolution.number_int,
                resolution.pk,
                paragraph.position,
            )
        )
    hits = []
    for paragraph, rank, *_ in _best(candidates, limit):
        matches = [m for pattern in patterns for m in pattern.finditer(paragraph.text)]
        hits.append(Hit(paragraph, snippet(paragraph.text, matches), rank))
    return SearchResults(hits, len(paragraphs), capped=capped, cap=CANDIDATES)


def snippet(text: str, matches) -> SafeString:
    """About SNIPPET_WORDS words around the first match, the matches delimited, then escaped."""
    spans = sorted({(m.start(), m.end()) for m in matches})
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    first = merged[0][0] if merged else 0
    words = list(re.finditer(r"\S+", text))
    at = next((i for i, w in enumerate(words) if w.end() > first), 0)
    begin_word = max(0, at - SNIPPET_WORDS // 3)
    end_word = min(len(words), begin_word + SNIPPET_WORDS)
    begin = words[begin_word].start() if words else 0
    end = words[end_word - 1].end() if words else 0

    def plain(part):
        return part.replace(START, "").replace(STOP, "")

    pieces, cursor = [], begin
    for start, stop in merged:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        pieces += [plain(text[cursor:start]), START, plain(text[start:stop]), STOP]
        cursor = stop
    pieces.append(plain(text[cursor:end]))
    clean = "".join(pieces)
    prefix = "… " if begin_word > 0 else ""
    suffix = " …" if end_word < len(words) else ""
    return mark_safe(escape(prefix) + highlight(clean) + escape(suffix))  # noqa: S308 - escaped
