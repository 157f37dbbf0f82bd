"""Ballots grouped for counting: voters with identical ballots are counted once, with a weight.

Grouping is exact for every rule here: two voters with the same ballot are treated the same at
every step, so their shares stay equal.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from gmpy2 import mpq

from coopcouncil.allocation.exact import as_mpq
from coopcouncil.allocation.model import Election, ElectionError, VoteType


class Satisfaction(enum.StrEnum):
    """How much a voter gains from a funded project."""

    COST = "cost"  # its cost, if they voted for it: "votes" in greedy, "cost utilities" in Equal Shares
    CARDINALITY = "cardinality"  # 1 if they voted for it
    POINTS = "points"  # the points they gave it (cumulative and scoring ballots)


@dataclass(slots=True)
class VoterGroup:
    """Voters whose ballots are the same. ``satisfaction`` maps project id to a positive value."""

    voter_ids: list[str]
    satisfaction: dict[str, mpq]

    @property
    def size(self) -> int:
        return len(self.voter_ids)


def votes_per_project(election: Election) -> dict[str, int]:
    """How many ballots name each project (0 for projects nobody named)."""
    return dict(election.votes)


def voter_groups(election: Election, satisfaction: Satisfaction) -> list[VoterGroup]:
    """Group identical ballots and give each group its satisfaction from each project it backs."""
    if satisfaction is Satisfaction.POINTS and not election.vote_type.has_points:
        raise ElectionError(f"Points as satisfaction need cumulative or scoring ballots, not {election.vote_type}.")
    if election.vote_type is VoteType.ORDINAL:
        raise ElectionError("Ranked (ordinal) ballots cannot be counted with this rule.")
    # A free project gives no cost satisfaction, so it has no supporters (as in pabutools).
    costly: Mapping[str, mpq] = {p.id: as_mpq(p.cost) for p in election.projects if p.cost > 0}
    one = mpq(1)
    groups: list[VoterGroup] = []
    for group in election.ballot_groups.values():
        if satisfaction is Satisfaction.POINTS:
            assert group.points is not None  # noqa: S101 - has_points guarantees it
            sats = {pid: as_mpq(pts) for pid, pts in zip(group.projects, group.points, strict=True) if pts > 0}
        elif satisfaction is Satisfaction.COST:
            sats = {pid: costly[pid] for pid in group.projects if pid in costly}
        else:
            sats = dict.fromkeys(group.projects, one)
        groups.append(VoterGroup(voter_ids=group.voter_ids, satisfaction=sats))
    return groups
