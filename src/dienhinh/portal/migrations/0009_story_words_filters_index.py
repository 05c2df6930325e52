"""One index for a search with the list's filters (PostgreSQL; SQLite keeps its FTS table).

A search with filters counted its hits through two indexes: every story holding the words (the
text index, 49,000 of 100,000 stories for "điển hình") and the stories of the year and type,
combined afterwards; the text index's part was most of the count. The text index now holds the
year and the subject type too (`btree_gin`), so it combines them itself and returns only the
stories that match all three. Without filters it serves a search as before. The year becomes an
integer: the query compares it with an integer, which btree_gin's smallint class cannot use.

`btree_gin` comes with PostgreSQL (contrib) and is a trusted extension: the database's owner may
create it.
"""

from django.db import migrations, models

from dienhinh.core.dbops import VendorRunSQL


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_cluster_channel_name")]

    operations = [
        migrations.AlterField(
            model_name="story",
            name="year",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        VendorRunSQL(
            "postgresql",
            sql=[
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                "CREATE INDEX portal_story_words_filters_gin ON portal_story "
                "USING gin (search_vector, subject_type, year) WHERE is_published",
                "DROP INDEX portal_story_vector_gin",
            ],
            reverse_sql=[
                "CREATE INDEX portal_story_vector_gin ON portal_story USING gin (search_vector)",
                "DROP INDEX portal_story_words_filters_gin",
            ],
        ),
    ]
