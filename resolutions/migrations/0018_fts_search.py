"""On SQLite, full-text indexes of the paragraph texts (FTS5), for search, quoted phrases and
agreed language's short phrases (resolutions/fulltext.py says what each holds and why).

Triggers on the text table keep both in step with every write of a text, whatever writes it;
the words index calls `resolutions_folded_words`, which `resolutions.search.fulltext` registers on every
SQLite connection Django opens. Both are filled here from the rows already loaded. PostgreSQL
has its own indexes (0009, 0012, 0015) and is left as it is.
"""

from django.db import migrations

from resolutions.search.fulltext import TRIGGERS

CREATE = [
    # unicode61 with its diacritics kept: the words come folded already, and the check after a
    # match compares them as `words_of` gives them.
    "CREATE VIRTUAL TABLE resolutions_text_words USING fts5(words, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE resolutions_text_trigrams USING fts5(text, content = 'resolutions_paragraphtext', "
    "content_rowid = 'id', tokenize = 'trigram case_sensitive 0')",
    *TRIGGERS,
    "INSERT INTO resolutions_text_words (rowid, words) SELECT id, resolutions_folded_words(text) FROM resolutions_paragraphtext",
    "INSERT INTO resolutions_text_trigrams (resolutions_text_trigrams) VALUES ('rebuild')",
]

DROP = [
    "DROP TRIGGER IF EXISTS resolutions_paragraphtext_fts_added",
    "DROP TRIGGER IF EXISTS resolutions_paragraphtext_fts_removed",
    "DROP TRIGGER IF EXISTS resolutions_paragraphtext_fts_changed",
    "DROP TABLE IF EXISTS resolutions_text_words",
    "DROP TABLE IF EXISTS resolutions_text_trigrams",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0017_akn_paragraph_aliases")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
