"""What makes a ballot valid under its round's ballot type, checked pot by pot.

Used for every channel (online, voting code, assisted, paper), so a paper ballot entered by an
officer meets the same rules as one cast online. Messages speak to the voter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopcouncil.budgeting.models import BallotType, Pot, Proposal, Round
from coopcouncil.budgeting.presenters import money


@dataclass(frozen=True)
class Choice:
    """One mark on a ballot: a proposal, with points (cumulative) or a rank (ranked) if the type has them."""

    proposal_id: int
    points: int | None = None
    rank: int | None = None


def pot_field(pot: Pot) -> str:
    """The form field (and error key) of a pot's part of the ballot."""
    return f"pot_{pot.pk}"


def _check_pot(round: Round, pot: Pot, choices: Sequence[Choice], proposals: Mapping[int, Proposal]) -> list[str]:
    errors: list[str] = []
    kind = BallotType(round.ballot_type)
    chosen = [proposals[c.proposal_id] for c in choices]
    if kind == BallotType.APPROVAL and round.max_choices and len(choices) > round.max_choices:
        errors.append(
            ngettext(
                "Choose no more than %(limit)d project.",
                "Choose no more than %(limit)d projects.",
                round.max_choices,
            )
            % {"limit": round.max_choices}
        )
    if kind == BallotType.KNAPSACK:
        total = sum(p.cost_pence for p in chosen)
        if total > pot.budget_pence:
            errors.append(
                _("Your choices cost %(total)s, more than the %(budget)s there is to spend. Remove a project.")
                % {"total": money(total), "budget": money(pot.budget_pence)}
            )
        minimum = round.minimum_spend_percent
        if minimum and choices and total * 100 < pot.budget_pence * minimum:
            needed = -(-pot.budget_pence * minimum // 100)
            errors.append(
                _("Choose projects worth at least %(needed)s (%(percent)d%% of the money). Yours cost %(total)s.")
                % {"needed": money(needed), "percent": minimum, "total": money(total)}
            )
    if kind == BallotType.CUMULATIVE:
        if any(c.points is None or c.points < 1 for c in choices):
            errors.append(_("Give each project you choose at least 1 point."))
        given = sum(c.points or 0 for c in choices)
        allowed = round.points_per_voter or 0
        if given > allowed:
            errors.append(
                _("You have given %(given)d points. You have %(allowed)d to share out.")
                % {"given": given, "allowed": allowed}
            )
    if kind == BallotType.RANKED:
        ranks = [c.rank for c in choices]
        depth = round.max_choices or len(proposals)
        if any(r is None for r in ranks) or len(set(ranks)) != len(ranks):
            errors.append(_("Give each project you rank a different number."))
        elif sorted(r for r in ranks if r is not None) != list(range(1, len(ranks) + 1)):
            errors.append(_("Number your choices 1, 2, 3 and so on, without gaps."))
        if len(choices) > depth:
            errors.append(
                ngettext("Rank no more than %(limit)d project.", "Rank no more than %(limit)d projects.", depth)
                % {"limit": depth}
            )
    return errors


def ballot_check(round: Round, pots: Mapping[Pot, Sequence[Proposal]], choices: Sequence[Choice]) -> None:
    """Raise ValidationError (keyed by pot field) unless the choices make a valid ballot.

    ``pots`` are the round's pots with the proposals on the ballot in each. A choice of a proposal
    that is not on the ballot is refused; so is choosing one twice, or choosing nothing at all.
    """
    on_ballot = {proposal.pk: (pot, proposal) for pot, listed in pots.items() for proposal in listed}
    errors: dict[str, list[str]] = {}
    unknown = [c for c in choices if c.proposal_id not in on_ballot]
    if unknown:
        raise ValidationError(_("One of your choices is not on this ballot. Start again from the ballot page."))
    ids = [c.proposal_id for c in choices]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("You chose a project twice. Choose each project once."))
    if not choices:
        raise ValidationError(_("Choose at least one project."))
    for pot, listed in pots.items():
        in_pot = [c for c in choices if on_ballot[c.proposal_id][0] == pot]
        messages = _check_pot(round, pot, in_pot, {p.pk: p for p in listed})
        if messages:
            errors[pot_field(pot)] = messages
    if errors:
        raise ValidationError(errors)
