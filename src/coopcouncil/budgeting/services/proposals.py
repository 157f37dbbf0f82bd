"""Residents' proposals, the feasibility review, merging, and comments with moderation."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.permissions import CannotTakePart, can_take_part
from coopcouncil.budgeting.eligibility import eligibility_for
from coopcouncil.budgeting.models import (
    Category,
    Comment,
    CommentReport,
    FeasibilityOutcome,
    FeasibilityReview,
    Phase,
    Pot,
    Proposal,
    ProposalStatus,
    Proposer,
    Round,
)
from coopcouncil.budgeting.permissions import can_edit_proposal, can_manage_round, can_moderate
from coopcouncil.budgeting.presenters import money
from coopcouncil.budgeting.services.notices import proposers_tell
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.notifications.models import ALL_TOPICS
from coopcouncil.notifications.services import follow_set
from coopcouncil.places.models import Ward

# Fields a proposer may change while ideas are developed.
EDITABLE = ("title", "description", "estimated_cost_pence", "place_name", "ward", "category", "pot")


def _proposer(actor: Actor) -> Person:
    person = actor.subject
    if person is None:
        raise PermissionDenied(_("Sign in to put forward an idea."))
    return person


def _check_fields(round: Round, *, title: str, description: str, estimated_cost_pence: int, pot: Pot | None) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give your idea a short title.")
    if not description.strip():
        errors["description"] = _("Describe your idea: what it is, who it helps and where.")
    if estimated_cost_pence <= 0:
        errors["estimated_cost_pence"] = _("Enter roughly what it would cost, in pounds.")
    elif pot is not None and pot.max_project_cost_pence and estimated_cost_pence > pot.max_project_cost_pence:
        errors["estimated_cost_pence"] = _("Projects in “%(pot)s” cost at most %(limit)s.") % {
            "pot": pot.name,
            "limit": money(pot.max_project_cost_pence),
        }
    elif pot is not None and estimated_cost_pence > pot.budget_pence:
        errors["estimated_cost_pence"] = _("That is more than the %(budget)s there is to spend.") % {
            "budget": money(pot.budget_pence)
        }
    if pot is not None and pot.round_id != round.pk:
        errors["pot"] = _("Choose one of this round's pots.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_submit(
    *,
    actor: Actor,
    round: Round,
    title: str,
    description: str,
    estimated_cost_pence: int,
    category: Category,
    place_name: str = "",
    ward: Ward | None = None,
    pot: Pot | None = None,
) -> Proposal:
    """A resident (or an officer acting for one) puts forward an idea; they follow it from then on."""
    person = _proposer(actor)
    if round.phase != Phase.IDEAS_OPEN:
        raise ValidationError(_("This round is not taking ideas at the moment."))
    if not can_take_part(person):
        raise CannotTakePart
    eligibility = eligibility_for(person, round, on=timezone.localdate())
    if not eligibility.eligible:
        raise PermissionDenied(" ".join(eligibility.reasons))
    if pot is None and round.pots.count() == 1:
        pot = round.pots.get()
    _check_fields(round, title=title, description=description, estimated_cost_pence=estimated_cost_pence, pot=pot)
    proposal = Proposal.objects.create(
        round=round,
        pot=pot,
        title=title.strip(),
        description=description.strip(),
        estimated_cost_pence=estimated_cost_pence,
        category=category,
        place_name=place_name.strip(),
        ward=ward,
        created_by=person,
    )
    Proposer.objects.create(proposal=proposal, person=person, is_lead=True)
    audit_record(actor=actor, action="proposal.submitted", target=proposal)
    follow_set(actor=actor, target=proposal, topics=ALL_TOPICS)
    return proposal


@transaction.atomic
def proposal_update(*, actor: Actor, proposal: Proposal, **changes: object) -> Proposal:
    """Proposers change their idea until proposal development ends."""
    if not can_edit_proposal(actor.subject, proposal):
        raise PermissionDenied(_("Only its proposers can change an idea, and only until proposals are reviewed."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(proposal, field, value)
    _check_fields(
        proposal.round,
        title=proposal.title,
        description=proposal.description,
        estimated_cost_pence=proposal.estimated_cost_pence,
        pot=proposal.pot,
    )
    proposal.title, proposal.description = proposal.title.strip(), proposal.description.strip()
    proposal.save()
    audit_record(actor=actor, action="proposal.changed", target=proposal, details={"fields": sorted(changes)})
    return proposal


@transaction.atomic
def proposal_co_proposer_add(*, actor: Actor, proposal: Proposal, person: Person) -> Proposer:
    if not (can_edit_proposal(actor.subject, proposal) or can_manage_round(actor.person, proposal.round)):
        raise PermissionDenied(_("Only its proposers can add someone to an idea."))
    if not can_take_part(person):
        raise ValidationError(_("They cannot take part yet: a parent or carer must agree first."))
    try:
        with transaction.atomic():
            proposer = Proposer.objects.create(proposal=proposal, person=person)
    except IntegrityError as error:
        raise ValidationError(_("They are already one of its proposers.")) from error
    audit_record(actor=actor, action="proposal.co_proposer_added", target=proposal)
    follow_set(actor=Actor(person=person), target=proposal, topics=ALL_TOPICS)
    return proposer


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
    if not can_edit_proposal(actor.subject, proposal):
        raise PermissionDenied(_("Only its proposers can withdraw an idea, and only before it is reviewed."))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="proposal.withdrawn", target=proposal)
    return proposal


@transaction.atomic
def feasibility_review_record(
    *,
    actor: Actor,
    proposal: Proposal,
    outcome: FeasibilityOutcome,
    published_reason: str,
    costed_pence: int | None = None,
    notes_for_proposer: str = "",
    pot: Pot | None = None,
) -> FeasibilityReview:
    """An officer decides whether a proposal can go on the ballot, at what cost, and says why.

    The reason is published with the proposal; its proposers are told either way.
    """
    round = proposal.round
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can review proposals."))
    if round.phase not in (Phase.PROPOSAL_DEVELOPMENT, Phase.FEASIBILITY_REVIEW):
        raise ValidationError(_("Proposals are reviewed during proposal development and feasibility review."))
    if proposal.status in (ProposalStatus.WITHDRAWN, ProposalStatus.MERGED):
        raise ValidationError(_("This proposal was withdrawn or merged, so it is not reviewed."))
    errors: dict[str, str] = {}
    if not published_reason.strip():
        errors["published_reason"] = _("Give the reason everyone will read.")
    if outcome == FeasibilityOutcome.FEASIBLE:
        pot = pot or proposal.pot
        if costed_pence is None or costed_pence <= 0:
            errors["costed_pence"] = _("Enter the council's costing of the project.")
        elif pot is not None and costed_pence > pot.budget_pence:
            errors["costed_pence"] = _("The costing is more than the %(budget)s in its pot.") % {
                "budget": money(pot.budget_pence)
            }
        if pot is None:
            errors["pot"] = _("Choose which pot it goes in.")
    if errors:
        raise ValidationError(errors)
    review = FeasibilityReview.objects.create(
        proposal=proposal,
        outcome=outcome,
        published_reason=published_reason.strip(),
        costed_pence=costed_pence if outcome == FeasibilityOutcome.FEASIBLE else None,
        notes_for_proposer=notes_for_proposer.strip(),
        reviewed_by=actor.person,
    )
    if outcome == FeasibilityOutcome.FEASIBLE:
        proposal.status = ProposalStatus.FEASIBLE
        proposal.costed_pence = costed_pence
        proposal.pot = pot
    else:
        proposal.status = ProposalStatus.NOT_FEASIBLE
        proposal.costed_pence = None
    proposal.save(update_fields=["status", "costed_pence", "pot", "updated_at"])
    audit_record(actor=actor, action="proposal.reviewed", target=proposal, details={"outcome": outcome.value})
    if outcome == FeasibilityOutcome.FEASIBLE:
        subject = _("Your idea can go on the ballot: %(title)s") % {"title": proposal.title}
        body = _("Officers costed “%(title)s” at %(cost)s. %(reason)s") % {
            "title": proposal.title,
            "cost": money(costed_pence or 0),
            "reason": review.published_reason,
        }
    else:
        subject = _("Your idea cannot go on the ballot: %(title)s") % {"title": proposal.title}
        body = _("Officers found “%(title)s” is not feasible. %(reason)s") % {
            "title": proposal.title,
            "reason": review.published_reason,
        }
    if review.notes_for_proposer:
        body += "\n\n" + _("Notes for you: %(notes)s") % {"notes": review.notes_for_proposer}
    proposers_tell(proposal=proposal, subject=subject, body=body)
    return review


@transaction.atomic
def proposals_merge(*, actor: Actor, into: Proposal, merged: Sequence[Proposal], reason: str) -> Proposal:
    """Similar ideas become one proposal; their proposers become its co-proposers."""
    if not can_manage_round(actor.person, into.round):
        raise PermissionDenied(_("Only officers running this round can merge proposals."))
    if into.round.phase not in (Phase.PROPOSAL_DEVELOPMENT, Phase.FEASIBILITY_REVIEW):
        raise ValidationError(_("Proposals are merged during proposal development and feasibility review."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these proposals are being merged.")})
    for other in merged:
        if other.pk == into.pk or other.round_id != into.round_id:
            raise ValidationError(_("Choose other proposals from the same round."))
        other.status = ProposalStatus.MERGED
        other.merged_into = into
        other.save(update_fields=["status", "merged_into", "updated_at"])
        for proposer in other.proposers.all():
            Proposer.objects.get_or_create(proposal=into, person=proposer.person)
        proposers_tell(
            proposal=other,
            subject=_("Your idea was merged: %(title)s") % {"title": other.title},
            body=_("“%(title)s” was merged into “%(into)s”, and you are one of its proposers. %(reason)s")
            % {"title": other.title, "into": into.title, "reason": reason.strip()},
        )
    audit_record(actor=actor, action="proposal.merged", target=into, details={"merged": [p.pk for p in merged]})
    return into


# --------------------------------------------------------------------------------------------------
# Comments


@transaction.atomic
def comment_post(*, actor: Actor, proposal: Proposal, body: str) -> Comment:
    person = actor.subject
    if person is None:
        raise PermissionDenied(_("Sign in to comment."))
    if not can_take_part(person):
        raise CannotTakePart
    if proposal.round.phase in (Phase.DRAFT, Phase.CLOSED):
        raise ValidationError(_("Comments are closed."))
    if not body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    if len(body) > 2000:
        raise ValidationError({"body": _("Comments must be 2,000 characters or fewer.")})
    comment = Comment.objects.create(proposal=proposal, author=person, body=body.strip())
    audit_record(actor=actor, action="comment.posted", target=comment)
    return comment


@transaction.atomic
def comment_report(*, actor: Actor, comment: Comment, reason: str) -> CommentReport:
    person = actor.subject
    if person is None:
        raise PermissionDenied(_("Sign in to report a comment."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with the comment.")})
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reported_by=person, reason=reason.strip())
    except IntegrityError as error:
        raise ValidationError(_("You have already reported this comment. A moderator will look at it.")) from error
    audit_record(actor=actor, action="comment.reported", target=comment)
    return report


@transaction.atomic
def comment_hide(*, actor: Actor, comment: Comment, reason: str) -> Comment:
    """A moderator hides a comment; the reason is shown in its place."""
    if not can_moderate(actor.person, comment):
        raise PermissionDenied(_("Only moderators can hide comments."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason that will be shown in place of the comment.")})
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now, actor.person, reason.strip()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor.person)
    # The reason is shown in the comment's place; the audit log keeps no second copy of the free text.
    audit_record(actor=actor, action="comment.hidden", target=comment)
    return comment


@transaction.atomic
def comment_reports_dismiss(*, actor: Actor, comment: Comment) -> int:
    """A moderator keeps the comment: the open reports on it are closed."""
    if not can_moderate(actor.person, comment):
        raise PermissionDenied(_("Only moderators can review reports."))
    closed = comment.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor.person
    )
    audit_record(actor=actor, action="comment.reports_dismissed", target=comment, details={"reports": closed})
    return closed
