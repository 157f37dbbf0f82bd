"""Demo participatory budgeting: a youth group's £20,000, counted, and a ward green fund, voting now.

The rounds, proposals, reviews, phase changes, the count and the results go through the services,
as an officer would do them. Only the thousands of demo ballots are written in bulk (marks for the
voting codes, ballots and their choices, and both keyings of each paper), because casting them
one by one through ``ballot_submit`` would take minutes at every demo start.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date

from django.utils import timezone

from coopcouncil.accounts.models import AreaClaimKind, ContactPreference, Person, RegisteredVia
from coopcouncil.budgeting import services
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.codes import code_hash, code_new, paper_receipt
from coopcouncil.budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Category,
    Channel,
    CountingRule,
    CountStatus,
    DeliveryStatus,
    EligibilityKind,
    FeasibilityOutcome,
    PaperEntry,
    Phase,
    Proposal,
    ProposalStatus,
    RegisterSlot,
    Round,
    VoterMark,
    VotingCode,
    VotingCodeBatch,
)
from coopcouncil.core.actors import Actor
from coopcouncil.places.models import Community
from coopcouncil.places.selectors import ward_for_postcode

# (title, cost in pounds, category, how popular, place)
YOUTH_IDEAS = [
    ("Music studio sessions at Brixton Rec", 4_500, Category.CULTURE, 9, "Brixton Recreation Centre"),
    ("Girls' football coaching on Saturdays", 3_200, Category.CULTURE, 7, "Brockwell Park"),
    ("Summer trips to the coast", 6_000, Category.YOUTH, 8, ""),
    ("Cooking club with local chefs", 2_800, Category.HEALTH, 6, "Pop Brixton"),
    ("Mental health first aid for youth workers", 3_500, Category.HEALTH, 5, ""),
    ("Mural on the Coldharbour Lane wall", 2_400, Category.CULTURE, 4, "Coldharbour Lane"),
    ("Laptops for a coding club", 5_000, Category.SKILLS, 6, "Brixton Library"),
    ("Late-night basketball in Max Roach Park", 3_900, Category.YOUTH, 7, "Max Roach Park"),
    ("A youth radio show", 2_600, Category.CULTURE, 3, ""),
    ("Bike repair workshop", 1_800, Category.SKILLS, 3, "Windrush Square"),
    ("Exam-season study space with snacks", 1_500, Category.SKILLS, 5, "Brixton Library"),
    ("Dance showcase at the Academy", 7_500, Category.CULTURE, 4, "Stockwell Road"),
]

GREEN_IDEAS = [
    ("Trees along Acre Lane", 18_000, Category.ENVIRONMENT, 8, "Acre Lane"),
    ("Community orchard in Rush Common", 6_500, Category.ENVIRONMENT, 6, "Rush Common"),
    ("Rain gardens on Railton Road", 12_000, Category.ENVIRONMENT, 5, "Railton Road"),
    ("Bike hangars for six streets", 9_000, Category.STREETS, 6, ""),
    ("Wildflower verges", 3_000, Category.ENVIRONMENT, 7, ""),
    ("Water refill points in the market", 4_500, Category.HEALTH, 5, "Brixton Market"),
    ("Repair café for a year", 5_500, Category.COMMUNITY, 4, "Brixton Library"),
    ("Pocket park on Somerleyton Road", 15_000, Category.ENVIRONMENT, 5, "Somerleyton Road"),
    ("Composting scheme for estates", 7_000, Category.ENVIRONMENT, 3, ""),
    ("Solar lights in Max Roach Park", 11_000, Category.SAFETY, 4, "Max Roach Park"),
]


def _submit_ideas(
    officer: Person, round: Round, proposers: Sequence[Person], ideas: Sequence[tuple[str, int, Category, int, str]]
) -> list[Proposal]:
    proposals = []
    for index, (title, pounds, category, _weight, place) in enumerate(ideas):
        proposer = proposers[index % len(proposers)]
        proposals.append(
            services.proposal_submit(
                actor=Actor(person=officer, on_behalf_of=proposer),
                round=round,
                title=title,
                description=f"{title}. Proposed at a community meeting and developed with officers.",
                estimated_cost_pence=pounds * 100,
                category=category,
                place_name=place,
            )
        )
    return proposals


def _review_all(officer: Person, round: Round, proposals: Sequence[Proposal]) -> None:
    actor = Actor(person=officer)
    services.round_phase_advance(actor=actor, round=round, to=Phase.PROPOSAL_DEVELOPMENT)
    services.round_phase_advance(actor=actor, round=round, to=Phase.FEASIBILITY_REVIEW)
    for proposal in proposals:
        services.feasibility_review_record(
            actor=actor,
            proposal=proposal,
            outcome=FeasibilityOutcome.FEASIBLE,
            published_reason="Checked with the council's teams: it can be delivered within a year at this cost.",
            costed_pence=proposal.estimated_cost_pence,
        )
    services.round_phase_advance(actor=actor, round=round, to=Phase.SHORTLIST_PUBLISHED)
    services.round_phase_advance(actor=actor, round=round, to=Phase.VOTING_OPEN)


def _picks(rng: random.Random, proposals: Sequence[Proposal], weights: Sequence[int], how_many: int) -> list[int]:
    chosen: list[int] = []
    while len(chosen) < how_many:
        pick = rng.choices(range(len(proposals)), weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return [proposals[i].pk for i in chosen]


def _knapsack_picks(
    rng: random.Random, proposals: Sequence[Proposal], weights: Sequence[int], budget: int
) -> list[int]:
    """What a voter might choose within the budget, spending at least half of it (the round's rule)."""
    order = sorted(range(len(proposals)), key=lambda i: -weights[i] * rng.random())
    chosen: list[int] = []
    spent = 0
    for keen in (True, False):  # first what they like most, then fill up to half the money
        for i in order:
            cost = proposals[i].cost_pence
            if i in chosen or spent + cost > budget or (keen and rng.random() > 0.7):
                continue
            if not keen and spent * 2 >= budget:
                break
            chosen.append(i)
            spent += cost
    return [proposals[i].pk for i in chosen]


def _ballots_store(round: Round, ballots: Sequence[tuple[Channel, int | None, list[int]]], rng: random.Random) -> None:
    """(channel, paper serial or None, proposal ids) each. Paper receipts come from their serials."""
    rows = [
        Ballot(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            round=round,
            receipt_hash=code_hash(paper_receipt(round.pk, serial) if serial is not None else code_new()),
            channel=channel,
            paper_serial="" if serial is None else str(serial),
            cast_on=timezone.localdate(),
        )
        for channel, serial, _ids in ballots
    ]
    Ballot.objects.bulk_create(rows, batch_size=1000)
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=row, proposal_id=pk)
            for row, (*_rest, ids) in zip(rows, ballots, strict=True)
            for pk in ids
        ],
        batch_size=2000,
    )


