"""Stories copy their exemplar's year and their candidate's subject type (indexed in 0007)."""

from django.db import migrations, models

COPY = [
    "UPDATE portal_story SET year = (SELECT e.year FROM registrations_exemplar e "
    "WHERE e.id = portal_story.exemplar_id)",
    "UPDATE portal_story SET subject_type = (SELECT c.subject_type FROM registrations_exemplar e "
    "JOIN registrations_candidate c ON c.id = e.candidate_id "
    "WHERE e.id = portal_story.exemplar_id)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_search_head"),
        ("registrations", "0005_candidate_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="subject_type",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name="story",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
    ]
