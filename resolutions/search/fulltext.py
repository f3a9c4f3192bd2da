"""Every piece of SQL behind full-text search and the index of words, on both databases: what
the migrations create (tables, functions, columns, indexes, triggers) and the conditions queries
put to them.

SQLite: full-text indexes of the paragraph texts (FTS5, migration 0018), which narrow a search
to the rows that may match before the same checks as ever confirm them. Two indexes, both kept
in step with `resolutions_paragraphtext` by triggers on that table, so that whatever writes the
rows (ingest, a bulk insert, the admin) keeps them exact:

- `resolutions_text_words`: each row's words as agreed language reads them (`folding.words_of`:
  compatibility forms, case, curly apostrophes and hyphens folded, Chinese character by
  character), space-separated. A quoted phrase's words in a row are an FTS5 phrase over them:
  every text holding the phrase is among the rows it matches, since both sides are cut into
  tokens the same way. The words are made in Python (`resolutions_folded_words`, registered on
  every SQLite connection Django opens), so the table keeps its own copy: deleting a row never
  depends on folding its old text again the same way.
- `resolutions_text_trigrams`: the texts as written, under FTS5's trigram tokenizer, without a
  copy (its content is the text table). A word typed in the search box is found as SQLite's
  `LIKE '%word%'` finds it, anywhere in a word; the trigram index answers that for any piece
  of three characters or more, whatever its case.

PostgreSQL: each text row's stemmed search vector (a generated column, one GIN index per
language) and the index of words as agreed language reads them (`resolutions_agreed_words`,
which needs ICU). The system check `resolutions.W001` says when a database lacks the latter.
"""

import logging
import re
import unicodedata
from functools import cache

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate

from resolutions.across.folding import words_of

logger = logging.getLogger(__name__)

TEXTS = "resolutions_paragraphtext"
WORDS = "resolutions_text_words"
TRIGRAMS = "resolutions_text_trigrams"
FOLDED_WORDS = "resolutions_folded_words"
# The trigram index finds no piece shorter than this.
TRIGRAM = 3


def folded_words(text: str | None) -> str:
    """The words of a text as agreed language reads them, space-separated."""
    return " ".join(words_of(text)) if text else ""


# What keeps both indexes in step with the text table, whatever writes it. SQLite drops a
# table's triggers when a migration rebuilds the table (adding a column does): `ensure_triggers`
# puts them back after every migration.
TRIGGERS = [
    """CREATE TRIGGER resolutions_paragraphtext_fts_added
    AFTER INSERT ON resolutions_paragraphtext BEGIN
        INSERT INTO resolutions_text_words (rowid, words)
            VALUES (new.id, resolutions_folded_words(new.text));
        INSERT INTO resolutions_text_trigrams (rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER resolutions_paragraphtext_fts_removed
    AFTER DELETE ON resolutions_paragraphtext BEGIN
        DELETE FROM resolutions_text_words WHERE rowid = old.id;
        INSERT INTO resolutions_text_trigrams (resolutions_text_trigrams, rowid, text)
            VALUES ('delete', old.id, old.text);
    END""",
    # Saving a row through the ORM writes every column: only a changed text is indexed again.
    """CREATE TRIGGER resolutions_paragraphtext_fts_changed
    AFTER UPDATE OF id, text ON resolutions_paragraphtext
    WHEN old.text IS NOT new.text OR old.id IS NOT new.id BEGIN
        DELETE FROM resolutions_text_words WHERE rowid = old.id;
        INSERT INTO resolutions_text_words (rowid, words)
            VALUES (new.id, resolutions_folded_words(new.text));
        INSERT INTO resolutions_text_trigrams (resolutions_text_trigrams, rowid, text)
            VALUES ('delete', old.id, old.text);
        INSERT INTO resolutions_text_trigrams (rowid, text) VALUES (new.id, new.text);
    END""",
]
TRIGGER_NAMES = [
    "resolutions_paragraphtext_fts_added",
    "resolutions_paragraphtext_fts_removed",
    "resolutions_paragraphtext_fts_changed",
]


