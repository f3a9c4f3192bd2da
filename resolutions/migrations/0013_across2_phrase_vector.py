"""An index of each language version's words exactly as written, for the search's exact-phrase
mode (resolutions/phrases.py), on PostgreSQL.

The search's own vector (0009) stems words, and in a database of "C" collation it takes every
non-ASCII character for a letter: "“Crime", "d’action" and "non‑governmental" (a non-breaking
hyphen) are single words there, so a phrase would miss them. Here the text is lower-cased, every
punctuation mark and symbol becomes a space, and the words are kept as they are (the `simple`
configuration): every paragraph holding a phrase word for word is among those this index finds
for it. Chinese is left to the search's vector of character pairs, which serves a phrase as is.
"""

from django.db import migrations

# Punctuation and symbols, ASCII and not (general punctuation, currency, arrows and shapes, CJK
# and full-width marks, Arabic marks): spaces, as they are between the words the phrase mode
# compares (resolutions/agreed.py). resolutions/phrases.py applies the same to a phrase.
SEPARATORS = (
    r"[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00a0-\u00bf\u00d7\u00f7\u060c\u061b\u061f"
    r"\u066a-\u066d\u2000-\u206f\u20a0-\u20cf\u2190-\u245f\u2500-\u27bf\u3000-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20]+"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        collate = ' COLLATE "und-x-icu"' if cursor.fetchone() else ""
    words = f"regexp_replace(lower(text{collate}), '{SEPARATORS}', ' ', 'g')"
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraphtext ADD COLUMN phrase_vector tsvector GENERATED ALWAYS "
        f"AS (CASE WHEN language = 'zh' THEN NULL ELSE to_tsvector('simple'::regconfig, {words}) "
        "END) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX paragraphtext_phrase_vector ON resolutions_paragraphtext "
        "USING gin (phrase_vector)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS paragraphtext_phrase_vector")
    schema_editor.execute("ALTER TABLE resolutions_paragraphtext DROP COLUMN IF EXISTS phrase_vector")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0012_searchperf_newest_first")]

    operations = [migrations.RunPython(forward, backward)]
