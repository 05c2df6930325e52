from django.db import migrations

# Each unit's count of every candidate, registered or not (status "": domain.candidate_counts.ALL),
# as domain.candidate_counts.rebuild counts them.
COUNTS = """
    INSERT INTO registrations_candidatestatuscount
        (program_id, organisation_id, subject_type, status, candidates)
    SELECT c.program_id, c.organisation_id, c.subject_type, '', COUNT(*)
    FROM registrations_candidate c
    GROUP BY c.program_id, c.organisation_id, c.subject_type
"""
DROP = "DELETE FROM registrations_candidatestatuscount WHERE status = ''"


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0018_exemplar_name_key"),
    ]

    operations = [
        migrations.RunSQL([DROP, COUNTS], DROP),
    ]
