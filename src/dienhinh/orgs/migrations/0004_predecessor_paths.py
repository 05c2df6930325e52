from django.db import migrations, models


def fill(apps, schema_editor):
    """The paths of the units each successor was formed from, from the links already recorded."""
    from dienhinh.orgs.succession import predecessor_paths

    Organisation = apps.get_model("orgs", "Organisation")
    Succession = apps.get_model("orgs", "Succession")
    links = list(Succession.objects.values_list("predecessor_id", "successor_id"))
    ids = {pk for link in links for pk in link}
    paths = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path"))
    for pk, value in predecessor_paths(links, paths).items():
        Organisation.objects.filter(pk=pk).update(predecessor_paths=value)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_official_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="predecessor_paths",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
