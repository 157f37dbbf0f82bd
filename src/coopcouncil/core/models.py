"""Records every other area writes to: the audit log, decisions and private files.

``core`` depends on no other app of ours. People are referred to by the user model
setting's sibling, ``accounts.Person``, as a lazy string, so core stays importable first.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AuditEntry(models.Model):
    """Who did what, when, and for whom. Never changed or deleted.

    ``actor`` is the person who pressed the button; ``on_behalf_of`` is set when an officer
    acts for a resident (assisted profiles), so both stay on the record.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries_made"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries_for",
    )
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Kept as text so the entry still reads sensibly after the target is deleted or anonymised.
    target_label = models.CharField(max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects: ClassVar[models.Manager[AuditEntry]] = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries are append-only.")


class DecisionMethod(models.TextChoices):
    OFFICER = "officer", _("Officer decision under delegated authority")
    BODY = "body", _("Decision of a formal body (cabinet, board, panel)")
    VOTE = "vote", _("Vote")
    CONSENT = "consent", _("Consent (agree, abstain, object, block)")
    COUNT = "count", _("Count of ballots by a published rule")
    LOT = "lot", _("Drawing of lots")


class Decision(models.Model):
    """A decision anyone can look up: who decided, when, how, with what counts, and why.

    Later areas (participatory budgeting results, commissioning awards, co-operative
    resolutions, forum decisions) write here through ``core.services.decision_record``.
    """

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decided_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions_recorded"
    )
    decided_by = models.CharField(
        max_length=255, help_text=_("The person or body that decided, e.g. 'Cabinet' or 'Youth panel'.")
    )
    method = models.CharField(max_length=20, choices=DecisionMethod.choices)
    title = models.CharField(max_length=255)
    outcome = models.TextField()
    reasons = models.TextField()
    # e.g. {"for": 12, "against": 3, "abstain": 1} or {"agree": 9, "object": 1, "block": 0}.
    counts = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text=_("Links to papers, results or minutes."))
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The community or organisation the decision belongs to, for filtering the public log.
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope_id = models.CharField(max_length=64, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return self.title


def _private_storage() -> Any:
    return storages["private"]


def _private_upload_to(instance: PrivateFile, filename: str) -> str:
    # Random names: the original name is kept in a field, never in the path.
    return f"{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class PrivateFile(models.Model):
    """An uploaded file that is only ever served after an access check (core.views)."""

    file = models.FileField(storage=_private_storage, upload_to=_private_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="files_uploaded"
    )
    attached_to_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    attached_to_id = models.CharField(max_length=64, blank=True)
    attached_to = GenericForeignKey("attached_to_type", "attached_to_id")

    def __str__(self) -> str:
        return self.original_name
