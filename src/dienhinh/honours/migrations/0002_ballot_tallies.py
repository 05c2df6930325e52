"""Individual ballots become per-candidate tallies (see models/votes.py for why)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count

CHOICES = ("agree", "disagree", "abstain")


def ballots_to_tallies(apps, schema_editor):
    """Zero tallies for every candidate already put to the vote, then the existing ballots
    counted into them. The ballot table is dropped right after."""
    SessionCandidate = apps.get_model("honours", "SessionCandidate")
    Ballot = apps.get_model("honours", "Ballot")
    BallotTally = apps.get_model("honours", "BallotTally")
    db = schema_editor.connection.alias
    counts = {
        (row["session_id"], row["exemplar_id"], row["choice"], row["written"]): row["n"]
        for row in Ballot.objects.using(db)
        .order_by()
        .values("session_id", "exemplar_id", "choice", "written")
        .annotate(n=Count("id"))
    }
    keys = set(counts)
    for c in SessionCandidate.objects.using(db).values("session_id", "exemplar_id"):
        for choice in CHOICES:
            for written in (False, True):
                keys.add((c["session_id"], c["exemplar_id"], choice, written))
    BallotTally.objects.using(db).bulk_create(
        [
            BallotTally(
                session_id=session_id,
                exemplar_id=exemplar_id,
                choice=choice,
                written=written,
                count=counts.get((session_id, exemplar_id, choice, written), 0),
            )
            for session_id, exemplar_id, choice, written in sorted(keys)
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("honours", "0001_initial"),
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("choice", models.CharField(choices=[("agree", "Agree"), ("disagree", "Disagree"), ("abstain", "Abstain")], max_length=8, verbose_name="choice")),
                ("written", models.BooleanField(default=False, verbose_name="written opinion")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="votes")),
                ("exemplar", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registrations.exemplar")),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="tallies", to="honours.votesession")),
            ],
        ),
        migrations.AddConstraint(
            model_name="ballottally",
            constraint=models.UniqueConstraint(fields=("session", "exemplar", "choice", "written"), name="unique_ballot_tally"),
        ),
        # Backwards the ballot table comes back empty: counts do not give back single votes.
        migrations.RunPython(ballots_to_tallies, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="Ballot"),
    ]
