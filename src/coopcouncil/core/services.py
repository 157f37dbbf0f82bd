"""Writes to the shared records. Every other area's services call these."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, Decision, DecisionMethod, PrivateFile
from coopcouncil.core.personal_data import personal_data_models


def _content_type_and_id(obj: models.Model | None) -> tuple[ContentType | None, str]:
    if obj is None:
        return None, ""
    return ContentType.objects.get_for_model(obj), str(obj.pk)


def audit_label(obj: models.Model) -> str:
    """How the audit log names ``obj``: "Person #12" for a record of personal data, else its name.

    The log is append-only and outlives a person's erasure, so it must never hold their name.
    Every model a personal-data area answers for (``core.personal_data``) is named by its kind and
    number, in English whatever the reader's language; records about no one (a community, a ward)
    keep their own names, so the log stays readable.
    """
    if obj._meta.label in personal_data_models():
        with translation.override(None):
            return f"{capfirst(str(obj._meta.verbose_name))} #{obj.pk}"
    return str(obj)[:255]


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log. Call inside the same transaction as the change.

    ``details`` hold codes, numbers and ids, never a person's name, contact details or notes and
    evidence about them: those live in the area's own records, which erasure clears.
    """
    target_type, target_id = _content_type_and_id(target)
    return AuditEntry.objects.create(
        actor=actor.person,
        on_behalf_of=actor.on_behalf_of,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=audit_label(target) if target is not None else "",
        details=dict(details or {}),
    )


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    decided_at: datetime,
    decided_by: str,
    method: DecisionMethod,
    title: str,
    outcome: str,
    reasons: str,
    counts: Mapping[str, int] | None = None,
    evidence: Sequence[str] = (),
    subject: models.Model | None = None,
    scope: models.Model | None = None,
    is_public: bool = True,
) -> Decision:
    """Record a decision with who decided, when, how and why, and audit that it was recorded."""
    if not reasons.strip():
        raise ValueError("A decision must say why it was taken.")
    if scope is None and subject is not None:
        # What a round or a programme decides belongs to its owner, so the public log files it there.
        scope = getattr(subject, "owner_community", None) or getattr(subject, "owner_organisation", None)
    subject_type, subject_id = _content_type_and_id(subject)
    scope_type, scope_id = _content_type_and_id(scope)
    decision = Decision.objects.create(
        decided_at=decided_at,
        recorded_by=actor.person,
        decided_by=decided_by,
        method=method,
        title=title,
        outcome=outcome,
        reasons=reasons,
        counts=dict(counts or {}),
        evidence=list(evidence),
        subject_type=subject_type,
        subject_id=subject_id,
        scope_type=scope_type,
        scope_id=scope_id,
        is_public=is_public,
    )
    audit_record(actor=actor, action="decision.recorded", target=decision, details={"method": method.value})
    return decision


@transaction.atomic
def private_file_store(
    *, actor: Actor, upload: UploadedFile[bytes], attached_to: models.Model | None = None
) -> PrivateFile:
    """Keep an upload in private storage; it is served only through the access-checked view."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attached_type, attached_id = _content_type_and_id(attached_to)
    stored = PrivateFile(
        original_name=(upload.name or "upload")[:255],
        content_type=(upload.content_type or "application/octet-stream")[:100],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor.person,
        attached_to_type=attached_type,
        attached_to_id=attached_id,
    )
    stored.file.save(stored.original_name, upload, save=False)
    stored.save()
    audit_record(actor=actor, action="file.uploaded", target=stored, details={"sha256": stored.sha256})
    return stored
