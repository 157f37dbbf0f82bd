"""From the ballot box to ``coopcouncil.allocation`` and back: one pot, one count.

The pot's ballots become an anonymised ``Election``: projects are the proposals on the ballot,
with their ballot numbers as ids and their costs in pounds (exact, to the penny); voters are the
ballots' random ids. That election is written as the Pabulib file the council publishes, and the
count runs on what that file reads back as, so ``coopcouncil tally`` on the published file, with
the command the results page prints, gives the same answer.

Platform rounds never fund a project nobody voted for, and never let the rule break a tie by
itself: a tie stops the count until officials record the order they drew by lot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from coopcouncil.allocation import LIBRARY_VERSION
from coopcouncil.allocation.completion import equal_shares_add1
from coopcouncil.allocation.model import Allocation, Ballot, Election, Project, VoteType
from coopcouncil.allocation.pabulib import parse_pabulib, write_pabulib
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.tie_breaking import DRAW_LOTS, TieBreaking, explicit_order
from coopcouncil.budgeting.models import BallotChoice, BallotType, CountingRule, Pot, Proposal, Round

VOTE_TYPES = {
    BallotType.APPROVAL: VoteType.APPROVAL,
    BallotType.KNAPSACK: VoteType.APPROVAL,
    BallotType.CUMULATIVE: VoteType.CUMULATIVE,
    BallotType.RANKED: VoteType.ORDINAL,
}
# Equal Shares completed by Add1 raises every voter's share by £1 at a time; costs are in pounds.
ADD1_INCREMENT = 1


@dataclass(frozen=True)
class PotCount:
    """What a count of one pot produced, ready to store."""

    rule: str
    parameters: dict[str, object]
    pabulib: str
    input_sha256: str
    election: Election
    allocation: Allocation
    library_version: str = LIBRARY_VERSION


def pounds(pence: int) -> Fraction:
    return Fraction(pence, 100)


def points_per_rank(round: Round, projects_on_ballot: int) -> tuple[int, ...]:
    """Ranked ballots: k points for a first choice, down to 1 for the k-th (k = the ranks allowed)."""
    depth = round.max_choices or projects_on_ballot
    return tuple(range(depth, 0, -1))


def pot_election(round: Round, pot: Pot, proposals: Sequence[Proposal], choices: Iterable[BallotChoice]) -> Election:
    """The pot as an anonymised election. ``choices`` are every choice of every ballot in the round."""
    vote_type = VOTE_TYPES[BallotType(round.ballot_type)]
    numbers = {proposal.pk: str(proposal.ballot_number) for proposal in proposals}
    by_ballot: dict[str, list[BallotChoice]] = {}
    for choice in choices:
        if choice.proposal_id in numbers:
            by_ballot.setdefault(choice.ballot_id.hex, []).append(choice)
    ballots: list[Ballot] = []
    for voter_id in sorted(by_ballot):  # random ids, so sorted order says nothing about who or when
        marks = by_ballot[voter_id]
        if vote_type is VoteType.ORDINAL:
            marks.sort(key=lambda c: c.rank or 0)
        else:
            marks.sort(key=lambda c: int(numbers[c.proposal_id]))
        chosen = tuple(numbers[c.proposal_id] for c in marks)
        points = tuple(c.points or 0 for c in marks) if vote_type is VoteType.CUMULATIVE else None
        ballots.append(Ballot(voter_id, chosen, points))
    projects = tuple(
        Project(numbers[p.pk], pounds(p.cost_pence), name=p.title, categories=(p.category,))
        for p in sorted(proposals, key=lambda p: p.ballot_number or 0)
    )
    owner = round.owner
    meta = {
        "description": f"{round.title}: {pot.name}",
        "country": "United Kingdom",
        "unit": str(owner),
        "instance": round.slug,
        "subunit": pot.name,
        "currency": "GBP",
        "rule": "equalshares/add1" if round.counting_rule == CountingRule.EQUAL_SHARES else "greedy",
        "language": "en",
    }
    if vote_type is VoteType.CUMULATIVE and round.points_per_voter:
        meta["max_sum_points"] = str(round.points_per_voter)
    if round.max_choices and vote_type in (VoteType.APPROVAL, VoteType.ORDINAL):
        meta["max_length"] = str(round.max_choices)
    return Election(
        budget=pounds(pot.budget_pence), vote_type=vote_type, projects=projects, ballots=tuple(ballots), meta=meta
    )


def tie_breaking_for(tie_order: Sequence[str]) -> TieBreaking:
    """Refuse to break ties, until officials have drawn lots; then follow the order they drew."""
    return explicit_order(tie_order) if tie_order else DRAW_LOTS


def recount_arguments(round: Round, election: Election, tie_order: Sequence[str]) -> list[str]:
    """The ``coopcouncil tally`` options that give this count from the published file."""
    if round.counting_rule == CountingRule.EQUAL_SHARES:
        arguments = ["--rule", "equal-shares", "--completion", "add1", "--increment", str(ADD1_INCREMENT)]
    else:
        arguments = ["--rule", "greedy", "--no-unsupported"]
        if round.ballot_type == BallotType.RANKED:
            ranks = points_per_rank(round, len(election.projects))
            arguments += ["--points-per-rank", ",".join(map(str, ranks))]
    if tie_order:
        arguments += ["--tie-breaking", "explicit-order,refuse", "--order", ",".join(tie_order)]
    else:
        arguments += ["--tie-breaking", "refuse"]
    return arguments


def count_election(round: Round, election: Election, *, tie_order: Sequence[str] = ()) -> Allocation:
    tie_breaking = tie_breaking_for(tie_order)
    if round.counting_rule == CountingRule.EQUAL_SHARES:
        satisfaction = Satisfaction.POINTS if election.vote_type is VoteType.CUMULATIVE else Satisfaction.COST
        return equal_shares_add1(
            election, satisfaction=satisfaction, increment=ADD1_INCREMENT, tie_breaking=tie_breaking
        )
    ranks = points_per_rank(round, len(election.projects)) if election.vote_type is VoteType.ORDINAL else None
    return greedy(election, points_per_rank=ranks, fund_unsupported=False, tie_breaking=tie_breaking)


def pot_count(
    round: Round,
    pot: Pot,
    proposals: Sequence[Proposal],
    choices: Iterable[BallotChoice],
    *,
    tie_order: Sequence[str] = (),
) -> PotCount:
    """Count one pot as the published file will be recounted: write it, read it back, count that."""
    text = write_pabulib(pot_election(round, pot, proposals, choices))
    election = parse_pabulib(text, source=f"{round.slug}-{pot.pk}.pb")
    allocation = count_election(round, election, tie_order=tie_order)
    return PotCount(
        rule=allocation.rule,
        parameters=dict(allocation.parameters),
        pabulib=text,
        input_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        election=election,
        allocation=allocation,
    )
