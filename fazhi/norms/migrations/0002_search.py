"""The full-text search structures the ORM does not describe (fazhi/norms/search.py): on SQLite an FTS5 table whose
rowid is the entry's key; on PostgreSQL two tsvector columns of the entry with GIN indexes."""

from django.db import migrations

SQLITE = ["CREATE VIRTUAL TABLE IF NOT EXISTS norms_fts USING fts5(title_n, body_n, "
          "tokenize = 'unicode61 remove_diacritics 2')"]
SQLITE_DROP = ["DROP TABLE IF EXISTS norms_fts"]
POSTGRES = [
    "ALTER TABLE norms_searchentry ADD COLUMN IF NOT EXISTS ttsv tsvector",
    "ALTER TABLE norms_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS norms_search_ttsv ON norms_searchentry USING gin (ttsv)",
    "CREATE INDEX IF NOT EXISTS norms_search_tsv ON norms_searchentry USING gin (tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS norms_search_tsv",
    "DROP INDEX IF EXISTS norms_search_ttsv",
    "ALTER TABLE norms_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE norms_searchentry DROP COLUMN IF EXISTS ttsv",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("norms", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