# What migration 0018 makes and unmakes: both tables, their triggers, the words of the rows already
# there. unicode61 with its diacritics kept: the words come folded already, and the check after a
# match compares them as `words_of` gives them.
CREATE = [
    f"CREATE VIRTUAL TABLE {WORDS} USING fts5(words, tokenize = 'unicode61 remove_diacritics 0')",
    f"CREATE VIRTUAL TABLE {TRIGRAMS} USING fts5(text, content = '{TEXTS}', "
    "content_rowid = 'id', tokenize = 'trigram case_sensitive 0')",
    *TRIGGERS,
    f"INSERT INTO {WORDS} (rowid, words) SELECT id, {FOLDED_WORDS}(text) FROM {TEXTS}",  # noqa: S608
    f"INSERT INTO {TRIGRAMS} ({TRIGRAMS}) VALUES ('rebuild')",  # noqa: S608
]
DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES),
    f"DROP TABLE IF EXISTS {WORDS}",
    f"DROP TABLE IF EXISTS {TRIGRAMS}",
]


def ensure_triggers(connection) -> bool:
    """On a SQLite database with the indexes, creates the triggers a rebuilt text table lost and
    indexes its texts again (the rows kept their ids, but a write in between would not have been
    followed). Returns whether anything was missing."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)",
            [WORDS, TRIGRAMS],
        )
        if cursor.fetchone()[0] != 2:
            return False
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
            TRIGGER_NAMES,
        )
        if cursor.fetchone()[0] == len(TRIGGER_NAMES):
            return False
        for name in TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in TRIGGERS:
            cursor.execute(statement)
        # The module's own table and function names, no input.
        cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {WORDS} (rowid, words) "  # noqa: S608
            f"SELECT id, {FOLDED_WORDS}(text) FROM resolutions_paragraphtext"
        )
        cursor.execute(f"INSERT INTO {TRIGRAMS} ({TRIGRAMS}) VALUES ('rebuild')")  # noqa: S608
    return True


def register(dbapi_connection) -> None:
    """Makes `resolutions_folded_words(text)`, which the index's triggers call, known to a
    SQLite connection. Code opening its own `sqlite3` connection to write texts calls this."""
    dbapi_connection.create_function(FOLDED_WORDS, 1, folded_words, deterministic=True)


def _probe(dbapi_connection) -> bool:
    # On the driver's own connection: no query in Django's log, nor in a test's count of them.
    found = dbapi_connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
        (WORDS, TRIGRAMS),
    ).fetchone()[0]
    return found == 2


def _on_connection(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        register(connection.connection)
        connection.resolutions_fulltext = _probe(connection.connection)


def refresh(alias: str) -> None:
    """Looks again whether the database has the indexes (after its tables changed)."""
    connection = connections[alias]
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.resolutions_fulltext = _probe(connection.connection)


def _on_migrate(sender, **kwargs) -> None:
    for connection in connections.all(initialized_only=True):
        ensure_triggers(connection)
        refresh(connection.alias)


def connect() -> None:
    connection_created.connect(_on_connection, dispatch_uid="resolutions.search.fulltext")
    post_migrate.connect(_on_migrate, dispatch_uid="resolutions.search.fulltext")


def indexed(alias: str) -> bool:
    """Whether this database has the full-text indexes: SQLite, migrated past 0018. Known from
    when the connection opens, and again after each migration."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return False
    if getattr(connection, "resolutions_fulltext", None) is None:
        connection.ensure_connection()
        connection.resolutions_fulltext = _probe(connection.connection)
    return connection.resolutions_fulltext


def in_languages(languages: list[str], *, narrowed: bool) -> Q:
    """The text rows in these languages. Beside a full-text index's rows (`narrowed`), the
    language is tested on each of those rows (SQLite's unary `+`), never looked up in the
    language index: SQLite, without statistics, would otherwise read every row of the
    languages through it and test each against the index's rows, all the library for a search
    of every language."""
    if not narrowed:
        return Q(language__in=languages)
    marks = ", ".join(["%s"] * len(languages))
    return Q(
        RawSQL(  # noqa: S611 - the table name is the code's own; the languages parameters
            f"+{TEXTS}.language IN ({marks})", list(languages), output_field=BooleanField()
        )
    )


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _token(word: str) -> bool:
    """Whether FTS5's unicode61 tokenizer surely keeps a character of the word in a token: a
    letter or digit already in Unicode 3.2, which every SQLite's tables know as one. A phrase
    that the tokenizer would read as no token at all matches no row, so it is not asked."""
    return any(unicodedata.ucd_3_2_0.category(ch)[0] in "LN" for ch in word)


