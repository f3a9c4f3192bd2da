"""On PostgreSQL with ICU, the index of every paragraph's words as agreed language reads them
(`resolutions.search.fulltext.words_function`), for agreed language's short phrases and the
search's quoted phrases.

It replaces four migrations whose steps undid one another: an index of words as written
(0013, dropped again by 0016) and trigram indexes (0014, dropped again by 0015) came and went,
and the index of words (0015) is what stayed. A database that applied those four has this one
applied; a new one makes the index alone. (The pg_trgm extension 0014 made stays where it was
made; nothing reads it.)

The SQL is the code's own (`fulltext.create_word_index`), not a copy: the function is made with
CREATE OR REPLACE and the indexes with IF NOT EXISTS, so a later change of the function comes
with a migration that runs `create_word_index` again, and a database made from scratch meanwhile
gets the same. Without ICU nothing is made, and the system check resolutions.W001 says so.
"""

from django.db import migrations

from resolutions.search import fulltext


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.create_word_index(schema_editor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.drop_word_index(schema_editor)


class Migration(migrations.Migration):
    replaces = [
        ("resolutions", "0013_across2_phrase_vector"),
        ("resolutions", "0014_agreedperf_phrase_trigrams"),
        ("resolutions", "0015_phrase4_agreed_words"),
        ("resolutions", "0016_phrasesearch_drop_phrase_vector"),
    ]

    dependencies = [("resolutions", "0012_searchperf_newest_first")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
