"""Full-text search over paragraphs, in every language version, each with its own stemming.

On PostgreSQL a stored tsvector per language version, indexed language by language (both made
by `fulltext.make_search_vector`), is matched and ranked with that language's text-search
configuration; on SQLite a simpler ranked word match.
Both understand words, "quoted phrases" and -exclusions; find British and American spellings of
English words alike (resolutions/spelling.py); find, for an instrument's name or acronym from the
catalogue (CEDAW, UNTOC), the paragraphs that cite it; return one page of hits with safely
highlighted snippets; and say when a query matched too many paragraphs to rank them all.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from resolutions.models import (
    Citation,
    FootnoteMarker,
    Instrument,
    Language,
    Paragraph,
    ParagraphText,
    Resolution,
    ResolutionText,
    direction,
)
from resolutions.parsing.catalogue import load_catalogue
from resolutions.search import fulltext
from resolutions.search.groups import gather, grouped_hits
from resolutions.search.spelling import phrase_variants

PER_PAGE = 50
LIMIT = PER_PAGE
# A common word matches a good share of the library, and every match costs a read of its row
# (PostgreSQL's index says which rows match, not how recent they are), so when more than this
# many paragraphs match only the most recent this many are ranked, and the page says so.
CANDIDATES = 500
# Highlight delimiters no paragraph text contains (private-use characters): the headline is
# escaped whole, then only these become <mark> tags, so no query or text can inject markup.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 36
CJK_CHARACTER = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SNIPPET_WORD = re.compile(f"[{CJK_CHARACTER}]|[^\\s{CJK_CHARACTER}]+")
# At most this many paragraphs citing a named instrument are searched as hits.
CITING_LIMIT = 5000


@dataclass
class Hit:
    paragraph: Paragraph
    snippet: SafeString
    rank: float
    language: str = Language.ENGLISH
    # The resolution's title in the hit's language, where the library has that text.
    title: str = ""
    # The paragraph's text in the hit's language, compared to group identical wording.
    text: str = ""
    # Hits in other versions of the same series worded identically, newest first.
    also: list["Hit"] = field(default_factory=list)

    @property
    def short_symbol(self) -> str:
        return self.paragraph.resolution.symbol.removeprefix("A/RES/")

    @property
    def language_name(self) -> str:
        return Language(self.language).label

    @property
    def direction(self) -> str:
        return direction(self.language)

    @property
    def shown_title(self) -> str:
        return self.title or self.paragraph.resolution.title

    @property
    def url(self) -> str:
        return f"{self.paragraph.get_absolute_url()}?lang={self.language}"


@dataclass
class SearchResults:
    """One page of the best hits for a query, and how many paragraphs it matched."""

    hits: list[Hit] = field(default_factory=list)
    # How many paragraphs match; when `capped`, only that more than `cap` do.
    matched: int = 0
    # More than `cap` paragraphs matched, so only the `cap` most recent of them were ranked.
    capped: bool = False
    cap: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    # The catalogue's instruments the query names ("CEDAW"), whose citing paragraphs are hits,
    # and how many paragraphs cite them.
    instruments: list[Instrument] = field(default_factory=list)
    cited_by: int = 0
    # How many hits the page held before identical wording in one series was shown once.
    on_page: int = 0
    # How many results there are once identical wording in one series is shown once, where
    # that was done before the page was cut (`gather`); None where each page was grouped alone.
    groups: int | None = None
    # Resolutions whose title the query matches, newest of each series first (page 1 only).
    titles: list = field(default_factory=list)  # titles.TitleMatch

    @property
    def grouped(self) -> bool:
        return any(hit.also for hit in self.hits)

    @property
    def ranked(self) -> int:
        """How many hits there are to page through."""
        if self.groups is not None:
            return self.groups
        return self.cap if self.capped else self.matched

    @property
    def merged(self) -> bool:
        """Whether identical wording in one series made fewer results than paragraphs."""
        return self.groups is not None and self.groups < min(
            self.matched, self.cap if self.capped else self.matched
        )

    @property
    def pages(self) -> int:
        return max(1, -(-self.ranked // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + (self.on_page or len(self.hits)) - 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# --- What a query asks for ------------------------------------------------------------------

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


@dataclass
class Plan:
    """A parsed query: each wanted term with the other forms it may take in English text (other
    spellings, an instrument's other names), the terms to leave out, the languages searched, and
    the paragraphs that cite the instruments the whole query names."""

    wanted: list[str]
    english: list[list[str]]
    unwanted: list[str]
    languages: list[str]
    instruments: list[Instrument] = field(default_factory=list)
    citing: list[int] = field(default_factory=list)
    # Only resolutions carrying this subject (its pk), as the library's subject filter.
    subject: int | None = None
    # Only this resolution (its pk): "search in this document" from the reader's toolbar.
    resolution: int | None = None


def plan_query(query: str, languages: list[str], *, cited: bool = True) -> Plan | None:
    """The query's terms and their forms; with `cited`, also the instruments it names and the
    paragraphs citing them (two queries when it names one)."""
    wanted, unwanted = parse_query(query)
    if not wanted:
        return None
    catalogue = load_catalogue()
    whole = query.strip().strip('"')
    named = catalogue.named(whole)
    if named:
        wanted = [whole]
        unwanted = []
    instruments = (
        list(Instrument.objects.filter(slug__in=[e.slug for e in named]).order_by("title"))
        if named and cited
        else []
    )
    english = []
    for term in wanted:
        alternatives = phrase_variants(term)
        for entry in named or catalogue.named(term):
            # An instrument the library holds is found through its citations, and by its short
            # names; one it does not, by its every name in the text, title included.
            names = entry.acronyms if instruments else entry.names
            alternatives += [name for name in names if name not in alternatives]
        english.append(alternatives)
    plan = Plan(wanted, english, unwanted, languages, instruments)
    if plan.instruments:
        # Cited in the paragraph's text, or in a footnote whose marker it carries. (The
        # search itself leaves out paragraphs no longer in the text.)
        direct = Citation.objects.filter(
            instrument__in=plan.instruments, paragraph__isnull=False
        ).values_list("paragraph_id", flat=True)
        footnoted = FootnoteMarker.objects.filter(
            footnote__citations__instrument__in=plan.instruments
        ).values_list("paragraph_id", flat=True)
        both = direct.order_by().union(footnoted.order_by()).order_by()
        plan.citing = sorted(both[:CITING_LIMIT])
    return plan


def search_paragraphs(
    query: str,
    session=None,
    limit=None,
    *,
    language: str | None = None,
    page: int = 1,
    subject: int | None = None,
    resolution: int | None = None,
) -> SearchResults:
    """The `page`th page of hits for `query`, in one language or (None) in all of them, in the
    resolutions of one subject (its pk) or of all, or in one resolution (its pk)."""
    per_page = limit or PER_PAGE
    page = max(1, page)
    languages = [language] if language else list(Language.values)
    plan = plan_query(query.strip(), languages) if query.strip() else None
    if plan is None:
        return SearchResults(cap=CANDIDATES, per_page=per_page)
    plan.subject = subject
    plan.resolution = resolution
    if connection.vendor == "postgresql":
        results = _search_postgresql(plan, session, per_page, page)
    else:
        results = _search_words(plan, session, per_page, page)
    results.page, results.per_page = page, per_page
    results.instruments, results.cited_by = plan.instruments, len(plan.citing)
    return results


def _newest(candidate) -> tuple:
    return (-candidate[2], -candidate[3], -candidate[4])


def _gathered(ranked, offset, limit, text) -> tuple[int, list[list]]:
    """How many groups the ranked candidates make (`groups.gather`), and the page of them asked
    for, each group a list of candidates."""
    groups = gather(
        ranked, resolution=lambda c: c[4], language=lambda c: c[6], text=text, newest=_newest
    )
    return len(groups), groups[offset : offset + limit]


def _best(candidates, offset, limit):
    """Candidates (pk, rank, session, number_int, resolution_id, position, language), best
    first: by rank, then newest resolution first, in reading order, in the UN's order of
    languages; the page asked for."""
    order = {code: n for n, code in enumerate(Language.values)}
    candidates = sorted(
        candidates, key=lambda c: (-c[1], -c[2], -c[3], -c[4], c[5], order.get(c[6], 9))
    )
    return candidates[offset : offset + limit]


# --- PostgreSQL ---------------------------------------------------------------------------------

# Past the cap, the most recent matches are ranked when this many of the newest resolutions hold
# them; when they hold fewer, every match is ranked instead (see _search_postgresql).
NEWEST_RESOLUTIONS = 500


def _tsquery(plan: Plan, language: str) -> tuple[str, list]:
    """The whole query as one tsquery in a language: every term (any of its forms), none of the
    terms left out."""
    terms = plan.english if language == "en" else [[term] for term in plan.wanted]
    parts, params = [], []
    for alternatives in terms:
        pieces = [fulltext.tsquery(language, alternative) for alternative in alternatives]
        parts.append("(" + " || ".join(sql for sql, _ in pieces) + ")")
        params += [param for _, values in pieces for param in values]
    for term in plan.unwanted:
        sql, values = fulltext.tsquery(language, term)
        parts.append(f"!!{sql}")
        params += values
    return "(" + " && ".join(parts) + ")", params


def _match(plan: Plan, alias: str) -> tuple[str, list]:
    """Whether the text row `alias` matches: its own language's query, or it cites the
    instrument. Each language's test names the language, so that the planner reads that
    language's rows from that language's text index and no other."""
    arms, params = [], []
    for language in plan.languages:
        sql, values = _tsquery(plan, language)
        # Language codes come from Language.values, never from the request.
        arms.append(f"({alias}.language = '{language}' AND {fulltext.vector_match(alias, sql)})")
        params += values
    if plan.citing:
        arms.append(f"({alias}.paragraph_id = ANY(%s) AND {alias}.language = ANY(%s))")
        params += [plan.citing, _citing_languages(plan)]
    return "(" + " OR ".join(arms) + ")", params


def _citing_languages(plan: Plan) -> list[str]:
    # A paragraph citing the instrument cites it in every language: in a search of all of them,
    # it is shown once, in English.
    return plan.languages if len(plan.languages) == 1 else [Language.ENGLISH]


def _rank(plan: Plan, alias: str) -> tuple[str, list]:
    cases, params = [], []
    for language in plan.languages:
        sql, values = _tsquery(plan, language)
        cases.append(f"WHEN '{language}' THEN {fulltext.vector_rank(alias, sql)}")
        params += values
    rank = f"(CASE {alias}.language {' '.join(cases)} ELSE 0 END)"
    if plan.citing:
        rank = f"({rank} + CASE WHEN {alias}.paragraph_id = ANY(%s) THEN 1 ELSE 0 END)"
        params.append(plan.citing)
    return rank, params


TABLES = {
    "texts": ParagraphText._meta.db_table,
    "resolutions": Resolution._meta.db_table,
}
# Newest resolution first, then in reading order, then by language: the order in which the most
# recent matches are chosen. Each text row carries its paragraph's and resolution's place in
# it (migration 0012), so that choosing reads no other table.
NEWEST_TEXTS = "session DESC, number_int DESC, resolution_id DESC, position, language"


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope(plan: Plan, session, alias: str) -> tuple[str, list]:
    """The text rows a search looks among: paragraphs in the text, of one session and of the
    plan's subject if asked."""
    sql, params = f"{alias}.in_text", []
    if session is not None:
        sql += f" AND {alias}.session = %s"
        params.append(session)
    in_subject, subject_params = _in_subject(plan, f"{alias}.resolution_id")
    return f"{sql} {in_subject}", [*params, *subject_params]


def _in_subject(plan: Plan, resolution_id: str) -> tuple[str, list]:
    """The condition keeping the resolutions of the plan's subject, if it has one, and its one
    resolution if it searches within one."""
    sql, params = "", []
    if plan.subject is not None:
        table = Resolution.subjects.through._meta.db_table
        # The column and table names are the code's own; the subject is a parameter.
        sql += f"AND {resolution_id} IN (SELECT resolution_id FROM {table} WHERE subject_id = %s)"  # noqa: S608
        params.append(plan.subject)
    if plan.resolution is not None:
        sql += f" AND {resolution_id} = %s"
        params.append(plan.resolution)
    return sql, params


def _search_postgresql(plan, session, limit, page):
    offset = (page - 1) * limit
    # The CANDIDATES + 1 most recent matches, ranked; one more than CANDIDATES says when a
    # query matches more. With them, how many resolutions there are from the newest down to the
    # oldest of them.
    candidates = _newest_matches(plan, session, CANDIDATES + 1)
    capped = len(candidates) > CANDIDATES
    # Few, or the NEWEST_RESOLUTIONS newest resolutions hold more than CANDIDATES of them (then
    # the most recent are ranked): identical wording in a series is gathered before the page is
    # cut, so that no page repeats what another shows.
    if not capped or candidates[0][-1] <= NEWEST_RESOLUTIONS:
        ranked = _best(candidates[:CANDIDATES], 0, CANDIDATES)
        groups, page_groups = _gathered(ranked, offset, limit, text=lambda c: c[7])
        members = [c for group in page_groups for c in group]
        hits = grouped_hits(
            [[c[0] for c in group] for group in page_groups], _hits_by_pk(plan, members)
        )
        return SearchResults(hits, len(candidates), capped=capped, cap=CANDIDATES, groups=groups)

    # Otherwise they are mostly in older resolutions: rank them all, counting them on the way;
    # each page is then grouped on its own (search/views.py).
    match, match_params = _match(plan, "pt")
    scope, scope_params = _scope(plan, session, "pt")
    rank, rank_params = _rank(plan, "pt")
    sql = f"""
        SELECT pt.id, {rank}, pt.session, pt.number_int, pt.resolution_id, pt.position,
               pt.language, count(*) OVER ()
        FROM {TABLES["texts"]} pt
        WHERE {scope} AND {match}
        ORDER BY 2 DESC, {NEWEST_TEXTS}
        LIMIT %s OFFSET %s
    """  # noqa: S608 - table names from the models, languages from Language; the rest parameters
    ranked = _fetch(sql, [*rank_params, *scope_params, *match_params, limit, offset])
    matched = ranked[0][-1] if ranked else _count(plan, session)
    return SearchResults(_hits(plan, ranked), matched, cap=CANDIDATES)


def _count(plan, session) -> int:
    """How many text rows match, for a page past the last one."""
    match, match_params = _match(plan, "pt")
    scope, scope_params = _scope(plan, session, "pt")
    sql = f"SELECT count(*) FROM {TABLES['texts']} pt WHERE {scope} AND {match}"  # noqa: S608
    return _fetch(sql, [*scope_params, *match_params])[0][0]


def _newest_matches(plan, session, count):
    """The `count` most recent matching text rows, newest first, as candidate tuples (pk, rank,
    session, number_int, resolution_id, position, language, text), each followed by how many
    resolutions (of the session searched) there are from the newest down to the oldest
    candidate's.

    Every match is found in the text indexes and only its place is read; the most recent
    `count` are kept, and only those are ranked. The cost grows with the number of matches, not
    with where in the library they are.
    """
    match, match_params = _match(plan, "pt")
    scope, scope_params = _scope(plan, session, "pt")
    rank, rank_params = _rank(plan, "t")
    in_session = "AND r.session = %s" if session is not None else ""
    in_subject, subject_params = _in_subject(plan, "r.id")
    sql = f"""
        WITH c AS MATERIALIZED (
            SELECT pt.id, pt.session, pt.number_int, pt.resolution_id, pt.position, pt.language
            FROM {TABLES["texts"]} pt
            WHERE {scope} AND {match}
            ORDER BY {NEWEST_TEXTS}
            LIMIT %s
        ), oldest AS (
            SELECT session, number_int, resolution_id FROM c
            ORDER BY session, number_int, resolution_id LIMIT 1
        )
        SELECT c.id, {rank}, c.session, c.number_int, c.resolution_id, c.position, c.language,
               t.text,
               (SELECT count(*) FROM {TABLES["resolutions"]} r, oldest o
                WHERE (r.session, r.number_int, r.id) >= (o.session, o.number_int, o.resolution_id)
                {in_session} {in_subject})
        FROM c JOIN {TABLES["texts"]} t ON t.id = c.id
        ORDER BY {", ".join(f"c.{key}" for key in NEWEST_TEXTS.split(", "))}
    """  # noqa: S608 - table names from the models, languages from Language; the rest parameters
    params = [
        *scope_params,
        *match_params,
        count,
        *rank_params,
        *([session] if session is not None else []),
        *subject_params,
    ]
    return _fetch(sql, params)


HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _hits(plan, best) -> list[Hit]:
    """The text rows of the best candidates, with their snippets, in the candidates' order."""
    return list(_hits_by_pk(plan, best).values())


def _hits_by_pk(plan, best) -> dict[int, Hit]:
    """`_hits`, by text row pk."""
    if not best:
        return {}
    cases, params = [], []
    for language in plan.languages:
        if language == "zh":
            continue  # pairs of characters make no headline; see _python_snippet
        sql, values = _tsquery(plan, language)
        text = f"{ParagraphText._meta.db_table}.text"
        cases.append(f"WHEN '{language}' THEN {fulltext.headline(language, text, sql)}")
        params += [*values, HEADLINE_OPTIONS]
    table = ParagraphText._meta.db_table
    headline = f"CASE {table}.language {' '.join(cases)} ELSE '' END" if cases else "''"
    texts = (
        ParagraphText.objects.filter(pk__in=[c[0] for c in best])
        .select_related("paragraph__resolution")
        .annotate(headline=RawSQL(headline, params))  # noqa: S611 - constants and parameters
        .order_by()
    )
    by_pk = {text.pk: text for text in texts}
    hits = {}
    # A paragraph removed by an ingest since it was found is left out.
    for candidate in best:
        text = by_pk.get(candidate[0])
        if text is None:
            continue
        marked = START in text.headline
        shown = highlight(text.headline) if marked else _python_snippet(plan, text)
        hits[text.pk] = Hit(text.paragraph, shown, candidate[1], text.language, text=text.text)
    return hits


def _python_snippet(plan, text) -> SafeString:
    """A snippet around the words as typed, where the database's headline marks none (Chinese,
    or a capital letter a "C" collation could not lower-case)."""
    terms = [t for t in plan.wanted if t] + (
        [i.name for i in plan.instruments] if plan.instruments else []
    )
    patterns = [re.compile(re.escape(term), re.IGNORECASE) for term in terms]
    matches = [m for p in patterns for m in p.finditer(text.text)]
    if not matches:
        # The database matched another form of a word ("trafficked" for "trafficking"): its
        # stem, as the start of a word, is what the snippet is cut around and marks.
        stems = [stem(word) for term in terms for word in term.split()]
        pattern = re.compile(
            "|".join(rf"(?<!\w){re.escape(s)}\w*" for s in stems if s), re.IGNORECASE
        )
        matches = list(pattern.finditer(text.text)) if stems else []
    return snippet(text.text, matches)


def stem(word: str) -> str:
    """A word's first letters, enough to find its other endings: at least four, at most all but
    its last three."""
    return word[: max(4, len(word) - 3)]


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


# --- SQLite and other databases: words, quoted phrases and -exclusions, like websearch --------

# The order in which candidates are chosen when too many paragraphs match: newest first.
NEWEST_FIRST = (
    "-paragraph__resolution__session",
    "-paragraph__resolution__number_int",
    "-paragraph__resolution_id",
    "paragraph__position",
    "language",
)


HIT_FIELDS = (
    "paragraph",
    "language",
    "text",
    "paragraph__resolution",
    "paragraph__pid",
    "paragraph__kind",
    "paragraph__label",
    "paragraph__position",
    "paragraph__resolution__symbol",
    "paragraph__resolution__session",
    "paragraph__resolution__number_int",
    "paragraph__resolution__title",
    # Read to give each hit its title in its own language (title_hits).
    "paragraph__resolution__primary_language",
)


def _search_words(plan, session, limit, page):
    narrowed = _trigrams(plan)
    found = (
        ParagraphText.objects.filter(
            fulltext.in_languages(plan.languages, narrowed=narrowed is not None),
            paragraph__in_text=True,
        )
        .select_related("paragraph__resolution")
        # What ranking and the page of hits read: every candidate is made a model instance,
        # and the columns left out (markup, notes of places, the paragraph's own copy of its
        # text) were most of the work.
        .only(*HIT_FIELDS)
    )
    if session is not None:
        found = found.filter(paragraph__resolution__session=session)
    if plan.subject is not None:
        found = found.filter(paragraph__resolution__subjects=plan.subject)
    if plan.resolution is not None:
        found = found.filter(paragraph__resolution=plan.resolution)
    words = Q()

    def holds(term: str) -> Q:
        # The paragraph's words or those of the table it introduces (`table_words`).
        return Q(text__icontains=term) | Q(table_words__icontains=term)

    for term, english in zip(plan.wanted, plan.english, strict=True):
        any_form = holds(term) & ~Q(language=Language.ENGLISH)
        for alternative in english:
            any_form |= holds(alternative) & Q(language=Language.ENGLISH)
        words &= any_form
    for term in plan.unwanted:
        words &= ~holds(term)
    if plan.citing:
        citing = Q(paragraph_id__in=plan.citing, language__in=_citing_languages(plan))
        words |= citing
        narrowed = narrowed | citing if narrowed is not None else None
    if narrowed is not None:
        words &= narrowed
    texts = list(found.filter(words).order_by(*NEWEST_FIRST)[: CANDIDATES + 1])
    capped = len(texts) > CANDIDATES
    citing = set(plan.citing)
    patterns = {
        language: [
            re.compile("|".join(re.escape(a) for a in alternatives), re.IGNORECASE)
            for alternatives in (plan.english if language == "en" else [[t] for t in plan.wanted])
        ]
        for language in plan.languages
    }
    candidates = []
    for text in texts[:CANDIDATES]:
        count = sum(len(pattern.findall(text.text)) for pattern in patterns[text.language])
        # Rank like a simple tf: more occurrences in a shorter paragraph rank higher.
        rank = count / (1 + len(text.text) / 500) + (1 if text.paragraph_id in citing else 0)
        paragraph = text.paragraph
        resolution = paragraph.resolution
        candidates.append(
            (
                text,
                rank,
                resolution.session,
                resolution.number_int,
                resolution.pk,
                paragraph.position,
                text.language,
            )
        )
    ranked = _best(candidates, 0, len(candidates))
    groups, page_groups = _gathered(ranked, (page - 1) * limit, limit, text=lambda c: c[0].text)
    hits = {}
    for text, rank, *_ in (c for group in page_groups for c in group):
        matches = [m for pattern in patterns[text.language] for m in pattern.finditer(text.text)]
        hits[text.pk] = Hit(
            text.paragraph, snippet(text.text, matches), rank, text.language, text=text.text
        )
    page_hits = grouped_hits([[c[0].pk for c in group] for group in page_groups], hits)
    return SearchResults(page_hits, len(texts), capped=capped, cap=CANDIDATES, groups=groups)


def _trigrams(plan: Plan) -> Q | None:
    """On SQLite, the text rows that SQLite's full-text index of trigrams (migration 0018) says
    hold each wanted term, in any of its forms, anywhere, case aside: every row the words'
    `LIKE` would keep, and a few it would not, which it then leaves out. None where there is
    no such index, or no term it can look up (each of its forms is three characters or more)."""
    if not fulltext.indexed(ParagraphText.objects.db):
        return None
    # An English row may hold any of a term's forms; a row in another language, the term.
    query = fulltext.substrings_query(
        [
            list(dict.fromkeys([term, *english]))
            for term, english in zip(plan.wanted, plan.english, strict=True)
        ]
    )
    if query is None:
        return None
    return Q(
        fulltext.substrings_match(ParagraphText._meta.db_table, query)
        # The index holds the paragraphs' own words; the few rows with a table's words beside
        # them are always taken, and the words' check reads those too.
    ) | ~Q(table_words="")


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
    # Chinese and Japanese are written without spaces: each character counts as a word, or a
    # long paragraph would be one word, shown whole, its match far out of view.
    words = list(SNIPPET_WORD.finditer(text))
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


def title_hits(hits: list[Hit]) -> None:
    """Give each hit its resolution's title in the hit's own language: one query, none when
    every hit is in its resolution's primary language."""
    wanted = {
        (hit.paragraph.resolution_id, hit.language)
        for hit in hits
        if hit.language != hit.paragraph.resolution.primary_language
    }
    if not wanted:
        return
    titles = {
        (resolution_id, language): title
        for resolution_id, language, title in ResolutionText.objects.filter(
            resolution_id__in={pk for pk, _ in wanted}, language__in={code for _, code in wanted}
        ).values_list("resolution_id", "language", "title")
    }
    for hit in hits:
        hit.title = titles.get((hit.paragraph.resolution_id, hit.language), "")
