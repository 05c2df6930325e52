import dienhinh.core.sealing
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_user_search_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="twofactor",
            name="secret",
            field=dienhinh.core.sealing.SealedTextField(),
        ),
        dienhinh.core.sealing.sealing_operation("core", "TwoFactor"),
    ]
