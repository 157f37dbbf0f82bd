"""Permission helpers shared by every area.

Roles are scoped to what they act on. A scope can name its parent (a ward community's
parent is the borough; later a round's parent is the community that owns it), so a role
held on a parent covers everything beneath it. Each area keeps its own ``permissions.py``
built from these helpers: one tested path per area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from django.db import models

if TYPE_CHECKING:
    from coopcouncil.accounts.models import Person
    from coopcouncil.core.models import PrivateFile


@runtime_checkable
class HasPermissionParent(Protocol):
    def permission_parent(self) -> models.Model | None: ...


def scope_chain(scope: models.Model | None) -> Iterator[models.Model]:
    """The scope itself, then each parent in turn, stopping at the top or at a cycle."""
    seen: set[tuple[str, object]] = set()
    current = scope
    while current is not None:
        key = (current._meta.label, current.pk)
        if key in seen:
            return
        seen.add(key)
        yield current
        current = current.permission_parent() if isinstance(current, HasPermissionParent) else None


PrivateFilePolicy = Callable[["Person", models.Model], bool]
_private_file_policies: dict[str, PrivateFilePolicy] = {}


def private_file_policy_register(model_label: str, policy: PrivateFilePolicy) -> None:
    """Let an area say who may download files attached to its objects (called from AppConfig.ready)."""
    _private_file_policies[model_label] = policy


def can_download_private_file(person: Person | None, private_file: PrivateFile) -> bool:
    """The uploader may always fetch their own file; otherwise the owning area's policy decides.

    A file attached to nothing, or to a model with no registered policy, is refused: the
    default is closed.
    """
    if person is None:
        return False
    if private_file.uploaded_by_id is not None and private_file.uploaded_by_id == person.pk:
        return True
    attached = private_file.attached_to
    if attached is None:
        return False
    policy = _private_file_policies.get(attached._meta.label)
    if policy is None:
        return False
    return policy(person, attached)
