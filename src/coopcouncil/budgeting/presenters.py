"""How budgeting figures are written on pages: money, and why a project was or was not funded.

The allocation library returns structured results (``allocation_as_dict``, stored on each
``Count``); the words residents read are written here, translated, from those facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopcouncil.allocation.model import NotFundedReason
from coopcouncil.allocation.pabulib import parse_pabulib
from coopcouncil.allocation.profile import votes_per_project
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.counting import recount_arguments
from coopcouncil.budgeting.models import (
    Ballot,
    BallotType,
    Count,
    CountingRule,
    Pot,
    Proposal,
    Round,
)


def money(pence: int) -> str:
    """£20,000 for whole pounds, £12.50 otherwise. Money is integer pence everywhere else."""
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    whole = number_format(pounds, decimal_pos=0, use_l10n=True, force_grouping=True)
    # The separators follow the language: Portuguese writes £1.234,50, so "£1.234.50" would be misread.
    point = get_format("DECIMAL_SEPARATOR", use_l10n=True)
    return f"{sign}£{whole}" if rest == 0 else f"{sign}£{whole}{point}{rest:02d}"


def pounds_text(text: str | None) -> str:
    """An exact amount in pounds from a stored result ("12.5", "2/3") as money, to the penny."""
    if text is None:
        return money(0)
    return money(round(Fraction(text) * 100))


def _votes_word(round: Round, score: str | None) -> str:
    value = Fraction(score or "0")
    shown = number_format(float(value), decimal_pos=0 if value.denominator == 1 else 1, force_grouping=True)
    if round.ballot_type == BallotType.CUMULATIVE:
        return ngettext("%(n)s point", "%(n)s points", int(value)) % {"n": shown}
    if round.ballot_type == BallotType.RANKED:
        return ngettext("%(n)s point by rank", "%(n)s points by rank", int(value)) % {"n": shown}
    return ngettext("%(n)s vote", "%(n)s votes", int(value)) % {"n": shown}


def outcome_explained(
    round: Round, proposal: Proposal, outcome: dict[str, Any], votes: int, minimum: Any = None
) -> str:
    """Why one project was or was not funded, in plain words."""
    reason = outcome.get("reason")
    if outcome.get("funded"):
        if round.counting_rule == CountingRule.EQUAL_SHARES and outcome.get("largest_payment"):
            return ngettext(
                "Funded at step %(step)d. Its %(votes)d supporter shared the cost; nobody paid more than %(most)s.",
                "Funded at step %(step)d. Its %(votes)d supporters shared the cost; nobody paid more than %(most)s.",
                votes,
            ) % {"step": outcome.get("step") or 0, "votes": votes, "most": pounds_text(outcome.get("largest_payment"))}
        return _("Funded at step %(step)d, with %(score)s, while the money lasted.") % {
            "step": outcome.get("step") or 0,
            "score": _votes_word(round, outcome.get("score")),
        }
    if reason == NotFundedReason.DID_NOT_FIT:
        return _("Not funded: it costs %(cost)s, and only %(left)s was left when its turn came.") % {
            "cost": money(proposal.cost_pence),
            "left": pounds_text(outcome.get("detail")),
        }
    if reason == NotFundedReason.SUPPORTERS_RAN_OUT:
        return _(
            "Not funded: it costs %(cost)s, and the people who voted for it had only %(left)s of their equal "
            "shares left, after paying for other projects they chose."
        ) % {"cost": money(proposal.cost_pence), "left": pounds_text(outcome.get("detail"))}
    if reason == NotFundedReason.NO_SUPPORTERS:
        return _("Not funded: nobody voted for it.")
    if reason == NotFundedReason.BELOW_THRESHOLD:
        return _("Not funded: it had fewer votes than the minimum of %(minimum)s.") % {"minimum": minimum}
    if reason == NotFundedReason.STOPPED:
        return _("Not funded: the count stopped at an earlier project that did not fit.")
    if reason == NotFundedReason.UNDECIDED:
        return _("Not decided yet: the count stopped at a tie, which officials settle by drawing lots.")
    return _("Not funded.")


@dataclass(frozen=True)
class ResultRow:
    proposal: Proposal
    votes: int
    funded: bool
    step: int | None
    explanation: str


@dataclass(frozen=True)
class PotResult:
    pot: Pot
    count: Count | None
    rows: list[ResultRow]  # funded first, in the order bought, then the rest by votes

    @property
    def spent_pence(self) -> int:
        return sum(row.proposal.cost_pence for row in self.rows if row.funded)

    @property
    def funded(self) -> list[ResultRow]:
        return [row for row in self.rows if row.funded]

    @property
    def ties(self) -> list[dict[str, Any]]:
        return list(self.count.result.get("ties") or []) if self.count else []

    # The command that recounts the published file: ``coopcouncil tally FILE --rule ...``.
    recount_command: str = ""


def pabulib_file_name(pot: Pot) -> str:
    return f"{pot.round.slug}-pot-{pot.pk}.pb"


def pot_results(*, round: Round) -> list[PotResult]:
    results = []
    for pot, count in selectors.counts_latest(round=round).items():
        proposals = list(selectors.proposals_on_ballot(pot=pot))
        if count is None:
            results.append(PotResult(pot, None, []))
            continue
        # Votes per project and the recount command come from the published file itself.
        election = parse_pabulib(count.pabulib)
        votes = votes_per_project(election)
        command = " ".join(
            ["coopcouncil", "tally", pabulib_file_name(pot), *recount_arguments(round, election, list(count.tie_order))]
        )
        outcomes: dict[str, dict[str, Any]] = count.result.get("projects") or {}
        minimum = (count.result.get("parameters") or {}).get("minimum_score")
        rows = []
        for proposal in proposals:
            key = str(proposal.ballot_number)
            outcome = outcomes.get(key, {})
            rows.append(
                ResultRow(
                    proposal=proposal,
                    votes=votes.get(key, 0),
                    funded=bool(outcome.get("funded")),
                    step=outcome.get("step"),
                    explanation=outcome_explained(round, proposal, outcome, votes.get(key, 0), minimum),
                )
            )
        rows.sort(key=lambda r: (not r.funded, r.step or 0, -r.votes, r.proposal.ballot_number or 0))
        results.append(PotResult(pot, count, rows, recount_command=command))
    return results


@dataclass(frozen=True)
class BallotUse:
    """How one ballot was used: the funded projects the voter backed, and their share's spending."""

    supported_funded: list[Proposal]
    supported_not_funded: list[Proposal]
    share: str | None
    payments: list[tuple[Proposal, str]]
    left: str | None


def ballot_used(*, round: Round, ballot: Ballot) -> BallotUse | None:
    """None until results are published."""
    if not round.results_are_public:
        return None
    chosen = [choice.proposal for choice in ballot.choices.all()]
    funded = [p for p in chosen if p.is_funded]
    not_funded = [p for p in chosen if p not in funded]
    share: Fraction | None = None
    payments: list[tuple[Proposal, str]] = []
    spent = Fraction(0)
    by_number = {str(p.ballot_number): p for p in chosen}
    for pot, count in selectors.counts_latest(round=round).items():
        account = (count.voter_accounts or {}).get(ballot.pk.hex) if count else None
        if not account:
            continue
        share = (share or Fraction(0)) + Fraction(str(account["share"]))
        for project_id, amount in account["payments"]:
            proposal = by_number.get(str(project_id))
            if proposal is not None and proposal.pot_id == pot.pk:
                payments.append((proposal, pounds_text(str(amount))))
                spent += Fraction(str(amount))
    return BallotUse(
        supported_funded=funded,
        supported_not_funded=not_funded,
        share=pounds_text(str(share)) if share is not None else None,
        payments=payments,
        left=pounds_text(str(share - spent)) if share is not None else None,
    )
