"""Sort keys of existing candidates: written word order for every subject but individuals."""

from django.db import migrations

from dienhinh.core.text import name_sort_key, title_sort_key


def sort_key(subject_type: str, name: str) -> str:
    # A copy of models.candidates.sort_key as it stood when this migration was written.
    key = name_sort_key if subject_type == "individual" else title_sort_key
    return key(name)[:600]


def recompute(apps, schema_editor):
    Candidate = apps.get_model("registrations", "Candidate")
    batch = []
    for c in Candidate.objects.only("id", "subject_type", "name", "name_key").iterator():
        key = sort_key(c.subject_type, c.name)
        if key != c.name_key:
            c.name_key = key
            batch.append(c)
        if len(batch) >= 500:
            Candidate.objects.bulk_update(batch, ["name_key"])
            batch = []
    Candidate.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [("registrations", "0001_initial")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
