from django.db import migrations, models


def to_program(apps, schema_editor):
    """The window written into the criteria of subjects outside the rating regime becomes the
    program's parameter (the engine passes it to the rule)."""
    Criterion = apps.get_model("programs", "Criterion")
    Program = apps.get_model("programs", "Program")
    for criterion in Criterion.objects.filter(rule_kind="outstanding_recognition"):
        params = dict(criterion.params or {})
        years = params.pop("years", None)
        if years:
            Program.objects.filter(pk=criterion.program_id).update(outside_window_years=years)
        criterion.params = params
        criterion.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_program_direct_commendation"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="outside_window_fixed",
            field=models.BooleanField(default=False, verbose_name="window fixed by the document"),
        ),
        migrations.AddField(
            model_name="program",
            name="outside_window_years",
            field=models.PositiveSmallIntegerField(
                default=5,
                verbose_name="window for recognitions outside the rating regime (years)",
            ),
        ),
        migrations.RunPython(to_program, migrations.RunPython.noop),
    ]
