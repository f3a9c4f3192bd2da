"""SQLite's full-text indexes of the paragraph texts (FTS5, migration 0017), which narrow a search
to the rows that may match before the same checks as ever confirm them.

Two indexes, both kept in step with `resolutions_paragraphtext` by triggers on that table, so
that whatever writes the rows (ingest, a bulk insert, the admin) keeps them exact:

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
"""

import unicodedata

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate

from resolutions.across.folding import words_of

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
    """Whether this database has the full-text indexes: SQLite, migrated past 0017. Known from
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
