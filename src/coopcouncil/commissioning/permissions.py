"""Who may do what in commissioning. The one permission path for this area.

Officers and administrators run a programme when they hold the role on it or above it (its owning
community and that community's parents), and its lead officer always does. Panel members act in
their seat: what a seat type may score is the programme's rule, applied in the acquisition stage.
"""

from __future__ import annotations

from django.db.models import Model, Q
from django.utils import timezone

from coopcouncil.accounts.models import Organisation, Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.commissioning.models import Contract, EvidenceItem, KPIReturn, PanelMember, Programme
from coopcouncil.commissioning.models.acquisition import (
    Bid,
    BidStatus,
    Call,
    DeclaredInterest,
    Evaluation,
    InterestDeclaration,
)
from coopcouncil.places.models import Community

RUNS_PROGRAMMES = (Role.OFFICER, Role.ADMINISTRATOR)


def can_manage_programme(person: Person | None, programme: Programme) -> bool:
    """Move stages, appoint the panel, record evidence and decisions."""
    if person is None or person.is_anonymised:
        return False
    if programme.lead_officer_id == person.pk:
        return True
    return has_role(person, RUNS_PROGRAMMES, on=programme)


def can_set_up_programme(person: Person | None, owner: Community | Organisation) -> bool:
    """Officers who work for the owning community (or above it) set up its programmes."""
    return has_role(person, RUNS_PROGRAMMES, on=owner)


def panel_seat_of(person: Person | None, programme: Programme) -> PanelMember | None:
    """The person's current seat on the programme's panel, if they have one."""
    if person is None or person.is_anonymised:
        return None
    return programme.panel_members.filter(person=person, stepped_down_at__isnull=True).first()


def can_take_part_in_panel(person: Person | None, programme: Programme) -> bool:
    """Panel members, and the officers who run the programme, work on its panel pages."""
    return panel_seat_of(person, programme) is not None or can_manage_programme(person, programme)


# Stages 1 to 3: assets and needs, outcomes, priorities and the options. Officers running the
# programme do all of it; panel members bring evidence and state needs, and spread their dots.


def can_add_evidence(person: Person | None, programme: Programme) -> bool:
    """Evidence items and needs statements: the panel and the officers."""
    return can_take_part_in_panel(person, programme)


def can_map_assets_and_outcomes(person: Person | None, programme: Programme) -> bool:
    """The asset map and the draft outcomes are kept by the officers, from what the panel finds."""
    return can_manage_programme(person, programme)


def can_place_dots(person: Person | None, programme: Programme) -> bool:
    """Only current panel members vote; officers running it do not, unless they hold a seat."""
    return panel_seat_of(person, programme) is not None


def can_see_needs_working(person: Person | None, programme: Programme) -> bool:
    """Evidence that is not public, and the attached files, are for the panel and the officers."""
    return can_take_part_in_panel(person, programme)


def can_download_needs_file(person: Person, attached: object) -> bool:
    """Files behind evidence and the equality assessment: the panel and the officers (core's policy).

    Evidence carried into later cycles keeps its file, so their panels may open it too.
    """
    programmes = [getattr(attached, "programme", None)]
    if isinstance(attached, EvidenceItem):
        programmes += [item.programme for item in attached.carried_into.select_related("programme")]
    return any(isinstance(p, Programme) and can_see_needs_working(person, p) for p in programmes)


# Stages 5 and 6: delivery, monitoring and review ------------------------------------------

PROVIDER_ROLES = (Role.PROVIDER_REPRESENTATIVE,)


def is_provider_for(person: Person | None, contract: Contract) -> bool:
    """The supplier's people: a current member of the supplier who holds the provider representative role on it."""
    if person is None or person.is_anonymised:
        return False
    today = timezone.localdate()
    member = person.organisation_memberships.filter(organisation_id=contract.supplier_id, since__lte=today).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    return member.exists() and has_role(person, PROVIDER_ROLES, on=contract.supplier)


def can_submit_kpi_return(person: Person | None, contract: Contract) -> bool:
    return is_provider_for(person, contract)


def can_see_kpi_return(person: Person | None, kpi_return: KPIReturn) -> bool:
    """Unverified values, notes, queries and evidence: the supplier's people and the programme's officers."""
    contract = kpi_return.kpi.contract
    return is_provider_for(person, contract) or can_manage_programme(person, contract.programme)