def _code_ballots(officer: Person, round: Round, label: str, issued: int, used: int) -> list[VotingCode]:
    """Issue codes through the service, then mark the first ``used`` as voted (in bulk)."""
    services.voting_codes_issue(actor=Actor(person=officer), round=round, label=label, how_many=issued)
    batch = VotingCodeBatch.objects.get(round=round, label=label)
    codes = list(batch.codes.order_by("serial")[:used])
    VoterMark.objects.bulk_create(
        [VoterMark(round=round, credential=f"code:{c.pk}", slot=RegisterSlot.ANY, channel=Channel.CODE) for c in codes],
        batch_size=1000,
    )
    return codes


def youth_round_load(rng: random.Random, *, officer: Person, proposers: Sequence[Person], voters: int = 2000) -> Round:
    """The youth group's £20,000: approval ballot of up to 3, Equal Shares, counted and being delivered."""
    community = Community.objects.get(slug="youth-services")
    actor = Actor(person=officer)
    round = services.round_create(
        actor=actor,
        owner=community,
        slug="young-lambeth-20k-2026",
        title="Young Lambeth's £20,000",
        summary="The youth group that meets on Thursdays at Pop Brixton decides how £20,000 is spent on "
        "activities for young people.",
        description="Young people aged 11 to 19 put forward ideas at the weekly meetings, officers checked "
        "each one, and young people voted at youth clubs with voting codes.",
        budget_pence=2_000_000,
        ballot_type=BallotType.APPROVAL,
        max_choices=3,
        counting_rule=CountingRule.EQUAL_SHARES,
    )
    services.eligibility_rule_add(
        actor=actor, round=round, kind=EligibilityKind.AGE, minimum_age=11, maximum_age=19, age_on=date(2026, 9, 1)
    )
    for phase, start, end in [
        (Phase.IDEAS_OPEN, date(2026, 3, 5), date(2026, 4, 16)),
        (Phase.FEASIBILITY_REVIEW, date(2026, 4, 17), date(2026, 5, 14)),
        (Phase.VOTING_OPEN, date(2026, 6, 1), date(2026, 6, 28)),
        (Phase.RESULTS_PUBLISHED, date(2026, 7, 2), None),
    ]:
        services.phase_window_set(actor=actor, round=round, phase=phase, starts_on=start, ends_on=end)
    services.round_phase_advance(
        actor=actor, round=round, to=Phase.IDEAS_OPEN, reason="Launched at the Thursday meeting"
    )
    proposals = _submit_ideas(officer, round, proposers, YOUTH_IDEAS)
    _review_all(officer, round, proposals)
    proposals = list(round.proposals.order_by("ballot_number"))
    weights = [idea[3] for idea in YOUTH_IDEAS]
    codes = _code_ballots(officer, round, "Youth clubs across the borough", issued=voters + 400, used=voters)
    _ballots_store(
        round,
        [(Channel.CODE, None, _picks(rng, proposals, weights, rng.choice([1, 2, 3, 3]))) for _ in codes],
        rng,
    )
    for phase in (Phase.VOTING_CLOSED, Phase.COUNTING):
        services.round_phase_advance(actor=actor, round=round, to=phase)
    counts = services.round_count(actor=actor, round=round)
    for count in counts:
        # Small rounds meet exact ties; the group draws lots for them, as the platform requires.
        while count.status == CountStatus.NEEDS_LOTS:
            tied = list(count.result.get("unresolved_tie") or [])
            rng.shuffle(tied)
            count = services.tie_draw_record(
                actor=actor,
                count=count,
                order=tied,
                witnesses="Members of the youth group and their youth worker",
                method="Numbered balls drawn from a bag at the Thursday meeting",
            )
    services.round_phase_advance(
        actor=actor, round=round, to=Phase.RESULTS_PUBLISHED, reason="Read out at the Thursday meeting"
    )
    services.round_phase_advance(actor=actor, round=round, to=Phase.DELIVERY)
    funded = list(round.proposals.filter(status=ProposalStatus.IN_DELIVERY).order_by("ballot_number"))
    updates = [
        (DeliveryStatus.IN_PROGRESS, 40, "Sessions are booked for the autumn; the first group has started."),
        (DeliveryStatus.COMPLETED, 100, "Done, and celebrated at the Thursday meeting with photos on the wall."),
    ]
    for proposal, (status, percent, note) in zip(funded, updates, strict=False):
        services.delivery_update_post(
            actor=actor, proposal=proposal, status=status, note=note, percent_complete=percent
        )
    return round


