"""An index for the candidate list filtered by program and subject type, in name order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_recompute_name_key"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(
                fields=["program", "subject_type", "name_key", "id"],
                name="cand_prog_type_name_idx",
            ),
        ),
    ]