def can_give_service_feedback(person: Person | None) -> bool:
    """Any resident with an account (or one an officer acts for at a hub)."""
    return person is not None and not person.is_anonymised


# Stage 4: acquisition ----------------------------------------------------------------------
# Providers act through organisations: a person holding the provider representative role on the
# organisation acts for it. Evaluators are panel members whose seat type scores a criterion of the
# call; they see a bid only once they have declared their interests and have none in that bidder.

ACTS_FOR_PROVIDER = (Role.PROVIDER_REPRESENTATIVE,)


def acts_for_organisation(person: Person | None, organisation: Organisation) -> bool:
    return has_role(person, ACTS_FOR_PROVIDER, on=organisation)


def evaluator_seat_for(person: Person | None, call: Call) -> PanelMember | None:
    """The person's panel seat, if its seat type scores any criterion of the call."""
    seat = panel_seat_of(person, call.programme)
    if seat is None:
        return None
    if not any(criterion.scored_by(seat.seat_type) for criterion in call.criteria.all()):
        return None
    return seat


def has_declared_interests(person: Person | None, call: Call) -> bool:
    if person is None:
        return False
    return InterestDeclaration.objects.filter(call=call, person=person).exists()


def is_conflicted(person: Person | None, bid: Bid) -> bool:
    if person is None:
        return False
    return DeclaredInterest.objects.filter(
        declaration__person=person, declaration__call_id=bid.call_id, bid=bid
    ).exists()


def can_evaluate_bid(person: Person | None, bid: Bid) -> bool:
    """Declared, not conflicted with this bidder, and the bid is opened and found compliant."""
    call = bid.call
    return (
        evaluator_seat_for(person, call) is not None
        and call.bids_opened_at is not None
        and bid.compliant is True
        and has_declared_interests(person, call)
        and not is_conflicted(person, bid)
    )


def can_see_bid(person: Person | None, bid: Bid) -> bool:
    """Providers see only their own bids; officers running the programme see every submitted bid."""
    if person is None or person.is_anonymised:
        return False
    if acts_for_organisation(person, bid.organisation):
        return True
    # Anyone who declared an interest in the bidder withdraws from that bid, officers included.
    if bid.status != BidStatus.SUBMITTED or is_conflicted(person, bid):
        return False
    if can_manage_programme(person, bid.call.programme):
        # They check compliance, so they see bids before evaluators do; one who also holds a scoring
        # seat declares interests first, like every evaluator.
        return evaluator_seat_for(person, bid.call) is None or has_declared_interests(person, bid.call)
    return can_evaluate_bid(person, bid)


def can_see_bid_price(person: Person | None, bid: Bid) -> bool:
    """Price is only for officers (and the bidder itself): quality evaluators must not see it."""
    return acts_for_organisation(person, bid.organisation) or can_manage_programme(person, bid.call.programme)


def can_see_evaluations_of_others(person: Person | None, bid: Bid) -> bool:
    """An evaluator sees the others' scores only after submitting their own; officers without a seat always."""
    if person is None:
        return False
    if evaluator_seat_for(person, bid.call) is not None:
        return can_evaluate_bid(person, bid) and Evaluation.objects.filter(bid=bid, evaluator=person).exists()
    return can_manage_programme(person, bid.call.programme)


def can_moderate(person: Person | None, bid: Bid, seat_type: str) -> bool:
    """Officers running the programme chair moderation; an evaluator of that seat type may too.

    Moderation shows everyone's scores, so an evaluator (an officer with a seat included) comes to it
    only after submitting their own.
    """
    seat = evaluator_seat_for(person, bid.call)
    if seat is not None:
        submitted = can_see_evaluations_of_others(person, bid)
        return submitted and (seat.seat_type == seat_type or can_manage_programme(person, bid.call.programme))
    return can_manage_programme(person, bid.call.programme)


def can_comment_on_specification(person: Person | None, programme: Programme) -> bool:
    return can_take_part_in_panel(person, programme)


def can_download_bid_file(person: Person, bid: Model) -> bool:
    """The private-file policy for files attached to bids."""
    return isinstance(bid, Bid) and can_see_bid(person, bid)