def green_fund_load(
    rng: random.Random,
    *,
    officer: Person,
    second_officer: Person,
    proposers: Sequence[Person],
    online: Sequence[Person],
    scale: float = 1.0,
) -> Round:
    """A ward green fund with a knapsack ballot, voting now: online, with codes and on paper."""
    community = Community.objects.get(slug="brixton")
    actor = Actor(person=officer)
    budget = 5_000_000
    round = services.round_create(
        actor=actor,
        owner=community,
        slug="brixton-green-fund-2027",
        title="Brixton Green Fund 2027",
        summary="£50,000 for greener streets and spaces in Brixton. Choose the projects you want, within the budget.",
        budget_pence=budget,
        ballot_type=BallotType.KNAPSACK,
        minimum_spend_percent=50,
        counting_rule=CountingRule.GREEDY,
    )
    services.eligibility_rule_add(
        actor=actor,
        round=round,
        kind=EligibilityKind.AREA,
        wards=list(community.wards.all()),
        connections=[AreaClaimKind.LIVE, AreaClaimKind.WORK, AreaClaimKind.STUDY, AreaClaimKind.VOLUNTEER],
    )
    services.round_phase_advance(actor=actor, round=round, to=Phase.IDEAS_OPEN)
    proposals = _submit_ideas(officer, round, proposers, GREEN_IDEAS)
    _review_all(officer, round, proposals)
    proposals = list(round.proposals.order_by("ballot_number"))
    weights = [idea[3] for idea in GREEN_IDEAS]

    for person in online:
        services.ballot_submit(
            actor=Actor(person=person),
            round=round,
            choices=[Choice(pk) for pk in _knapsack_picks(rng, proposals, weights, budget)],
            submission=uuid.uuid4(),
        )
    codes = _code_ballots(officer, round, "Brixton Library", issued=500, used=round_to(300 * scale))
    _ballots_store(round, [(Channel.CODE, None, _knapsack_picks(rng, proposals, weights, budget)) for _ in codes], rng)

    # Paper: two events. Most papers are keyed twice and agree; a few wait for their second keying,
    # and three disagree, so the discrepancy queue has something in it.
    library = services.paper_batch_create(actor=actor, round=round, label="Brixton Library, 12 March", how_many=1200)
    square = services.paper_batch_create(
        actor=actor, round=round, label="Windrush Square stall, 15 March", how_many=800
    )
    paper_ballots: list[tuple[Channel, int | None, list[int]]] = []
    entries: list[PaperEntry] = []
    for batch, returned in ((library, round_to(1050 * scale)), (square, round_to(680 * scale))):
        for serial in range(batch.first_serial, batch.first_serial + returned):
            picks = _knapsack_picks(rng, proposals, weights, budget)
            keyed = [{"proposal": pk, "points": None, "rank": None} for pk in sorted(picks)]
            offset = serial - batch.first_serial
            entries.append(PaperEntry(batch=batch, serial=serial, choices=keyed, keyed_by=officer))
            if offset >= returned - 20:
                continue  # keyed once so far
            if offset in (7, 11, 15):
                misread = [{"proposal": proposals[-1].pk, "points": None, "rank": None}]
                entries.append(PaperEntry(batch=batch, serial=serial, choices=misread, keyed_by=second_officer))
                continue
            entries.append(PaperEntry(batch=batch, serial=serial, choices=keyed, keyed_by=second_officer))
            paper_ballots.append((Channel.PAPER, serial, picks))
        services.paper_batch_reconcile(actor=actor, batch=batch, issued=returned + 40, returned=returned)
    PaperEntry.objects.bulk_create(entries, batch_size=2000)
    _ballots_store(round, paper_ballots, rng)
    return round


