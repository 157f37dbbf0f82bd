"""Small elections built by hand, for tests that check a rule's reasoning step by step."""

from __future__ import annotations

from collections.abc import Sequence

from coopcouncil.allocation.model import Ballot, Election, Money, Project, VoteType


def approval_election(
    budget: Money, costs: dict[str, Money], ballots: Sequence[Sequence[str]], *, vote_type: VoteType = VoteType.APPROVAL
) -> Election:
    return Election(
        budget=budget,
        vote_type=vote_type,
        projects=tuple(Project(id=pid, cost=cost) for pid, cost in costs.items()),
        ballots=tuple(Ballot(voter_id=f"v{i}", projects=tuple(b)) for i, b in enumerate(ballots)),
    )


def points_election(
    budget: Money, costs: dict[str, Money], ballots: Sequence[dict[str, int]], *, vote_type: VoteType
) -> Election:
    return Election(
        budget=budget,
        vote_type=vote_type,
        projects=tuple(Project(id=pid, cost=cost) for pid, cost in costs.items()),
        ballots=tuple(
            Ballot(voter_id=f"v{i}", projects=tuple(b), points=tuple(b.values())) for i, b in enumerate(ballots)
        ),
    )
