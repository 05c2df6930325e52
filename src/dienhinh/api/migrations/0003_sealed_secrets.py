import dienhinh.core.sealing
from django.db import migrations


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
        dienhinh.core.sealing.sealing_operation("api", "WebhookSubscription"),
    ]
