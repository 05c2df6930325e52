"""Each exemplar's sort key (its candidate's `name_key`) on the exemplar itself, kept by the
database, with an index over (program, name_key, id).

The exemplar lists sort by the candidate's name. At national scale a province's 11,901 exemplars
of a program were each joined to their candidate (one index lookup each) to be sorted, for a
page of 50 (the API's list: 5.7x its trivial endpoint). With the key on the row, a page of a
program's exemplars is a range of the new index.

Triggers on both engines keep it exact, whatever writes the rows (the ORM, a bulk load by COPY
or `executemany`, an import, the admin, a restructuring): an exemplar written or given another
candidate takes its candidate's key, whatever value the statement gave; a candidate whose key
changes (its name or subject type: `Candidate.refresh_derived`) passes it to its exemplars.

Every exemplar is written once (10 s for the 421,335 exemplars of the national data set on
PostgreSQL, the 2-core development machine under load), the exemplar table locked meanwhile and
the candidates' writes held: run it in a maintenance window.
"""

from django.db import migrations, models

from dienhinh.core.dbops import VendorRunSQL

TABLE = "registrations_exemplar"
CANDIDATES = "registrations_candidate"
KEY_OF = f"COALESCE((SELECT name_key FROM {CANDIDATES} WHERE id = NEW.candidate_id), '')"
SET_KEY = "registrations_exemplar_set_name_key"
FOLLOW_KEY = "registrations_candidate_exemplar_name_key"


class Migration(migrations.Migration):
    dependencies = [("registrations", "0017_candidate_tree_root")]

    operations = [
        migrations.AddField(
            model_name="exemplar",
            name="name_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=600),
        ),
        VendorRunSQL(
            "postgresql",
            sql=[
                # The rows there are, before the triggers (which would look each one up again).
                f"UPDATE {TABLE} e SET name_key = c.name_key FROM {CANDIDATES} c "
                "WHERE c.id = e.candidate_id",
                # Before the row is written: a COPY, a save and a change of candidate alike.
                f"CREATE FUNCTION {SET_KEY}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN NEW.name_key := {KEY_OF}; RETURN NEW; END $$",
                f"CREATE TRIGGER {SET_KEY} BEFORE INSERT OR UPDATE OF candidate_id, name_key "
                f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {SET_KEY}()",
                # A candidate whose key changes passes it to its exemplars.
                f"CREATE FUNCTION {FOLLOW_KEY}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN UPDATE {TABLE} SET name_key = NEW.name_key "
                "WHERE candidate_id = NEW.id AND name_key IS DISTINCT FROM NEW.name_key; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER {FOLLOW_KEY} AFTER UPDATE OF name_key ON {CANDIDATES} "
                "FOR EACH ROW WHEN (OLD.name_key IS DISTINCT FROM NEW.name_key) "
                f"EXECUTE FUNCTION {FOLLOW_KEY}()",
            ],
            reverse_sql=[
                f"DROP TRIGGER {FOLLOW_KEY} ON {CANDIDATES}",
                f"DROP FUNCTION {FOLLOW_KEY}()",
                f"DROP TRIGGER {SET_KEY} ON {TABLE}",
                f"DROP FUNCTION {SET_KEY}()",
            ],
        ),
        VendorRunSQL(
            "sqlite",
            sql=[
                f"UPDATE {TABLE} SET name_key = COALESCE((SELECT name_key FROM {CANDIDATES} c "
                f"WHERE c.id = {TABLE}.candidate_id), '')",
                # SQLite's triggers cannot change the row being written: they write it again.
                f"CREATE TRIGGER {SET_KEY}_ai AFTER INSERT ON {TABLE} BEGIN "
                f"UPDATE {TABLE} SET name_key = {KEY_OF} WHERE id = NEW.id; END",
                f"CREATE TRIGGER {SET_KEY}_au AFTER UPDATE OF candidate_id, name_key ON {TABLE} "
                f"WHEN NEW.name_key IS NOT {KEY_OF} BEGIN "
                f"UPDATE {TABLE} SET name_key = {KEY_OF} WHERE id = NEW.id; END",
                f"CREATE TRIGGER {FOLLOW_KEY} AFTER UPDATE OF name_key ON {CANDIDATES} "
                "WHEN OLD.name_key IS NOT NEW.name_key BEGIN "
                f"UPDATE {TABLE} SET name_key = NEW.name_key WHERE candidate_id = NEW.id; END",
            ],
            reverse_sql=[
                f"DROP TRIGGER {FOLLOW_KEY}",
                f"DROP TRIGGER {SET_KEY}_au",
                f"DROP TRIGGER {SET_KEY}_ai",
            ],
        ),
        migrations.AlterModelOptions(
            name="exemplar",
            options={
                "ordering": ["name_key", "id"],
                "verbose_name": "exemplar",
                "verbose_name_plural": "exemplars",
            },
        ),
        migrations.AddIndex(
            model_name="exemplar",
            index=models.Index(fields=["program", "name_key", "id"], name="exemplar_prog_name_idx"),
        ),
        VendorRunSQL("postgresql", sql=[f"ANALYZE {TABLE}"], reverse_sql=[]),
    ]
