from django.db import migrations, models

from dienhinh.core.text import search_words


def fill(apps, schema_editor):
    User = apps.get_model("core", "User")
    users = list(User.objects.only("pk", "username", "first_name", "last_name"))
    for user in users:
        full = " ".join(p for p in (user.last_name, user.first_name) if p)
        user.search_text = search_words(f"{user.username} {full}")
    User.objects.bulk_update(users, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_user_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_text",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
