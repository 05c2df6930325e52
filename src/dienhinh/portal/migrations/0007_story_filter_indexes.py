"""Indexes on the copied filters (apart from 0006: PostgreSQL refuses to index a table whose
rows were just updated in the same transaction while constraint checks are pending)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_story_year_subject_type")]

    operations = [
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["subject_type", "year"],
                name="portal_story_type_year_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["year"],
                name="portal_story_year_idx",
            ),
        ),
    ]
