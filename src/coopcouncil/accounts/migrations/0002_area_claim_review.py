"""Area claims get an outcome: waiting, verified or not verified, with who checked, when and a note."""

from typing import Any

from django.db import migrations, models


def verified_claims_keep_their_outcome(apps: Any, schema_editor: Any) -> None:
    # A claim checked before this migration was, by the old model's meaning, verified.
    AreaClaim = apps.get_model("accounts", "AreaClaim")
    AreaClaim.objects.filter(reviewed_at__isnull=False).update(status="verified")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="areaclaim", old_name="verified_by", new_name="reviewed_by"),
        migrations.RenameField(model_name="areaclaim", old_name="verified_at", new_name="reviewed_at"),
        migrations.AddField(
            model_name="areaclaim",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for an officer to check"),
                    ("verified", "Verified"),
                    ("rejected", "Not verified"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="areaclaim",
            name="review_note",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(verified_claims_keep_their_outcome, migrations.RunPython.noop),
        migrations.AlterModelOptions(name="areaclaim", options={"ordering": ["-created_at", "-id"]}),
        migrations.AddConstraint(
            model_name="areaclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "pending"), ("reviewed_at__isnull", True))
                | models.Q(models.Q(("status", "pending"), _negated=True), ("reviewed_at__isnull", False)),
                name="area_claim_reviewed_when_not_pending",
            ),
        ),
    ]
