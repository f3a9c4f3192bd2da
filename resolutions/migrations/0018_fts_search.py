"""On SQLite, full-text indexes of the paragraph texts (FTS5), for search, quoted phrases and
agreed language's short phrases (resolutions/search/fulltext.py says what each holds and why).

Triggers on the text table keep both in step with every write of a text, whatever writes it;
the words index calls `resolutions_folded_words`, which `resolutions.search.fulltext` registers on every
SQLite connection Django opens. Both are filled here from the rows already loaded. PostgreSQL
has its own indexes (0009, 0012, 0013) and is left as it is.
"""

from django.db import migrations

from resolutions.search.fulltext import CREATE, DROP

# The SQL is the code's own (resolutions/search/fulltext.py), not a copy: the triggers are made
# again after every migration from the same code (`fulltext.ensure_triggers`), and a later change
# of the tables comes with a migration that drops and makes them again.


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
