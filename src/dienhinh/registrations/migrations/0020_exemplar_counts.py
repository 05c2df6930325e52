from django.db import migrations

# Each unit's count of exemplars (status "*exemplars": domain.candidate_counts.EXEMPLARS), by the
# exemplar's unit (no subject type), as domain.candidate_counts.rebuild counts them.
STATUS = "*exemplars"
COUNTS = f"""
    INSERT INTO registrations_candidatestatuscount
        (program_id, organisation_id, subject_type, status, candidates)
    SELECT x.program_id, x.organisation_id, '', '{STATUS}', COUNT(*)
    FROM registrations_exemplar x
    GROUP BY x.program_id, x.organisation_id
"""
DROP = f"DELETE FROM registrations_candidatestatuscount WHERE status = '{STATUS}'"


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0019_candidate_counts_of_all"),
    ]

    operations = [
        migrations.RunSQL([DROP, COUNTS], DROP),
    ]
