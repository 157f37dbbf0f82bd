"""Who may do what in commissioning. The one permission path for this area.

Officers and administrators run a programme when they hold the role on it or above it (its owning
community and that community's parents), and its lead officer always does. Panel members act in
their seat: what a seat type may score is the programme's rule, applied in the acquisition stage.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from coopcouncil.accounts.models import Organisation, Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.commissioning.models import Contract, EvidenceItem, KPIReturn, PanelMember, Programme
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
