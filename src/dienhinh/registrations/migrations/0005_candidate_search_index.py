"""A word index of the candidates' search text, kept by the database itself.

SQLite: an FTS5 table over registrations_candidate (external content) with triggers, so inserts
in bulk, updates and deletes all reach it. PostgreSQL: a stored tsvector of the text ('simple'
configuration: no stemming, the words are folded syllables) with a GIN index.
"""

from django.db import migrations

from dienhinh.core.dbops import VendorRunSQL

FTS = "registrations_candidate_fts"
TABLE = "registrations_candidate"


class Migration(migrations.Migration):
    dependencies = [("registrations", "0004_search_words")]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=[
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='{TABLE}', "
                "content_rowid='id')",
                f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
                f"INSERT INTO {FTS} (rowid, search_text) VALUES (new.id, new.search_text); END",
                f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
                f"INSERT INTO {FTS} ({FTS}, rowid, search_text) "
                "VALUES ('delete', old.id, old.search_text); END",
                f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON {TABLE} BEGIN "
                f"INSERT INTO {FTS} ({FTS}, rowid, search_text) "
                "VALUES ('delete', old.id, old.search_text); "
                f"INSERT INTO {FTS} (rowid, search_text) VALUES (new.id, new.search_text); END",
                f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')",
            ],
            reverse_sql=[
                f"DROP TRIGGER {FTS}_au",
                f"DROP TRIGGER {FTS}_ad",
                f"DROP TRIGGER {FTS}_ai",
                f"DROP TABLE {FTS}",
            ],
        ),
        VendorRunSQL(
            "postgresql",
            sql=[
                f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
                f"CREATE INDEX registrations_candidate_vector_gin ON {TABLE} "
                "USING gin (search_vector)",
            ],
            reverse_sql=[
                "DROP INDEX registrations_candidate_vector_gin",
                f"ALTER TABLE {TABLE} DROP COLUMN search_vector",
            ],
        ),
    ]
