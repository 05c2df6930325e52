"""Search indexes of the folded story text: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor (the other keeps its own index)."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=[
                "CREATE VIRTUAL TABLE portal_story_fts USING fts5(search_text)",
                "INSERT INTO portal_story_fts (rowid, search_text) "
                "SELECT id, search_text FROM portal_story",
            ],
            reverse_sql=["DROP TABLE portal_story_fts"],
        ),
        VendorRunSQL(
            "postgresql",
            # The expression Django writes for SearchVector("search_text", config="simple").
            sql=[
                "CREATE INDEX portal_story_search_gin ON portal_story USING gin "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
            ],
            reverse_sql=["DROP INDEX portal_story_search_gin"],
        ),
    ]
