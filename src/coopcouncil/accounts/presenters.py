"""How people, and what was done for them, are put into words on pages."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopcouncil.accounts.ages import is_child
from coopcouncil.accounts.models import ConsentPurpose, Person, Role
from coopcouncil.core.models import AuditEntry


def person_public_name(person: Person, *, on: date) -> str:
    """The name to show the public: never a child's, never an anonymised person's.

    Someone whose age is unknown is shown by the name they chose to be known by; children
    (or possible children, when only a year of birth is known) appear as "A young resident".
    """
    if person.is_anonymised:
        return _("A former participant")
    if is_child(person, on):
        return _("A young resident")
    return person.display_name


# Plain words for each audit action a person may see in their recent activity. Actions carry
# their detail (which consent, which role, what was followed) through the placeholders.
_ACTION_WORDS: dict[str, Promise] = {
    "person.registered": gettext_lazy("Account created"),
    "person.claimed": gettext_lazy("Profile from a hub linked to your login"),
    "person.age_confirmed": gettext_lazy("Date of birth confirmed by an officer"),
    "person.anonymised": gettext_lazy("Details anonymised"),
    "parental_consent.requested": gettext_lazy("Parent or carer asked to agree"),
    "parental_consent.granted": gettext_lazy("Parent or carer agreed"),
    "parental_consent.refused": gettext_lazy("Parent or carer did not agree"),
    "acting_for.started": gettext_lazy("An officer started acting for you"),
    "acting_for.ended": gettext_lazy("An officer stopped acting for you"),
    "consent.given": gettext_lazy("Agreed to: %(purpose)s"),
    "consent.withdrawn": gettext_lazy("Withdrew agreement to: %(purpose)s"),
    "access_needs.updated": gettext_lazy("Access needs updated"),
    "area_claim.recorded": gettext_lazy("Said where you live, work, study or volunteer"),
    "area_claim.verified": gettext_lazy("A place you named was checked and verified"),
    "area_claim.rejected": gettext_lazy("A place you named was checked and not verified"),
    "contact_preference.changed": gettext_lazy("How we send you updates changed"),
    "role.assigned": gettext_lazy("Given the role: %(role)s"),
    "role.revoked": gettext_lazy("Role removed: %(role)s"),
    "data_request.created": gettext_lazy("Asked for your data to be deleted"),
    "data_request.reviewed": gettext_lazy("Deletion request reviewed"),
    "follow.changed": gettext_lazy("Following %(name)s"),
    "follow.stopped": gettext_lazy("Stopped following %(name)s"),
    "decision.recorded": gettext_lazy("Decision recorded"),
    "file.uploaded": gettext_lazy("File uploaded"),
    "borough.loaded": gettext_lazy("Borough and wards loaded"),
    "postcodes.imported": gettext_lazy("Postcodes imported"),
    "retention.enforced": gettext_lazy("Old personal data removed"),
    "demo.claim_code_reissued": gettext_lazy("New claim code made for the demo"),
    # Participatory budgeting: rounds, ideas, comments and votes.
    "round.created": gettext_lazy("Budget round set up: %(name)s"),
    "round.eligibility_rule_added": gettext_lazy("Rule on who can take part added: %(name)s"),
    "round.timeline_changed": gettext_lazy("Dates changed: %(name)s"),
    "round.phase_changed": gettext_lazy("Moved on to the next stage: %(name)s"),
    "round.counted": gettext_lazy("Votes counted: %(name)s"),
    "round.lots_drawn": gettext_lazy("Lots drawn to settle a tie: %(name)s"),
    "round.changed": gettext_lazy("Budget round changed: %(name)s"),
    "programme.created": gettext_lazy("Commissioning programme set up: %(name)s"),
    "programme.seat_rule_set": gettext_lazy("Panel seats set: %(name)s"),
    "programme.stage_changed": gettext_lazy("Programme moved on to its next stage: %(name)s"),
    "panel.appointed": gettext_lazy("Appointed to a commissioning panel: %(name)s"),
    "panel.stepped_down": gettext_lazy("Stepped down from a commissioning panel: %(name)s"),
    "programme.next_cycle_started": gettext_lazy("Next commissioning cycle started: %(name)s"),
    "commissioning.evidence_added": gettext_lazy("Evidence added: %(name)s"),
    "commissioning.asset_added": gettext_lazy("Added to the asset map: %(name)s"),
    "commissioning.need_stated": gettext_lazy("Need stated: %(name)s"),
    "commissioning.outcome_added": gettext_lazy("Outcome drafted: %(name)s"),
    "commissioning.indicator_added": gettext_lazy("Indicator added to an outcome: %(name)s"),
    "commissioning.evidence_carried_over": gettext_lazy("Evidence carried over from the last cycle: %(name)s"),
    "commissioning.dot_vote_opened": gettext_lazy("Panel's vote on outcomes opened: %(name)s"),
    "commissioning.dots_placed": gettext_lazy("Dots placed on outcomes: %(name)s"),
    "commissioning.dots_changed": gettext_lazy("Dots on outcomes changed: %(name)s"),
    "commissioning.dot_vote_closed": gettext_lazy("Panel's vote on outcomes closed: %(name)s"),
    "commissioning.budget_split": gettext_lazy("Budget split across outcomes: %(name)s"),
    "commissioning.equality_assessed": gettext_lazy("Equality impact assessment attached: %(name)s"),
    "commissioning.market_engaged": gettext_lazy("Market engagement recorded: %(name)s"),
    "commissioning.option_appraised": gettext_lazy("Delivery option appraised: %(name)s"),
    "commissioning.route_chosen": gettext_lazy("Delivery route chosen: %(name)s"),
    "specification.drafted": gettext_lazy("Service specification drafted: %(name)s"),
    "specification.commented": gettext_lazy("Comment on a service specification: %(name)s"),
    "specification.agreed": gettext_lazy("Service specification agreed: %(name)s"),
    "call.created": gettext_lazy("Call for bids set up: %(name)s"),
    "call.criterion_added": gettext_lazy("Criterion added to a call: %(name)s"),
    "call.criterion_changed": gettext_lazy("Criterion changed: %(name)s"),
    "call.criterion_removed": gettext_lazy("Criterion removed: %(name)s"),
    "call.opened": gettext_lazy("Call opened for bids: %(name)s"),
    "call.closed": gettext_lazy("Call closed to bids: %(name)s"),
    "call.closed_without_award": gettext_lazy("Call closed without an award: %(name)s"),
    "bid.started": gettext_lazy("Bid started: %(name)s"),
    "bid.saved": gettext_lazy("Bid saved: %(name)s"),
    "bid.attachment_added": gettext_lazy("File added to a bid: %(name)s"),
    "bid.submitted": gettext_lazy("Bid submitted: %(name)s"),
    "bid.compliance_checked": gettext_lazy("Bid checked for compliance: %(name)s"),
    "provider.registered": gettext_lazy("Provider organisation registered: %(name)s"),
    "evaluation.interests_declared": gettext_lazy("Interests declared before evaluating: %(name)s"),
    "evaluation.submitted": gettext_lazy("Scores submitted: %(name)s"),
    "evaluation.moderated": gettext_lazy("Scores moderated: %(name)s"),
    "award.recommended": gettext_lazy("Award recommended: %(name)s"),
    "award.decided": gettext_lazy("Award decided: %(name)s"),
    "award.summaries_sent": gettext_lazy("Assessment summaries sent to bidders: %(name)s"),
    "award.notice_published": gettext_lazy("Award notice published: %(name)s"),
    "cooperative.created": gettext_lazy("Co-operative set up: %(name)s"),
    "cooperative.class_added": gettext_lazy("Kind of member added: %(name)s"),
    "cooperative.target_set": gettext_lazy("Membership target set: %(name)s"),
    "membership.applied": gettext_lazy("Applied to join: %(name)s"),
    "membership.approved": gettext_lazy("Membership approved: %(name)s"),
    "membership.refused": gettext_lazy("Membership refused: %(name)s"),
    "membership.application_withdrawn": gettext_lazy("Application to join withdrawn: %(name)s"),
    "membership.left": gettext_lazy("Left the co-operative: %(name)s"),
    "membership.expulsion_notice": gettext_lazy("Notice of expulsion given: %(name)s"),
    "membership.expulsion_decided": gettext_lazy("Expulsion decided at a general meeting: %(name)s"),
    "cooperative.meeting_called": gettext_lazy("Notice of a general meeting given: %(name)s"),
    "cooperative.resolution_proposed": gettext_lazy("Resolution proposed: %(name)s"),
    "cooperative.voting_opened": gettext_lazy("Voting on a resolution opened: %(name)s"),
    "cooperative.voted": gettext_lazy("Voted on a resolution: %(name)s"),
    "cooperative.interest_declared": gettext_lazy("Interest declared on a resolution: %(name)s"),
    "cooperative.resolution_decided": gettext_lazy("Resolution decided: %(name)s"),
    "cooperative.election_opened": gettext_lazy("Board election opened: %(name)s"),
    "cooperative.candidate_nominated": gettext_lazy("Candidate for the board nominated: %(name)s"),
    "cooperative.election_voting_opened": gettext_lazy("Voting in a board election opened: %(name)s"),
    "cooperative.election_voted": gettext_lazy("Voted in a board election: %(name)s"),
    "cooperative.election_tied": gettext_lazy("Board election tied: %(name)s"),
    "cooperative.lots_drawn": gettext_lazy("Lots drawn in a board election: %(name)s"),
    "cooperative.election_declared": gettext_lazy("Board election result declared: %(name)s"),
    "cooperative.director_left": gettext_lazy("Director left the board: %(name)s"),
    "cooperative.income_recorded": gettext_lazy("Income recorded: %(name)s"),
    "meeting.scheduled": gettext_lazy("Meeting scheduled: %(name)s"),
    "meeting.cancelled": gettext_lazy("Meeting cancelled: %(name)s"),
    "meeting.registered": gettext_lazy("Registered for a meeting: %(name)s"),
    "meeting.registration_cancelled": gettext_lazy("Registration cancelled: %(name)s"),
    "meeting.attended": gettext_lazy("At the meeting: %(name)s"),
    "meeting.minutes_saved": gettext_lazy("Minutes saved: %(name)s"),
    "meeting.action_added": gettext_lazy("Action agreed: %(name)s"),
    "meeting.action_done": gettext_lazy("Action done: %(name)s"),
    "meeting.decided": gettext_lazy("Meeting decision recorded: %(name)s"),
    "proposal.submitted": gettext_lazy("Put forward an idea: %(name)s"),
    "proposal.changed": gettext_lazy("Idea changed: %(name)s"),
    "proposal.co_proposer_added": gettext_lazy("Co-proposer added: %(name)s"),
    "proposal.withdrawn": gettext_lazy("Idea withdrawn: %(name)s"),
    "proposal.reviewed": gettext_lazy("Idea checked by an officer: %(name)s"),
    "proposal.merged": gettext_lazy("Ideas merged into: %(name)s"),
    "proposal.delivery_update": gettext_lazy("Progress update: %(name)s"),
    "comment.posted": gettext_lazy("Comment posted"),
    "comment.reported": gettext_lazy("Comment reported"),
    "comment.hidden": gettext_lazy("Comment hidden"),
    "comment.reports_dismissed": gettext_lazy("Reports about a comment dismissed"),
    "ballot.cast": gettext_lazy("Voted: %(name)s"),
    "ballot.changed": gettext_lazy("Ballot changed: %(name)s"),
    "ballot.paper_issued": gettext_lazy("Given a ballot paper: %(name)s"),
    "voting_codes.issued": gettext_lazy("Voting codes printed"),
    "voting_code.cancelled": gettext_lazy("Voting code cancelled"),
    "paper_batch.created": gettext_lazy("Ballot papers numbered for an event"),
    "paper_batch.reconciled": gettext_lazy("Ballot papers counted back in"),
    "paper.keyed": gettext_lazy("Paper ballot keyed in"),
    "paper.discrepancy_resolved": gettext_lazy("Paper ballot difference resolved"),
    # Commissioning stages 5 and 6: delivery, monitoring and review.
    "contract.created": gettext_lazy("Contract recorded: %(name)s"),
    "contract.kpi_added": gettext_lazy("KPI added to a contract: %(name)s"),
    "kpi_return.submitted": gettext_lazy("KPI return sent: %(name)s"),
    "kpi_return.resubmitted": gettext_lazy("KPI return sent again: %(name)s"),
    "kpi_return.verified": gettext_lazy("KPI return verified: %(name)s"),
    "kpi_return.queried": gettext_lazy("KPI return queried: %(name)s"),
    "service_feedback.given": gettext_lazy("Gave feedback on a service: %(name)s"),
    "service_feedback.moderated": gettext_lazy("Feedback on a service moderated: %(name)s"),
    "contract.rated": gettext_lazy("Contract performance rated: %(name)s"),
    "programme.reviewed": gettext_lazy("Review decision recorded: %(name)s"),
    "programme.delivery_evidence_carried": gettext_lazy("Evidence carried over to the next cycle: %(name)s"),
}


def _choice_label(choices: type[models.TextChoices], value: object) -> str:
    """The label of a stored choice; an old or unknown value is shown as it was stored."""
    try:
        return str(choices(str(value)).label)
    except ValueError:
        return str(value or "")


def audit_entry_summary(entry: AuditEntry) -> str:
    """What an audit entry says happened, in the reader's language; never its raw action code."""
    words = _ACTION_WORDS.get(entry.action)
    if words is None:
        return _("Other activity")
    details = entry.details or {}
    return str(words) % {
        "purpose": _choice_label(ConsentPurpose, details.get("purpose")),
        "role": _choice_label(Role, details.get("role")),
        "name": entry.target_label,
    }
