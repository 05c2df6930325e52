"""The units' paths in byte order (PostgreSQL only): `(path COLLATE "C")`.

A subtree is a prefix of the path ("/542/"). Under the database's collation the plain index on
`path` serves neither a prefix (LIKE needs the C collation or a pattern operator class) nor, with
the pattern index, the tree order; so a province's units in tree order at national scale walked
the 28,000 units before them in the path index (16 ms a page). On this index a prefix is a range
and the tree order its order (`orgs.queries.tree_path`): "/542/" < "/542/543/" < "/5420/" byte by
byte under any database collation. SQLite compares bytes already.
"""

from django.db import migrations

from dienhinh.core.dbops import VendorRunSQL

INDEX = "orgs_organisation_path_c_idx"


class Migration(migrations.Migration):
    dependencies = [("orgs", "0008_invitation_retries")]

    operations = [
        VendorRunSQL(
            "postgresql",
            sql=f'CREATE INDEX {INDEX} ON orgs_organisation ((path COLLATE "C"))',
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
