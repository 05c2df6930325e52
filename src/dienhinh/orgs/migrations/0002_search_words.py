"""Organisations' search text becomes folded words one space apart (word-start search)."""

from django.db import migrations

from dienhinh.core.text import search_words


def forwards(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    rows = []
    for org in Organisation.objects.only("id", "code", "name", "short_name").iterator(2000):
        org.search_text = search_words(f"{org.code} {org.name} {org.short_name}")
        rows.append(org)
    Organisation.objects.bulk_update(rows, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
