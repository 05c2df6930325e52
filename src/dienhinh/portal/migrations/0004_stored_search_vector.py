"""PostgreSQL: keep the tsvector of the folded text in a stored column, indexed by GIN.

Ranking a hit then reads the stored vector instead of parsing the text again, which is what
made common words slow (every hit's text was parsed twice: recheck and ts_rank).
"""

from django.db import migrations

from dienhinh.core.dbops import VendorRunSQL


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_story_published_index")]

    operations = [
        VendorRunSQL(
            "postgresql",
            sql=[
                "ALTER TABLE portal_story ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
                "CREATE INDEX portal_story_vector_gin ON portal_story USING gin (search_vector)",
                "DROP INDEX portal_story_search_gin",
            ],
            reverse_sql=[
                "CREATE INDEX portal_story_search_gin ON portal_story USING gin "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
                "DROP INDEX portal_story_vector_gin",
                "ALTER TABLE portal_story DROP COLUMN search_vector",
            ],
        ),
    ]
