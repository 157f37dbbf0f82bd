"""How ties between equally good projects are settled. Passed to every rule; never global.

A tie-breaking is a chain of keys tried in turn (lowest cost, then most votes, ...). When the
keys leave projects still level, the chain either falls back to the smallest project id (what
pabutools does, so results match it) or refuses, so that officials can draw lots and record the
order, which is then passed back in as an explicit order.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from coopcouncil.allocation.model import Project


class TieKey(enum.StrEnum):
    SMALLEST_ID = "smallest-id"  # project ids compared as strings: pabutools' default
    LOWEST_COST = "lowest-cost"
    MOST_VOTES = "most-votes"  # most ballots naming the project
    EXPLICIT_ORDER = "explicit-order"  # an order drawn by lot and recorded by officials


@dataclass(frozen=True)
class TieBreaking:
    keys: tuple[TieKey, ...] = (TieKey.SMALLEST_ID,)
    # Used by EXPLICIT_ORDER: project ids, first preferred. Projects not listed come after, level.
    order: tuple[str, ...] = ()
    # When every key leaves projects level: False falls back to the smallest id; True refuses.
    refuse_when_still_tied: bool = False
    _positions: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if TieKey.EXPLICIT_ORDER in self.keys and not self.order:
            raise ValueError("An explicit tie-breaking order needs the project ids in order.")
        object.__setattr__(self, "_positions", {pid: i for i, pid in enumerate(self.order)})

    @property
    def name(self) -> str:
        parts = [key.value for key in self.keys]
        parts.append("refuse" if self.refuse_when_still_tied else TieKey.SMALLEST_ID.value)
        # Drop a trailing repeat ("smallest-id, smallest-id").
        deduplicated = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
        return " > ".join(deduplicated)

    def _key(self, project: Project, votes: Callable[[str], int]) -> tuple[object, ...]:
        values: list[object] = []
        for key in self.keys:
            if key is TieKey.SMALLEST_ID:
                values.append(project.id)
            elif key is TieKey.LOWEST_COST:
                values.append(Fraction(project.cost))
            elif key is TieKey.MOST_VOTES:
                values.append(-votes(project.id))
            else:
                values.append(self._positions.get(project.id, len(self._positions)))
        return tuple(values)

    def rank(self, projects: Sequence[Project], votes: Callable[[str], int]) -> list[Project]:
        """All the projects in preference order, with the smallest id settling what the keys leave level."""
        return sorted(projects, key=lambda p: (self._key(p, votes), p.id))

    def choose(self, projects: Sequence[Project], votes: Callable[[str], int]) -> Project | None:
        """The preferred project, or None when the keys leave several level and refusing is asked for."""
        ranked = self.rank(projects, votes)
        if self.refuse_when_still_tied and len(ranked) > 1:
            if self._key(ranked[0], votes) == self._key(ranked[1], votes):
                return None
        return ranked[0]


SMALLEST_PROJECT_ID = TieBreaking()
LOWEST_COST = TieBreaking(keys=(TieKey.LOWEST_COST, TieKey.SMALLEST_ID))
MOST_VOTES = TieBreaking(keys=(TieKey.MOST_VOTES, TieKey.SMALLEST_ID))
DRAW_LOTS = TieBreaking(keys=(), refuse_when_still_tied=True)


def explicit_order(order: Sequence[str], *, refuse_others: bool = True) -> TieBreaking:
    """The order officials drew by lot; ties between projects it does not list are refused again."""
    return TieBreaking(keys=(TieKey.EXPLICIT_ORDER,), order=tuple(order), refuse_when_still_tied=refuse_others)


def tie_breaking_parse(text: str, *, order: Sequence[str] = ()) -> TieBreaking:
    """From the command line: "smallest-id", "lowest-cost,most-votes", "refuse", "explicit-order"."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    refuse = "refuse" in parts
    try:
        keys = tuple(TieKey(part) for part in parts if part != "refuse")
    except ValueError as error:
        known = ", ".join([key.value for key in TieKey] + ["refuse"])
        raise ValueError(f"Unknown tie-breaking {text!r}; use one or more of: {known}.") from error
    return TieBreaking(keys=keys, order=tuple(order), refuse_when_still_tied=refuse)
