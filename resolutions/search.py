"""Full-text search over paragraphs: PostgreSQL's ranked text search with a GIN index, and on
SQLite a simpler ranked word match; both return hits with safely highlighted snippets."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Paragraph

LIMIT = 50
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


def search_paragraphs(query: str, session=None, limit=LIMIT) -> list[Hit]:
    query = query.strip()
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(query, session, limit)
    return _search_words(query, session, limit)


def _search_postgresql(query, session, limit):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    # The stored, indexed vector of migration 0003: matching and ranking never re-parse text.
    # Only a constant and the query (as a parameter) go into the SQL.
    tsquery = "websearch_to_tsquery(%s::regconfig, %s)"
    matches = RawSQL(  # noqa: S611
        f"resolutions_paragraph.search_vector @@ {tsquery}", (CONFIG, query), BooleanField()
    )
    rank = RawSQL(  # noqa: S611
        f"ts_rank(resolutions_paragraph.search_vector, {tsquery})", (CONFIG, query), FloatField()
    )
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    found = (
        paragraphs_searched(session)
        .filter(matches)
        .annotate(
            rank=rank,
            # PostgreSQL computes a costly output column like this one after the sort and the
            # limit, so only the hits shown get a snippet.
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
            ),
        )
        .order_by("-rank", "-resolution__session", "-resolution__number_int", "position")[:limit]
    )
    return [Hit(p, highlight(p.headline), p.rank) for p in found]


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
        return []
    found = paragraphs_searched(session)
    for term in wanted:
        found = found.filter(text__icontains=term)
    for term in unwanted:
        found = found.exclude(text__icontains=term)
    patterns = [re.compile(re.escape(term), re.IGNORECASE) for term in wanted]
    hits = []
    for paragraph in found[: limit * 4]:
        matches = [m for pattern in patterns for m in pattern.finditer(paragraph.text)]
        # Rank like a simple tf: more occurrences in a shorter paragraph rank higher.
        rank = len(matches) / (1 + len(paragraph.text) / 500)
        hits.append(Hit(paragraph, snippet(paragraph.text, matches), rank))
    hits.sort(key=lambda hit: -hit.rank)
    return hits[:limit]


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