def phrases_query(phrases: list[list[str]]) -> str | None:
    """An FTS5 query of `resolutions_text_words` matching every row whose words hold one of
    these phrases (each a list of `words_of` words) in a row; None when a phrase has no letter
    or digit for the index to look up."""
    if not phrases or not all(any(_token(w) for w in words) for words in phrases):
        return None
    return " OR ".join(_quoted(" ".join(words)) for words in phrases)


def substrings_query(terms: list[list[str]]) -> str | None:
    """An FTS5 query of `resolutions_text_trigrams` matching every row that holds, for each term
    it can look up, one of its forms anywhere in the text, case aside; None when it can look
    up none. A term with a form shorter than three characters is left to the check that
    follows, as is a term of nothing but spaces."""
    clauses = []
    for forms in terms:
        if not forms or any(len(form) < TRIGRAM or not form.strip() for form in forms):
            continue
        clauses.append("(" + " OR ".join(_quoted(form) for form in dict.fromkeys(forms)) + ")")
    return " AND ".join(clauses) or None


def words_phrases_match(table: str, query: str) -> RawSQL:
    """SQLite: the rows of `table` (the text table) whose words hold one of the phrases of an
    FTS5 `query` of the words index (`phrases_query`)."""
    return RawSQL(  # noqa: S611 - the table names are the code's own; the query a parameter
        f"{table}.id IN (SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH %s)",  # noqa: S608
        [query],
        output_field=BooleanField(),
    )


def substrings_match(table: str, query: str) -> RawSQL:
    """SQLite: the rows of `table` (the text table) holding the pieces of an FTS5 `query` of
    the trigram index (`substrings_query`)."""
    return RawSQL(  # noqa: S611 - the table names are the code's own; the query a parameter
        f"{table}.id IN (SELECT rowid FROM {TRIGRAMS} WHERE {TRIGRAMS} MATCH %s)",  # noqa: S608
        [query],
        output_field=BooleanField(),
    )


# --- PostgreSQL -------------------------------------------------------------------------------

# ICU's root collation: a database whose collation is "C" lower-cases only ASCII letters, so the
# texts are lower-cased with this where the server has ICU ("États" and "états" one word).
ICU = "und-x-icu"

# The text-search configuration of each language (`\dF` lists them); any other is `simple`.
CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
# Chinese has no stemmer and no spaces between words: its vector holds the text's overlapping
# pairs of Chinese characters (a "bigram" index, the usual answer for CJK full-text search), plus
# its Latin words and numbers, so that a phrase of any length is found as a chain of pairs.
HAN_CHARACTER = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HAN = re.compile(HAN_CHARACTER + "+")
LATIN_WORD = re.compile(r"[a-z0-9]+")
SEARCH_VECTOR = "search_vector"

BIGRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION resolutions_han_bigrams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(substr(t, i, 2), ' ' ORDER BY i), '')
    FROM generate_series(1, length(t) - 1) AS i
    WHERE substr(t, i, 2) ~ '^{HAN_CHARACTER}{{2}}$'
$$
"""  # noqa: S608 - the code's own constants


def has_icu(connection) -> bool:
    """Whether the PostgreSQL server has ICU's root collation."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [ICU])
        return cursor.fetchone() is not None


def vector_expression(source: str, collate: str) -> str:
    """The search vector of a text row made of the SQL expression `source`, in its language."""
    lowered = f"lower({source}{collate})"
    cases = " ".join(
        f"WHEN '{code}' THEN to_tsvector('{config}'::regconfig, {lowered})"
        for code, config in CONFIGS.items()
    )
    han = (
        f"WHEN 'zh' THEN to_tsvector('simple'::regconfig, resolutions_han_bigrams({source}) "
        f"|| ' ' || regexp_replace({lowered}, '[^a-z0-9]+', ' ', 'g'))"
    )
    return f"CASE language {cases} {han} ELSE to_tsvector('simple'::regconfig, {lowered}) END"


