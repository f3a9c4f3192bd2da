"""On PostgreSQL, an index of every paragraph's words as agreed language reads them
(resolutions/agreed.py), so that a phrase too short for the fingerprints finds the texts holding
its words through an index in every language.

The trigram indexes of 0014 served ASCII words only: in a database of "C" ctype, pg_trgm takes
Cyrillic, Arabic and Chinese letters for non-word characters, and a Russian phrase read every
Russian text. Here a SQL function, `resolutions_agreed_words`, reads a text as `versions.fold`
does (compatibility forms, then case, by ICU's root rules), cuts it wherever a character is
neither a letter nor a decimal digit (ICU's classes, whatever the database's ctype) and stands
every Chinese or Japanese character apart, as `agreed.words_of` does. Its `simple` vector then
holds every piece of letters and digits a lookup asks for (`agreed._terms` says which). A text
it may read otherwise is marked UNSURE, and every lookup takes it. Both tables are indexed: the
text rows, and the paragraphs whose primary text has no row of its own.

Without ICU there is no such index, and a short phrase reads the texts of its language.
"""

from django.db import migrations

# Chinese and Japanese characters, each a word of its own: `versions.CJK`.
CJK = r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"

# Texts the index cannot read as `versions.fold` and `agreed.words_of` do, found by holding every
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

# NFKC, then lower case by ICU's root rules; casefold differs from lower case on ß (ss) and on
# the final sigma (σ) among the letters left out of DIFFERENT.
FUNCTION = rf"""
CREATE OR REPLACE FUNCTION resolutions_agreed_words(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, regexp_replace(regexp_replace(
        translate(replace(lower(n COLLATE "und-x-icu"), 'ß', 'ss'), 'ς', 'σ'),
        '({CJK})', ' \1 ', 'g'), '[^[:alnum:]]+', ' ', 'g'))
        || CASE WHEN t ~ '[{DIFFERENT}\U00010000-\U0010ffff]'
            OR (n ~ '{CJK}' AND t ~ '[{BESIDE_CJK}]')
        THEN '{UNSURE}'::tsvector ELSE ''::tsvector END
    FROM (SELECT normalize(t, NFKC) AS n) AS normalised
$$
"""

INDEXES = {
    "paragraphtext_agreed_words": "resolutions_paragraphtext",
    "paragraph_agreed_words": "resolutions_paragraph",
}
TRIGRAMS = {
    "paragraphtext_lower_trgm": "resolutions_paragraphtext",
    "paragraph_lower_trgm": "resolutions_paragraph",
}


def _icu(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        return cursor.fetchone() is not None


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    if _icu(schema_editor):
        schema_editor.execute(FUNCTION)
        for index, table in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                "USING gin (resolutions_agreed_words(text))"
            )
    # No lookup reads the trigrams any more.
    for index in TRIGRAMS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    collate = ' COLLATE "und-x-icu"' if _icu(schema_editor) else ""
    for index, table in TRIGRAMS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            f"USING gin (lower(text{collate}) gin_trgm_ops)"
        )
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute("DROP FUNCTION IF EXISTS resolutions_agreed_words(text)")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0014_agreedperf_phrase_trigrams")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
