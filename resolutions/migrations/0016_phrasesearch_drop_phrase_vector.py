"""The index of words as written (0013) goes: the search's exact-phrase mode now narrows its
paragraphs through the index of words as agreed language reads them (0015), which reads
compatibility forms and Chinese as the word-by-word check does, and nothing else read it. A text
row no longer computes and stores a second vector of its words when it is written."""

import importlib

from django.db import migrations

written = importlib.import_module("resolutions.migrations.0013_across2_phrase_vector")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0015_phrase4_agreed_words")]

    # The reverse of 0013 going forward, and 0013 again going back.
    operations = [migrations.RunPython(written.backward, written.forward, elidable=False)]