def make_search_vector(schema_editor, source: str) -> None:
    """(Re)makes the text rows' search vector of `source` and its index in each language: each
    row is matched with its own language's query, and an index of one language answers for that
    language alone."""
    from resolutions.models import Language

    collate = f' COLLATE "{ICU}"' if has_icu(schema_editor.connection) else ""
    for code in Language.values:
        schema_editor.execute(f"DROP INDEX IF EXISTS paragraphtext_search_vector_{code}")
    schema_editor.execute(f"ALTER TABLE {TEXTS} DROP COLUMN IF EXISTS {SEARCH_VECTOR}")
    schema_editor.execute(
        f"ALTER TABLE {TEXTS} ADD COLUMN {SEARCH_VECTOR} tsvector "
        f"GENERATED ALWAYS AS ({vector_expression(source, collate)}) STORED"
    )
    for code in Language.values:
        schema_editor.execute(
            f"CREATE INDEX paragraphtext_search_vector_{code} ON {TEXTS} "
            f"USING gin ({SEARCH_VECTOR}) WHERE language = '{code}'"
        )
    schema_editor.execute(f"ANALYZE {TEXTS}")


def tsquery(language: str, phrase: str) -> tuple[str, list]:
    """A tsquery for one term or phrase in a language, as SQL and its parameters."""
    phrase = phrase.lower()
    if language != "zh":
        return f"phraseto_tsquery('{CONFIGS.get(language, 'simple')}'::regconfig, %s)", [phrase]
    # Chinese: each run of characters is the chain of its character pairs; a lone character is
    # any pair that starts with it. Latin words and numbers are words.
    parts, params = [], []
    for run in HAN.findall(phrase):
        if len(run) == 1:
            parts.append("to_tsquery('simple'::regconfig, %s)")
            params.append(f"{run}:*")
        else:
            parts.append("phraseto_tsquery('simple'::regconfig, %s)")
            params.append(" ".join(run[i : i + 2] for i in range(len(run) - 1)))
    for word in LATIN_WORD.findall(phrase):
        parts.append("phraseto_tsquery('simple'::regconfig, %s)")
        params.append(word)
    if not parts:
        return "''::tsquery", []
    return "(" + " && ".join(parts) + ")", params


def vector_match(alias: str, query: str) -> str:
    """SQL: whether the search vector of the text row `alias` matches a tsquery's SQL."""
    return f"{alias}.{SEARCH_VECTOR} @@ {query}"


def vector_rank(alias: str, query: str) -> str:
    """SQL: how well the search vector of the text row `alias` matches a tsquery's SQL."""
    return f"ts_rank({alias}.{SEARCH_VECTOR}, {query})"


def headline(language: str, text: str, query: str) -> str:
    """SQL: the passages of `text` (SQL) that a tsquery's SQL matches, in the language's
    configuration; its options are the one parameter after the query's."""
    return f"ts_headline('{CONFIGS.get(language, 'simple')}'::regconfig, {text}, {query}, %s)"


# The index of every paragraph's words as agreed language reads them (resolutions/agreed.py), so
# that a phrase too short for the fingerprints finds the texts holding its words through an index
# in every language. A SQL function, `resolutions_agreed_words`, reads a text as `folding.fold`
# does (compatibility forms, then case, by ICU's root rules), cuts it wherever a character is
# neither a letter nor a decimal digit (ICU's classes, whatever the database's ctype) and stands
# every Chinese or Japanese character apart, as `folding.words_of` does. Its `simple` vector then
# holds every piece of letters and digits a lookup asks for (`agreed._terms` says which). A text
# it may read otherwise is marked UNSURE, and every lookup takes it. Both tables are indexed: the
# text rows, and the paragraphs whose primary text has no row of its own. Without ICU there is no
# such index (the system check says so), and a short phrase reads the texts of its language that
# hold its ASCII pieces, as where there is no index at all (`agreed.holding_any`).
WORDS_FUNCTION = "resolutions_agreed_words"
WORD_INDEXES = {
    "paragraphtext_agreed_words": TEXTS,
    "paragraph_agreed_words": "resolutions_paragraph",
}

