import dienhinh.core.sealing
from django.db import migrations


def seal_existing(apps, schema_editor):
    """Rows written in the clear before: read as they are (no seal prefix), written sealed."""
    model = apps.get_model("api", "WebhookSubscription")
    for row in model.objects.only("pk", "secret").iterator():
        model.objects.filter(pk=row.pk).update(secret=row.secret)


def open_existing(apps, schema_editor):
    """Back to the clear (the column holds text again without the seal)."""
    model = apps.get_model("api", "WebhookSubscription")
    table = schema_editor.quote_name(model._meta.db_table)
    rows = [(row.secret, row.pk) for row in model.objects.only("pk", "secret").iterator()]
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET secret = %s WHERE id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooksubscription_webhookdelivery"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhooksubscription",
            name="secret",
            field=dienhinh.core.sealing.SealedTextField(verbose_name="secret"),
        ),
        migrations.RunPython(seal_existing, open_existing),
    ]
