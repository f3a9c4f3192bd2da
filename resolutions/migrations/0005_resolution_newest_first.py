"""An index on resolutions in the order search reads them when many paragraphs match: newest
session, then highest number, first (see resolutions/search.py). Plain SQL both databases
understand; the models do not declare it, like the search indexes of migrations 0002 and 0003.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0004_page_version")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX resolution_newest_first ON resolutions_resolution "
            "(session DESC, number_int DESC, id DESC)",
            "DROP INDEX IF EXISTS resolution_newest_first",
            elidable=False,
        )
    ]
