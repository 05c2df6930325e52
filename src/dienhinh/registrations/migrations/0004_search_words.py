"""Candidates' search text becomes folded words one space apart (word-start search)."""

from django.db import migrations

from dienhinh.core.text import search_words

BATCH = 2000


def forwards(apps, schema_editor):
    Candidate = apps.get_model("registrations", "Candidate")
    rows = []
    fields = ("id", "name", "head_name", "workplace", "address")
    for c in Candidate.objects.only(*fields).iterator(BATCH):
        c.search_text = search_words(f"{c.name} {c.head_name} {c.workplace} {c.address}")[:1200]
        rows.append(c)
        if len(rows) == BATCH:
            Candidate.objects.bulk_update(rows, ["search_text"])
            rows = []
    Candidate.objects.bulk_update(rows, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("registrations", "0003_candidate_list_index"), ("orgs", "0002_search_words")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