# Texts the index cannot read as `folding.fold` and `folding.words_of` do, found by holding every
# character of the Basic Multilingual Plane to them (tests/test_agreed_short_phrases.py): their
# vector holds UNSURE as well, a word no text can give (an underscore is a space to the index),
# and a lookup takes every text holding it. Unicode outside the Basic Multilingual Plane, where
# Python's and ICU's versions of Unicode part; letters whose case folding is not their lower
# case (Cherokee, Greek with iota subscript, ǰ) and the combining marks that compose them.
UNSURE = "agreed_unsure"
DIFFERENT = (
    r"\u01f0\u0300-\u0301\u0308\u030a\u030c\u0313-\u0314\u0331\u0342\u0345\u037a\u0390"
    r"\u03b0\u13a0-\u13f5\u13f8-\u13fd\u1c80-\u1c88\u1e96-\u1e99\u1f50\u1f52\u1f54\u1f56"
    r"\u1f80-\u1faf\u1fb2-\u1fb4\u1fb6-\u1fb7\u1fbc\u1fc2-\u1fc4\u1fc6-\u1fc7\u1fcc"
    r"\u1fd2-\u1fd3\u1fd6-\u1fd7\u1fe2-\u1fe4\u1fe6-\u1fe7\u1ff2-\u1ff4\u1ff6-\u1ff7\u1ffc"
    r"\u32c0-\u32cb\u3358-\u3370\u33e0-\u33fe\uab70-\uabbf"
)
# In a text with Chinese or Japanese characters, `words_of` cuts and normalises the words of
# the text as written, one by one: a character that compatibility decomposition makes several
# letters (ﬁ, ㎏, №, ⑩) or a mark that composes with the letter before it changes that text's
# words, not the index's.
BESIDE_CJK = (
    r"\u00df\u0132-\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\u0302-\u0304\u0306-\u0307\u0309"
    r"\u030b\u030f\u0311\u031b\u0323-\u0328\u032d-\u032e\u0330\u0338\u0340-\u0341\u0344"
    r"\u0587\u05b4\u05b7-\u05b9\u05bc\u05bf\u05c1-\u05c2\u0653-\u0655\u0675-\u0678\u093c"
    r"\u09bc\u09be\u09d7\u0a3c\u0b3c\u0b3e\u0b56-\u0b57\u0bbe\u0bd7\u0c56\u0cc2"
    r"\u0cd5-\u0cd6\u0d3e\u0d57\u0dca\u0dcf\u0ddf\u0edc-\u0edd\u0f72\u0f74\u0f80\u0fb5"
    r"\u0fb7\u102e\u1161-\u1175\u11a8-\u11c2\u1b35\u1e9a\u1e9e\u20a8\u2100-\u2101\u2103"
    r"\u2105-\u2106\u2109\u2116\u2120-\u2122\u213b\u2152\u2161-\u2163\u2165-\u2168"
    r"\u216a-\u216b\u2171-\u2173\u2175-\u2178\u217a-\u217b\u2469-\u2473\u2491-\u249b"
    r"\u24b6-\u24e9\u3099-\u309a\u3250-\u327e\u32b1-\u32bf\u32cc-\u32cf\u3371-\u337a"
    r"\u3380-\u33df\u33ff\ufb00-\ufb06\ufb13-\ufb17\ufb4f\ufbdd\ufbea-\ufbfb\ufc00-\ufc5a"
    r"\ufc64-\ufc8f\ufc91-\ufcd8\ufcda-\ufcf1\ufcf5-\ufd3b\ufd50-\ufd8f\ufd92-\ufdc7"
    r"\ufdf0-\ufdfc\ufef5-\ufefc"
)


def words_function() -> str:
    """The SQL making `resolutions_agreed_words(text)`: NFKC, then lower case by ICU's root
    rules; casefold differs from lower case on ß (ss) and on the final sigma among the
    letters left out of DIFFERENT. Chinese and Japanese characters are `folding.CJK`'s."""
    from resolutions.across.folding import CJK

    cjk = CJK.pattern
    return rf"""
CREATE OR REPLACE FUNCTION {WORDS_FUNCTION}(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, regexp_replace(regexp_replace(
        translate(replace(lower(n COLLATE "{ICU}"), 'ß', 'ss'), 'ς', 'σ'),
        '({cjk})', ' \1 ', 'g'), '[^[:alnum:]]+', ' ', 'g'))
        || CASE WHEN t ~ '[{DIFFERENT}\U00010000-\U0010ffff]'
            OR (n ~ '{cjk}' AND t ~ '[{BESIDE_CJK}]')
        THEN '{UNSURE}'::tsvector ELSE ''::tsvector END
    FROM (SELECT normalize(t, NFKC) AS n) AS normalised
$$
"""  # noqa: S608, RUF001 - the code's own constants; the sigmas are Greek


