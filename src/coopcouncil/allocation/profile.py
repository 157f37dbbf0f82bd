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
from coopcouncil.allocation.model import Ballot, Election, ElectionError, VoteType


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
    counts = dict.fromkeys(election.project_by_id, 0)
    for ballot in election.ballots:
        for project_id in set(ballot.projects):
            counts[project_id] += 1
    return counts


def _ballot_key(ballot: Ballot, vote_type: VoteType) -> object:
    if ballot.points is None or not vote_type.has_points:
        return frozenset(ballot.projects)
    return tuple(sorted(zip(ballot.projects, ballot.points, strict=True)))


def voter_groups(election: Election, satisfaction: Satisfaction) -> list[VoterGroup]:
    """Group identical ballots and give each group its satisfaction from each project it backs."""
    if satisfaction is Satisfaction.POINTS and not election.vote_type.has_points:
        raise ElectionError(f"Points as satisfaction need cumulative or scoring ballots, not {election.vote_type}.")
    if election.vote_type is VoteType.ORDINAL:
        raise ElectionError("Ranked (ordinal) ballots cannot be counted with this rule.")
    # A free project gives no cost satisfaction, so it has no supporters (as in pabutools).
    costly: Mapping[str, mpq] = {p.id: as_mpq(p.cost) for p in election.projects if p.cost > 0}
    groups: dict[object, VoterGroup] = {}
    for ballot in election.ballots:
        key = _ballot_key(ballot, election.vote_type)
        group = groups.get(key)
        if group is None:
            if satisfaction is Satisfaction.POINTS:
                assert ballot.points is not None  # noqa: S101 - has_points guarantees it
                sats = {pid: as_mpq(pts) for pid, pts in zip(ballot.projects, ballot.points, strict=True) if pts > 0}
            elif satisfaction is Satisfaction.COST:
                sats = {pid: costly[pid] for pid in ballot.projects if pid in costly}
            else:
                sats = dict.fromkeys(ballot.projects, mpq(1))
            group = groups[key] = VoterGroup(voter_ids=[], satisfaction=sats)
        group.voter_ids.append(ballot.voter_id)
    return list(groups.values())
