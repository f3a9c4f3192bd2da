"""Search reads what it orders by from the text rows themselves, and each language's rows from
an index of their own (PostgreSQL only; SQLite's search reads through the models).

A common phrase matches thousands of language versions, and search keeps the most recent of
them: newest resolution first, then in reading order. That order lived on `Paragraph` and
`Resolution`, so every match was joined to both before the newest could be told apart. Here each
`ParagraphText` row carries a copy of it: whether the paragraph is in the text, the resolution's
session, number and id, and the paragraph's position. Triggers keep the copy exact whatever
writes the rows (ingest, the admin, a bulk load in SQL): a text row takes its paragraph's place
when it is written, and a paragraph or resolution that moves passes the change to its texts.
Each trigger looks up rows by key, through an index, however small the tables were when its plan
was made: a load fills them in one transaction, and a plan made on empty tables (a sequential
scan) would otherwise be kept for every row that follows.

Each row is matched with its own language's query, so the single text index, answering every
language's query at once, returned rows of other languages that were then read and thrown away.
One partial index per language answers for that language alone.
"""

from django.db import migrations

# Frozen here, not imported: the languages whose indexes this made on the column as it stood
# (0022 makes the column and its indexes again from the code, `fulltext.make_search_vector`),
# and the triggers as they were made. Since 0023 the copied place is a model field that ingest
# writes itself, on both databases; the triggers are the backstop that keeps it exact when
# something else writes a paragraph, a resolution or a text on PostgreSQL (the admin, a bulk
# update, SQL), and they follow a paragraph's move to its other languages' rows there.
LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
TEXTS = "resolutions_paragraphtext"

PLACE_OF_TEXT = [
    """
CREATE OR REPLACE FUNCTION resolutions_paragraphtext_place() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    SELECT p.in_text, r.session, r.number_int, p.resolution_id, p.position
      INTO NEW.in_text, NEW.session, NEW.number_int, NEW.resolution_id, NEW.position
      FROM resolutions_paragraph p JOIN resolutions_resolution r ON r.id = p.resolution_id
     WHERE p.id = NEW.paragraph_id;
    RETURN NEW;
END
$$
""", """
CREATE TRIGGER paragraphtext_place BEFORE INSERT OR UPDATE OF paragraph_id ON resolutions_paragraphtext
    FOR EACH ROW EXECUTE FUNCTION resolutions_paragraphtext_place()
""",
]

PLACE_OF_PARAGRAPH = [
    """
CREATE OR REPLACE FUNCTION resolutions_paragraph_place() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    UPDATE resolutions_paragraphtext t
       SET in_text = NEW.in_text, session = r.session, number_int = r.number_int,
           resolution_id = NEW.resolution_id, position = NEW.position
      FROM resolutions_resolution r
     WHERE r.id = NEW.resolution_id AND t.paragraph_id = NEW.id;
    RETURN NULL;
END
$$
""", """
CREATE TRIGGER paragraph_place_moved AFTER UPDATE OF in_text, position, resolution_id
    ON resolutions_paragraph FOR EACH ROW
    WHEN (OLD.in_text IS DISTINCT FROM NEW.in_text OR OLD.position IS DISTINCT FROM NEW.position
          OR OLD.resolution_id IS DISTINCT FROM NEW.resolution_id)
    EXECUTE FUNCTION resolutions_paragraph_place()
""", """
CREATE TRIGGER paragraph_place_added AFTER INSERT ON resolutions_paragraph
    FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_place()
""",
]

PLACE_OF_RESOLUTION = [
    """
CREATE OR REPLACE FUNCTION resolutions_resolution_place() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    UPDATE resolutions_paragraphtext t SET session = NEW.session, number_int = NEW.number_int
      FROM resolutions_paragraph p
     WHERE p.resolution_id = NEW.id AND t.paragraph_id = p.id;
    RETURN NULL;
END
$$
""", """
CREATE TRIGGER resolution_place_moved AFTER UPDATE OF session, number_int
    ON resolutions_resolution FOR EACH ROW
    WHEN (OLD.session IS DISTINCT FROM NEW.session OR OLD.number_int IS DISTINCT FROM NEW.number_int)
    EXECUTE FUNCTION resolutions_resolution_place()
""",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Filled before the new indexes are made: one rewrite of every row, no index kept up to date.
    schema_editor.execute("DROP INDEX IF EXISTS paragraphtext_search_vector")
    schema_editor.execute(
        f"ALTER TABLE {TEXTS} ADD COLUMN in_text boolean, ADD COLUMN session integer, "
        "ADD COLUMN number_int integer, ADD COLUMN resolution_id bigint, "
        "ADD COLUMN position integer"
    )
    schema_editor.execute(
        f"UPDATE {TEXTS} t SET in_text = p.in_text, session = r.session, "
        "number_int = r.number_int, resolution_id = p.resolution_id, position = p.position "
        "FROM resolutions_paragraph p JOIN resolutions_resolution r ON r.id = p.resolution_id "
        "WHERE p.id = t.paragraph_id"
    )
    for statement in PLACE_OF_TEXT + PLACE_OF_PARAGRAPH + PLACE_OF_RESOLUTION:
        schema_editor.execute(statement)
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX paragraphtext_search_vector_{code} ON {TEXTS} "
            f"USING gin (search_vector) WHERE language = '{code}'"
        )
    schema_editor.execute(f"ANALYZE {TEXTS}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX paragraphtext_search_vector ON {TEXTS} USING gin (search_vector)"
    )
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS paragraphtext_search_vector_{code}")
    schema_editor.execute("DROP TRIGGER IF EXISTS resolution_place_moved ON resolutions_resolution")
    schema_editor.execute("DROP TRIGGER IF EXISTS paragraph_place_moved ON resolutions_paragraph")
    schema_editor.execute("DROP TRIGGER IF EXISTS paragraph_place_added ON resolutions_paragraph")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS paragraphtext_place ON {TEXTS}")
    schema_editor.execute("DROP FUNCTION IF EXISTS resolutions_resolution_place()")
    schema_editor.execute("DROP FUNCTION IF EXISTS resolutions_paragraph_place()")
    schema_editor.execute("DROP FUNCTION IF EXISTS resolutions_paragraphtext_place()")
    schema_editor.execute(
        f"ALTER TABLE {TEXTS} DROP COLUMN IF EXISTS in_text, DROP COLUMN IF EXISTS session, "
        "DROP COLUMN IF EXISTS number_int, DROP COLUMN IF EXISTS resolution_id, "
        "DROP COLUMN IF EXISTS position"
    )


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0011_akn2_citations_per_language")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