YOUTH_GROUP = [
    ("Kemi Adebayo", date(2009, 4, 12)),
    ("Jordan Clarke", date(2010, 11, 3)),
    ("Sofia Ferreira", date(2008, 7, 21)),
    ("Tyrone Mensah", date(2011, 1, 30)),
    ("Aisha Rahman", date(2009, 9, 9)),
    ("Leo Nowak", date(2012, 5, 17)),
]


def _youth_group(officer: Person) -> list[Person]:
    """Members of the Thursday youth group, registered at the group by an officer (no logins)."""
    return [
        Person.objects.create(
            registered_by=officer,
            full_name=name,
            date_of_birth=born,
            birth_year=born.year,
            postcode="SW9 8LF",
            registered_via=RegisteredVia.ASSISTED,
            contact_preference=ContactPreference.NONE,
        )
        for name, born in YOUTH_GROUP
    ]


def round_to(value: float) -> int:
    return max(30, round(value))


def budgeting_demo_load(
    rng: random.Random, *, officers: Sequence[Person], residents: Sequence[Person], scale: float = 1.0
) -> list[Round]:
    """Both demo rounds. ``officers`` are two people who run rounds borough-wide; ``residents`` vote.

    ``scale`` shrinks the thousands of ballots (tests load a small demo).
    """
    officer, second = officers
    brixton_wards = set(Community.objects.get(slug="brixton").wards.values_list("pk", flat=True))
    in_brixton = [p for p in residents if (w := ward_for_postcode(p.postcode)) is not None and w.pk in brixton_wards]
    return [
        youth_round_load(rng, officer=officer, proposers=_youth_group(officer), voters=round_to(2000 * scale)),
        green_fund_load(
            rng,
            officer=officer,
            second_officer=second,
            proposers=in_brixton[:5],
            online=[p for p in in_brixton[5:60] if p.user_id is not None],
            scale=scale,
        ),
    ]
