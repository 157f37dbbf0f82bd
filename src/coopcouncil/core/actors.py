"""Who is acting: the person at the keyboard and, in acting-for mode, the resident they act for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopcouncil.accounts.models import Person


@dataclass(frozen=True)
class Actor:
    """Passed to every service that writes, so the audit log keeps both people.

    ``person`` is whoever is signed in. ``on_behalf_of`` is the resident an officer is
    acting for at a drop-in hub; the action is then the resident's, done by the officer.
    """

    person: Person | None
    on_behalf_of: Person | None = None

    @property
    def subject(self) -> Person | None:
        """The person the action is for: the resident when acting for one, else the actor."""
        return self.on_behalf_of if self.on_behalf_of is not None else self.person

    @classmethod
    def system(cls) -> Actor:
        """Actions the platform takes by itself (scheduled jobs, retention)."""
        return cls(person=None)
