"""SQLite: a second FTS5 table holding the titles only, so that "title matches first" reads the titles' short
doclists instead of filtering the whole index by column (fazhi/norms/search.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS norms_fts_title USING fts5(title_n, "
                          "tokenize = 'unicode61 remove_diacritics 2')")
    schema_editor.execute("INSERT INTO norms_fts_title(rowid, title_n) SELECT rowid, title_n FROM norms_fts")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS norms_fts_title")


class Migration(migrations.Migration):
    dependencies = [("norms", "0002_search")]

    operations = [migrations.RunPython(forwards, backwards)]
