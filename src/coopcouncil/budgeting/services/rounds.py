"""Setting up a round and moving it through its phases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import AreaClaimKind, Organisation
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.models import (
    PHASE_ORDER,
    BallotType,
    CountingRule,
    EligibilityKind,
    EligibilityRule,
    Phase,
    PhaseChange,
    PhaseWindow,
    Pot,
    ProposalStatus,
    Round,
)
from coopcouncil.budgeting.permissions import can_manage_round
from coopcouncil.budgeting.services.notices import round_followers_tell
from coopcouncil.budgeting.services.results import results_publish, results_publish_check
from coopcouncil.cooperatives.models import Cooperative, MembershipClass
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.places.models import Community, Ward


@dataclass(frozen=True)
class PotPlan:
    name: str
    budget_pence: int
    max_project_cost_pence: int | None = None


def _require_manager(actor: Actor, round: Round) -> None:
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can do that."))


def _settings_check(
    *, ballot_type: str, counting_rule: str, max_choices: int | None, points_per_voter: int | None
) -> None:
    if ballot_type == BallotType.APPROVAL and not max_choices:
        raise ValidationError({"max_choices": _("Say how many projects each voter may choose.")})
    if ballot_type == BallotType.CUMULATIVE and not points_per_voter:
        raise ValidationError({"points_per_voter": _("Say how many points each voter shares out.")})
    if ballot_type == BallotType.RANKED and counting_rule == CountingRule.EQUAL_SHARES:
        raise ValidationError(
            {"counting_rule": _("The Method of Equal Shares cannot count ranked ballots. Choose another ballot.")}
        )


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    owner: Community | Organisation,
    slug: str,
    title: str,
    summary: str,
    budget_pence: int,
    description: str = "",
    ballot_type: str = BallotType.APPROVAL,
    max_choices: int | None = None,
    points_per_voter: int | None = None,
    minimum_spend_percent: int | None = None,
    counting_rule: str = CountingRule.GREEDY,
    ballots_per_person: str = "one",
    allow_ballot_change: bool = True,
    pots: Sequence[PotPlan] = (),
) -> Round:
    """A draft round with its pots (one pot holding the whole budget when none are given)."""
    round = Round(
        owner_community=owner if isinstance(owner, Community) else None,
        owner_organisation=owner if isinstance(owner, Organisation) else None,
        slug=slug,
        title=title.strip(),
        summary=summary.strip(),
        description=description.strip(),
        budget_pence=budget_pence,
        ballot_type=ballot_type,
        max_choices=max_choices,
        points_per_voter=points_per_voter,
        minimum_spend_percent=minimum_spend_percent,
        counting_rule=counting_rule,
        ballots_per_person=ballots_per_person,
        allow_ballot_change=allow_ballot_change,
        created_by=actor.person,
    )
    _require_manager(actor, round)
    if budget_pence <= 0:
        raise ValidationError({"budget_pence": _("Enter how much money the round has to spend.")})
    _settings_check(
        ballot_type=ballot_type,
        counting_rule=counting_rule,
        max_choices=max_choices,
        points_per_voter=points_per_voter,
    )
    if Round.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another round already uses this web address. Choose another.")})
    round.full_clean(exclude=["owner_community", "owner_organisation"])
    round.save()
    plans = list(pots) or [PotPlan(_("All projects"), budget_pence)]
    if sum(plan.budget_pence for plan in plans) > budget_pence:
        raise ValidationError(_("The pots add up to more than the round's budget."))
    for position, plan in enumerate(plans):
        Pot.objects.create(
            round=round,
            name=plan.name,
            budget_pence=plan.budget_pence,
            max_project_cost_pence=plan.max_project_cost_pence,
            position=position,
        )
    audit_record(actor=actor, action="round.created", target=round, details={"budget_pence": budget_pence})
    return round


@transaction.atomic
def eligibility_rule_add(
    *,
    actor: Actor,
    round: Round,
    kind: str,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    age_on: date | None = None,
    wards: Sequence[Ward] = (),
    postcode_districts: str = "",
    connections: Sequence[AreaClaimKind] = (AreaClaimKind.LIVE,),
    cooperative: Cooperative | None = None,
    membership_class: MembershipClass | None = None,
) -> EligibilityRule:
    _require_manager(actor, round)
    if round.phase not in (Phase.DRAFT, Phase.IDEAS_OPEN):
        raise ValidationError(_("Who can take part cannot change once proposals are being developed."))
    if kind == EligibilityKind.AGE:
        if age_on is None or (minimum_age is None and maximum_age is None):
            raise ValidationError(_("An age rule needs a youngest or oldest age, and the date it applies on."))
        if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
            raise ValidationError(_("The youngest age must not be above the oldest."))
    elif kind == EligibilityKind.MEMBERSHIP:
        if cooperative is None:
            raise ValidationError(_("A membership rule needs the co-operative whose members may take part."))
        if membership_class is not None and membership_class.cooperative_id != cooperative.pk:
            raise ValidationError(_("That class of member belongs to another co-operative."))
    elif not wards and not postcode_districts.strip():
        raise ValidationError(_("An area rule needs at least one ward or postcode district."))
    rule = EligibilityRule.objects.create(
        round=round,
        kind=kind,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        age_on=age_on,
        postcode_districts=postcode_districts.strip().upper(),
        connections=[AreaClaimKind(c).value for c in connections] if kind == EligibilityKind.AREA else [],
        cooperative=cooperative if kind == EligibilityKind.MEMBERSHIP else None,
        membership_class=membership_class if kind == EligibilityKind.MEMBERSHIP else None,
    )
    rule.wards.set(wards)
    audit_record(actor=actor, action="round.eligibility_rule_added", target=round, details={"kind": kind})
    return rule


@transaction.atomic
def phase_window_set(*, actor: Actor, round: Round, phase: Phase, starts_on: date, ends_on: date | None) -> PhaseWindow:
    _require_manager(actor, round)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
    window, _created = PhaseWindow.objects.update_or_create(
        round=round, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    audit_record(
        actor=actor,
        action="round.timeline_changed",
        target=round,
        details={"phase": phase.value, "starts_on": starts_on.isoformat(), "ends_on": ends_on and ends_on.isoformat()},
    )
    return window


def _shortlist(round: Round) -> None:
    """Put every feasible proposal on the ballot, numbered in the order they were submitted."""
    waiting = round.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    if waiting:
        raise ValidationError(_("%(count)d proposals still wait for a feasibility review.") % {"count": waiting})
    feasible = list(round.proposals.filter(status=ProposalStatus.FEASIBLE).order_by("created_at", "id"))
    if not feasible:
        raise ValidationError(_("No proposal is feasible, so there is nothing to put on the ballot."))
    without_pot = [p.title for p in feasible if p.pot_id is None]
    if without_pot:
        raise ValidationError(_("Choose a pot for: %(titles)s.") % {"titles": ", ".join(without_pot)})
    number = (round.proposals.aggregate(top=Max("ballot_number"))["top"] or 0) + 1
    for proposal in feasible:
        proposal.status = ProposalStatus.SHORTLISTED
        if proposal.ballot_number is None:
            proposal.ballot_number = number
            number += 1
        proposal.save(update_fields=["status", "ballot_number", "updated_at"])


def _check_can_enter(round: Round, to: Phase) -> None:
    if to == Phase.IDEAS_OPEN and not round.pots.exists():
        raise ValidationError(_("Add at least one pot before opening for ideas."))
    if to == Phase.SHORTLIST_PUBLISHED:
        _shortlist(round)
    if to == Phase.VOTING_OPEN:
        empty = [pot.name for pot in round.pots.all() if not selectors.proposals_on_ballot(pot=pot).exists()]
        if empty:
            raise ValidationError(_("These pots have nothing on the ballot: %(pots)s.") % {"pots": ", ".join(empty)})
    if to == Phase.COUNTING:
        problems = selectors.paper_reconciliation(round=round).problems
        if problems:
            raise ValidationError(problems)
    if to == Phase.RESULTS_PUBLISHED:
        results_publish_check(round=round)


@transaction.atomic
def round_phase_advance(*, actor: Actor, round: Round, to: Phase, reason: str = "") -> PhaseChange:
    """Move the round to its next phase, after the checks that phase needs. Followers are told.

    The round's row is locked, so two officers pressing the button at once move it one phase.
    ``round`` itself is updated too.
    """
    locked = Round.objects.select_for_update().get(pk=round.pk)
    _require_manager(actor, locked)
    current = Phase(locked.phase)
    if current == Phase.CLOSED or PHASE_ORDER[PHASE_ORDER.index(current) + 1] != to:
        raise ValidationError(
            _("A round in “%(current)s” can only move on to the next phase.") % {"current": current.label}
        )
    _check_can_enter(locked, to)
    if to == Phase.RESULTS_PUBLISHED:
        results_publish(actor=actor, round=locked)
    if to == Phase.DELIVERY:
        locked.proposals.filter(status=ProposalStatus.FUNDED).update(status=ProposalStatus.IN_DELIVERY)
    locked.phase = to
    locked.save(update_fields=["phase"])
    round.phase = to
    change = PhaseChange.objects.create(
        round=locked, from_phase=current, to_phase=to, changed_by=actor.person, reason=reason.strip()
    )
    audit_record(
        actor=actor, action="round.phase_changed", target=locked, details={"from": current.value, "to": to.value}
    )
    round_followers_tell(round=locked, phase=to)
    return change


# What officers may change at any time, and what only while the round is a draft (the rules of the
# vote must not change once residents have started to take part).
ALWAYS_EDITABLE = ("title", "summary", "description")
DRAFT_EDITABLE = (
    "budget_pence",
    "ballot_type",
    "max_choices",
    "points_per_voter",
    "minimum_spend_percent",
    "counting_rule",
    "ballots_per_person",
    "allow_ballot_change",
)


@transaction.atomic
def round_update(*, actor: Actor, round: Round, **changes: object) -> Round:
    """Change a round's words at any time, and its rules while it is still a draft."""
    _require_manager(actor, round)
    locked = set(changes) - set(ALWAYS_EDITABLE)
    if locked - set(DRAFT_EDITABLE):
        raise ValueError(f"Not editable: {', '.join(sorted(locked - set(DRAFT_EDITABLE)))}")
    if locked and round.phase != Phase.DRAFT:
        raise ValidationError(_("The rules of the vote can only change while the round is a draft."))
    for field, value in changes.items():
        setattr(round, field, value.strip() if isinstance(value, str) and field in ALWAYS_EDITABLE else value)
    _settings_check(
        ballot_type=round.ballot_type,
        counting_rule=round.counting_rule,
        max_choices=round.max_choices,
        points_per_voter=round.points_per_voter,
    )
    if "budget_pence" in changes:
        pots = list(round.pots.all())
        if len(pots) == 1:
            pots[0].budget_pence = round.budget_pence
            pots[0].save(update_fields=["budget_pence"])
        elif sum(p.budget_pence for p in pots) > round.budget_pence:
            raise ValidationError({"budget_pence": _("The pots add up to more than this budget.")})
    round.full_clean(exclude=["owner_community", "owner_organisation"])
    round.save()
    audit_record(actor=actor, action="round.changed", target=round, details={"fields": sorted(changes)})
    return round
