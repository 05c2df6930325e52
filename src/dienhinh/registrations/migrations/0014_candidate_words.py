"""The words of the candidates' word index, kept by the database itself (PostgreSQL only).

Every word of a query may be the start of a word ("nguyen van an" finds "Nguyễn Văn Anh"). As a
prefix ("an:*"), PostgreSQL's GIN index collects every row of every word starting with it into a
bitmap before combining it with the other words: at national scale (1.7 million candidates)
"an:*" alone is 168,000 rows, the bitmap goes lossy and every row of its pages is checked again
(about 1 s for "nguyen van an"), and the planner, which cannot estimate a prefix, picks a
different plan for each user. `registrations.domain.queries` now reads here which words start
with each query word and asks the index for those words (exact entries, which the index
intersects cheaply and the planner estimates from its statistics). A word stays listed when the
last candidate holding it changes: the list only needs to hold every word the index holds.

Filled by statement-level triggers (once per statement, so a bulk load by COPY adds its words in
one pass). SQLite keeps its FTS5 table, whose prefix queries need no such list.
"""

from django.db import migrations

from dienhinh.core.dbops import VendorRunSQL

TABLE = "registrations_candidate"
WORDS = "registrations_candidate_word"
FUNCTION = "registrations_candidate_word_add"

ADD_WORDS = (
    f"INSERT INTO {WORDS} (word) SELECT DISTINCT unnest(tsvector_to_array(search_vector)) "
    "FROM {rows} ON CONFLICT DO NOTHING"
)


class Migration(migrations.Migration):
    dependencies = [("registrations", "0013_exemplar_not_public_index")]

    operations = [
        VendorRunSQL(
            "postgresql",
            sql=[
                # "C": plain code-point order, so that a range finds the words with a prefix.
                f'CREATE TABLE {WORDS} (word text COLLATE "C" PRIMARY KEY)',
                f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {ADD_WORDS.format(rows='changed')}; RETURN NULL; END $$",
                f"CREATE TRIGGER {WORDS}_ai AFTER INSERT ON {TABLE} "
                f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
                f"CREATE TRIGGER {WORDS}_au AFTER UPDATE ON {TABLE} "
                f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
                ADD_WORDS.format(rows=TABLE),
                f"ANALYZE {WORDS}",
            ],
            reverse_sql=[
                f"DROP TRIGGER {WORDS}_au ON {TABLE}",
                f"DROP TRIGGER {WORDS}_ai ON {TABLE}",
                f"DROP FUNCTION {FUNCTION}()",
                f"DROP TABLE {WORDS}",
            ],
        ),
    ]
