"""Each candidate's top organisation (the first unit of its unit's path: a province), kept by the
database itself beside the word index (PostgreSQL only).

At national scale a province's standing agency reads 50,000 of 1.7 million candidates, and
"in the province" was only a join to the units' paths. The planner could neither estimate it
with the other filters (a province's program has all its candidates in the province: it
guessed 800 rows for 27,000 and sorted them all instead of reading the program's name index in
order) nor look a search up in the province alone (it tested the words of the province's 50,000
candidates, or read the country's hits and dropped most of them).

`tree_root` is the id in the first segment of the unit's path, set by a trigger when a candidate
is written or changes unit, and again when a unit's path changes (a move, a restructuring), so
that "under /542/" is `tree_root = 542` on the candidate itself
(`registrations.domain.queries.candidates`). The word index gets it as a first column
(`btree_gin`): a province's search intersects the province's entries with the words' in the
index. The statistics over (tree_root, program) tell the planner that a province's program
lies in the province. SQLite keeps the join to the paths.
"""

from django.db import migrations, models

from dienhinh.core.dbops import VendorRunSQL

TABLE = "registrations_candidate"
ORGS = "orgs_organisation"
INDEX = "registrations_candidate_vector_gin"
ROOT = "NULLIF(split_part({path}, '/', 2), '')::bigint"
SET_ROOT = "registrations_candidate_set_tree_root"
FOLLOW_PATH = "registrations_candidate_follow_path"
PROGRAM_INDEX = "cand_prog_type_root_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("registrations", "0016_candidate_status_counts"),
    ]

    operations = [
        VendorRunSQL(
            "postgresql",
            sql=[
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                f"ALTER TABLE {TABLE} ADD COLUMN tree_root bigint",
                # Before the row is written: a COPY, a save and a change of unit alike.
                f"CREATE FUNCTION {SET_ROOT}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN NEW.tree_root := (SELECT {ROOT.format(path='path')} FROM {ORGS} "
                "WHERE id = NEW.organisation_id); RETURN NEW; END $$",
                f"CREATE TRIGGER {SET_ROOT} BEFORE INSERT OR UPDATE OF organisation_id "
                f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {SET_ROOT}()",
                # A unit whose path changes takes its candidates along.
                f"CREATE FUNCTION {FOLLOW_PATH}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN UPDATE {TABLE} SET tree_root = {ROOT.format(path='NEW.path')} "
                f"WHERE organisation_id = NEW.id "
                f"AND tree_root IS DISTINCT FROM {ROOT.format(path='NEW.path')}; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER {FOLLOW_PATH} AFTER UPDATE OF path ON {ORGS} FOR EACH ROW "
                f"WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION {FOLLOW_PATH}()",
                # The rows there are: the words do not change (their trigger is not needed).
                f"DROP INDEX {INDEX}",
                f"ALTER TABLE {TABLE} DISABLE TRIGGER registrations_candidate_word_au",
                f"UPDATE {TABLE} c SET tree_root = {ROOT.format(path='o.path')} "
                f"FROM {ORGS} o WHERE o.id = c.organisation_id",
                f"ALTER TABLE {TABLE} ENABLE TRIGGER registrations_candidate_word_au",
                f"CREATE INDEX {INDEX} ON {TABLE} USING gin (tree_root, search_vector)",
                "CREATE STATISTICS registrations_candidate_root_program (dependencies, mcv) "
                f"ON tree_root, program_id FROM {TABLE}",
                # The COUNT of a province's list of a program (and subject type), with a status:
                # its candidates read from the index alone, each then looked up in the entries.
                f"CREATE INDEX {PROGRAM_INDEX} ON {TABLE} "
                "(program_id, subject_type, tree_root, id)",
                f"ANALYZE {TABLE}",
            ],
            reverse_sql=[
                f"DROP INDEX {PROGRAM_INDEX}",
                "DROP STATISTICS registrations_candidate_root_program",
                f"DROP INDEX {INDEX}",
                f"CREATE INDEX {INDEX} ON {TABLE} USING gin (search_vector)",
                f"DROP TRIGGER {FOLLOW_PATH} ON {ORGS}",
                f"DROP FUNCTION {FOLLOW_PATH}()",
                f"DROP TRIGGER {SET_ROOT} ON {TABLE}",
                f"DROP FUNCTION {SET_ROOT}()",
                f"ALTER TABLE {TABLE} DROP COLUMN tree_root",
            ],
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["candidate", "registration"], name="entry_candidate_reg_idx"),
        ),
    ]