def create_word_index(schema_editor) -> bool:
    """Makes the function and the index of words on a PostgreSQL server with ICU; returns
    whether it could. Run again, it replaces the function and keeps the indexes it finds."""
    if not has_icu(schema_editor.connection):
        return False
    schema_editor.execute(words_function())
    for index, table in WORD_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({WORDS_FUNCTION}(text))"
        )
    words_indexed.cache_clear()
    return True


def remake_word_index(alias: str = "default") -> bool:
    """Makes the index of words on a database that lacks it (the system check's advice)."""
    with connections[alias].schema_editor() as schema_editor:
        return create_word_index(schema_editor)


def drop_word_index(schema_editor) -> None:
    for index in WORD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {WORDS_FUNCTION}(text)")
    words_indexed.cache_clear()


@cache
def words_indexed(alias: str) -> bool:
    """Whether this PostgreSQL database has the function of the index of words (it needs ICU).
    Asked once per process, and logged when missing, as the system check says at migrate."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [WORDS_FUNCTION])
        found = cursor.fetchone() is not None
    if not found:
        logger.warning(
            "Database '%s' has no %s(text) (resolutions.W001): short and quoted phrases read "
            "every text of their language.",
            alias,
            WORDS_FUNCTION,
        )
    return found


def agreed_words_match(table: str, terms: list[list[str]]) -> RawSQL:
    """PostgreSQL: the rows of `table` (text rows or paragraphs) whose words, as the index of
    words holds them, include every term of one of the lists, or that the index is unsure of."""
    query = " || ".join(["plainto_tsquery('simple'::regconfig, %s)"] * len(terms))
    return RawSQL(  # noqa: S611 - the table name is the code's own; the terms parameters
        f"{WORDS_FUNCTION}({table}.text) @@ ({query} || '{UNSURE}'::tsquery)",
        [" ".join(each) for each in terms],
        output_field=BooleanField(),
    )


# The migrations that made the index of words: the squashed one, and the one it replaces.
WORD_INDEX_MIGRATIONS = {
    ("resolutions", "0013_agreed_words_index"),
    ("resolutions", "0015_phrase4_agreed_words"),
}


def missing_word_index(connection) -> list[str]:
    """What a migrated PostgreSQL database lacks of the index of words: the function, its
    indexes. Nothing on another database, or before the migration that makes it."""
    from django.db.migrations.recorder import MigrationRecorder

    if connection.vendor != "postgresql":
        return []
    recorder = MigrationRecorder(connection)
    if not recorder.has_table() or not WORD_INDEX_MIGRATIONS & set(recorder.applied_migrations()):
        return []
    missing = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [WORDS_FUNCTION])
        if cursor.fetchone() is None:
            missing.append(f"the function {WORDS_FUNCTION}(text)")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(WORD_INDEXES)]
        )
        present = {name for (name,) in cursor.fetchall()}
    missing += [f"the index {name}" for name in WORD_INDEXES if name not in present]
    return missing


def check_word_index(app_configs=None, databases=None, **kwargs) -> list:
    """System check (database): warns where a PostgreSQL database lacks the index of words, as
    agreed language's short phrases and search's quoted phrases then read every text of a
    language, without failing."""
    from django.core import checks

    warnings = []
    for alias in databases or []:
        connection = connections[alias]
        missing = missing_word_index(connection)
        if not missing:
            continue
        icu = has_icu(connection)
        warnings.append(
            checks.Warning(
                f"Database '{alias}' lacks {', '.join(missing)}: agreed language's short "
                "phrases and search's quoted phrases read every text of their language.",
                hint=(
                    'Make it: python manage.py shell -c "from resolutions.search.fulltext '
                    f"import remake_word_index; remake_word_index('{alias}')\""
                    if icu
                    else f"The server has no ICU collation '{ICU}': the index needs a "
                    "PostgreSQL built with ICU (--with-icu)."
                ),
                id="resolutions.W001",
            )
        )
    return warnings
