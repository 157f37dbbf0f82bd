"""Demo commissioning: youth services taken round the cycle into delivery, and a library service
being co-produced with residents in Norwood.

Everything goes through the commissioning services as the officers, the panel and the providers
would do it, so the rules are checked and the audit and the decisions are real. Each step runs
inside ``backdated`` so the programme's timeline reads as two years of work ending today.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopcouncil.accounts.models import (
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Person,
    RegisteredVia,
    Role,
)
from coopcouncil.accounts.services import role_assign
from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import (
    KPI,
    STATUTORY_CHARACTERISTICS,
    AssetKind,
    Contract,
    DecisionMaker,
    DeliveryRoute,
    EiaOutcome,
    EvidenceItem,
    EvidenceKind,
    Impact,
    KPIDirection,
    KPIFrequency,
    MarketEventKind,
    Outcome,
    PanelMember,
    Programme,
    ProtectedCharacteristic,
    Rating,
    SeatType,
    Stage,
    period_containing,
)
from coopcouncil.commissioning.models.acquisition import Award, Bid, Call, CallKind, CriterionKind
from coopcouncil.commissioning.services import acquisition, delivery, needs
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision, DecisionMethod
from coopcouncil.demo.backdating import at, backdated
from coopcouncil.demo.budgeting import YOUTH_GROUP
from coopcouncil.places.models import Community, Ward

YOUTH_SLUG = "youth-services-2027-2030"
LIBRARY_SLUG = "norwood-library-co-production"


def _months_before(day: date, months: int) -> date:
    """The first of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _person(full_name: str, born: date, *, registered_by: Person, postcode: str) -> Person:
    """A council colleague or a provider's contact, from the council's staff and supplier records."""
    return Person.objects.create(
        full_name=full_name,
        date_of_birth=born,
        birth_year=born.year,
        postcode=postcode,
        registered_by=registered_by,
        registered_via=RegisteredVia.IMPORT,
    )


def _representative(organisation: Organisation, full_name: str, officer: Person) -> Person:
    """A provider's contracts lead, who acts for it on the platform."""
    person = _person(full_name, date(1980, 5, 14), registered_by=officer, postcode="SW9 8LF")
    OrganisationMembership.objects.create(person=person, organisation=organisation, role_title="Contracts lead")
    role_assign(
        actor=None, person=person, role=Role.PROVIDER_REPRESENTATIVE, on=organisation, reason="Bids for its contracts"
    )
    return person


# Stage 1: evidence, assets, needs and outcomes -------------------------------------------------

YOUTH_EVIDENCE = [
    (
        EvidenceKind.DATA,
        "Lambeth youth survey 2025",
        "1,412 young people answered. 43% said there is nowhere to go after school near them; 31% said "
        "they do not feel safe on the way home in winter.",
        "Lambeth Council youth survey",
        25,
    ),
    (
        EvidenceKind.LIVED_EXPERIENCE,
        "Young commissioners' session on feeling safe",
        "Young people described being moved on from Windrush Square and wanting somewhere warm with adults "
        "they trust. Several said clubs close just when they need them most, at 8pm.",
        "Session run by the young commissioners at Brixton Library",
        24,
    ),
    (
        EvidenceKind.LIVED_EXPERIENCE,
        "Parents and carers of disabled young people",
        "Families said mainstream clubs are rarely step-free or quiet enough, and that transport is the "
        "biggest barrier. They asked for at least one session a week designed with their children.",
        "Evening session at the Vauxhall City Farm classroom",
        24,
    ),
    (
        EvidenceKind.DROP_IN,
        "Drop-in feedback from the Stockwell and Streatham hubs",
        "76 comment cards. The most common asks: longer opening hours (29), music and media (18), help "
        "finding work or an apprenticeship (15), girls-only sessions (11).",
        "Hub officers' drop-in cards, typed in by Ben Clarke",
        23,
    ),
    (
        EvidenceKind.DOCUMENT,
        "Youth service performance 2022 to 2025",
        "Attendance at commissioned clubs rose from 240 to 320 a month; detached youth work reached 600 "
        "young people a year but only in three wards.",
        "Lambeth Children's Services annual reports",
        23,
    ),
]

# (name, kind, ward name or "", place, run by, description)
YOUTH_ASSETS = [
    (
        "Brixton Recreation Centre",
        AssetKind.VENUE,
        "Brixton Acre Lane",
        "27 Station Road, SW9",
        "Lambeth Council leisure",
        "Sports hall and studios, open until 10pm.",
    ),
    (
        "Pop Brixton",
        AssetKind.VENUE,
        "Brixton Acre Lane",
        "49 Brixton Station Road, SW9",
        "Makerhood",
        "Where the youth group meets on Thursdays; rooms at community rates.",
    ),
    (
        "Max Roach Park",
        AssetKind.VENUE,
        "Brixton Windrush",
        "Villa Road, SW9",
        "Lambeth parks",
        "Basketball court and a playground used late into summer evenings.",
    ),
    (
        "Brixton Library",
        AssetKind.VENUE,
        "Brixton Windrush",
        "Brixton Oval, SW2",
        "Lambeth Libraries",
        "Study space and a room for the young commissioners' sessions.",
    ),
    (
        "Streatham Youth and Community Centre",
        AssetKind.VENUE,
        "Streatham Wells",
        "Streatham High Road, SW16",
        "Streatham Youth and Community Trust",
        "Music studio and youth club nights four evenings a week.",
    ),
    (
        "Stockwell Park Crescent Adventure Playground",
        AssetKind.VENUE,
        "Stockwell East",
        "Stockwell Park Crescent, SW9",
        "Lambeth adventure playgrounds",
        "Open-access play for 5 to 15 year olds after school.",
    ),
    (
        "Brixton Youth Trust detached team",
        AssetKind.SERVICE,
        "",
        "",
        "Brixton Youth Trust",
        "Youth workers who meet young people on the streets and estates.",
    ),
    (
        "Young Lambeth Co-operative",
        AssetKind.COMMUNITY_GROUP,
        "",
        "",
        "Its members",
        "Young people and their community who run the young commissioners.",
    ),
    (
        "Streatham Community Kitchen",
        AssetKind.COMMUNITY_GROUP,
        "Streatham Hill East",
        "Streatham Hill, SW2",
        "Streatham Community Kitchen CIC",
        "Cooking sessions and paid traineeships for 16 to 24 year olds.",
    ),
]

# (title, indicator measure, baseline, method)
YOUTH_OUTCOMES = [
    (
        "Young people have safe places to go after school and in the evening",
        "Young people attending open-access clubs each month",
        "320 a month in 2025",
        "Club registers, sent monthly",
    ),
    (
        "Young people feel safe in their neighbourhood",
        "Share of young people saying they feel safe on the way home",
        "69% in the 2025 youth survey",
        "Annual youth survey",
    ),
    (
        "Young people find work, training or an apprenticeship",
        "Young people moving into education, employment or training",
        "40 a year in 2025",
        "Provider returns checked against the council's EET records",
    ),
    (
        "Disabled young people take part as fully as others",
        "Disabled young people attending each month",
        "18 a month in 2025",
        "Club registers, sent monthly",
    ),
]

# Pence per outcome, in the order above: £3,000,000 over three years.
YOUTH_SPLIT = (150_000_000, 40_000_000, 70_000_000, 40_000_000)


@dataclass
class YouthPanel:
    young: list[Person]
    residents: list[Person]
    officers: list[Person]
    professional: Person

    @property
    def members(self) -> list[Person]:
        return [*self.young, *self.residents, *self.officers, self.professional]


def _youth_panel(officer: Person, programme: Programme, panel: YouthPanel) -> list[PanelMember]:
    actor = Actor(person=officer)
    seats = [
        *[(p, SeatType.YOUNG_COMMISSIONER) for p in panel.young],
        *[(p, SeatType.RESIDENT) for p in panel.residents],
        *[(p, SeatType.OFFICER) for p in panel.officers],
        (panel.professional, SeatType.PROFESSIONAL),
    ]
    return [
        services.panel_member_appoint(
            actor=actor,
            programme=programme,
            person=person,
            seat_type=seat,
            note="Appointed at the panel's first meeting",
        )
        for person, seat in seats
    ]


def _needs_mapped(officer: Person, programme: Programme, today: date) -> list[Outcome]:
    actor = Actor(person=officer)
    items: list[EvidenceItem] = []
    for kind, title, summary, source, months_ago in YOUTH_EVIDENCE:
        gathered = _months_before(today, months_ago) + timedelta(days=9)
        with backdated(at(gathered, 15)):
            items.append(
                needs.evidence_item_add(
                    actor=actor,
                    programme=programme,
                    kind=kind,
                    title=title,
                    summary=summary,
                    source=source,
                    gathered_on=gathered,
                    is_public=True,
                )
            )
    wards = {ward.name: ward for ward in Ward.objects.filter(valid_to__isnull=True)}
    mapped = _months_before(today, 23) + timedelta(days=20)
    with backdated(at(mapped, 11)):
        for name, asset_kind, ward, place, run_by, description in YOUTH_ASSETS:
            needs.asset_add(
                actor=actor,
                programme=programme,
                name=name,
                kind=asset_kind,
                description=description,
                ward=wards.get(ward),
                place=place,
                run_by=run_by,
            )
        needs.need_statement_add(
            actor=actor,
            programme=programme,
            statement="Young people have too few safe, warm places to go in the evening, and clubs close early.",
            evidence=items[:4],
        )
        needs.need_statement_add(
            actor=actor,
            programme=programme,
            statement="Disabled young people are shut out of most clubs by steps, noise and transport.",
            evidence=[items[2]],
        )
        needs.need_statement_add(
            actor=actor,
            programme=programme,
            statement="Young people who leave school without a plan get little help into work or training.",
            evidence=[items[0], items[3], items[4]],
        )
        return [
            needs.outcome_add(
                actor=actor, programme=programme, title=title, measure=measure, baseline=baseline, method=method
            )
            for title, measure, baseline, method in YOUTH_OUTCOMES
        ]


def _priorities_decided(
    officer: Person, programme: Programme, members: Sequence[PanelMember], outcomes: Sequence[Outcome], today: date
) -> None:
    actor = Actor(person=officer)
    voting = _months_before(today, 22)
    with backdated(at(voting, 18)):
        services.programme_stage_advance(
            actor=actor, programme=programme, to=Stage.PRIORITIES, reason="Needs and outcomes agreed by the panel"
        )
        needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=6)
    # Young commissioners put most on safe places and work; officers and the professional spread theirs.
    patterns = [(3, 1, 2, 0), (2, 2, 1, 1), (4, 0, 2, 0), (2, 1, 1, 2), (1, 2, 1, 2), (2, 1, 2, 1), (2, 2, 0, 2)]
    with backdated(at(voting + timedelta(days=7), 19)):
        for index, member in enumerate(members):
            pattern = patterns[index % len(patterns)]
            needs.dots_place(
                actor=Actor(person=member.person),
                programme=programme,
                dots={outcome.pk: dots for outcome, dots in zip(outcomes, pattern, strict=True) if dots},
            )
        needs.dot_vote_close(actor=actor, programme=programme)
    with backdated(at(voting + timedelta(days=14), 18)):
        needs.budget_split_set(
            actor=actor,
            programme=programme,
            amounts={outcome.pk: pence for outcome, pence in zip(outcomes, YOUTH_SPLIT, strict=True)},
        )
        impacts: dict[ProtectedCharacteristic, tuple[Impact, str]] = {
            characteristic: (Impact.NEUTRAL, "") for characteristic in STATUTORY_CHARACTERISTICS
        }
        impacts[ProtectedCharacteristic.AGE] = (Impact.POSITIVE, "")
        impacts[ProtectedCharacteristic.DISABILITY] = (Impact.POSITIVE, "")
        impacts[ProtectedCharacteristic.SEX] = (
            Impact.NEGATIVE,
            "Girls use mixed clubs less: the specification asks for girls-only sessions every week.",
        )
        needs.equality_assessment_record(
            actor=actor,
            programme=programme,
            evidence_used="Youth survey 2025 by age, sex, ethnicity and disability; registers; the parents' session",
            outcome=EiaOutcome.ADJUST,
            completed_on=voting + timedelta(days=14),
            impacts=impacts,
        )
        needs.priorities_recommend(
            actor=actor,
            programme=programme,
            reasons="Safe places to go had the most dots from every seat type; the split follows the dots.",
        )
    decided = voting + timedelta(days=35)
    with backdated(at(decided, 19)):
        needs.priorities_decide(
            actor=actor,
            programme=programme,
            decision_maker=DecisionMaker.CABINET,
            decided_by="",
            decided_at=at(decided, 19),
            rationale="Cabinet agreed the panel's priorities and split, with the equality adjustments.",
        )


def _route_chosen(officer: Person, programme: Programme, today: date) -> None:
    actor = Actor(person=officer)
    engaged = _months_before(today, 20)
    with backdated(at(engaged, 14)):
        services.programme_stage_advance(
            actor=actor, programme=programme, to=Stage.OPTIONS, reason="Priorities decided by cabinet"
        )
        needs.market_engagement_add(
            actor=actor,
            programme=programme,
            held_on=engaged,
            kind=MarketEventKind.MARKET_WARMING,
            organisations="Brixton Youth Trust, Streatham Community Kitchen CIC, Oval Detached Youth Project, "
            "Carnegie Community Trust and eleven others",
            notes="Providers want lots small enough for local charities, three-year terms and help with "
            "TUPE. Detached youth work is a different skill from running clubs.",
        )
        needs.market_engagement_add(
            actor=actor,
            programme=programme,
            held_on=engaged + timedelta(days=10),
            kind=MarketEventKind.QUESTIONNAIRE,
            organisations="23 organisations answered",
            notes="Most could start within three months of an award; few could cover every ward alone.",
        )
    with backdated(at(engaged + timedelta(days=24), 16)):
        for route, benefits, risks, cost, viable in [
            (
                DeliveryRoute.CONTRACT,
                "Clear outcomes and KPIs; lots let local charities bid.",
                "Procurement takes six months.",
                300_000_000,
                True,
            ),
            (
                DeliveryRoute.GRANT,
                "Quick and light for small groups.",
                "Weaker hold on outcomes for a service of this size.",
                280_000_000,
                True,
            ),
            (
                DeliveryRoute.IN_HOUSE,
                "Direct control.",
                "The council no longer has youth workers or venues to run it.",
                360_000_000,
                False,
            ),
        ]:
            needs.option_appraise(
                actor=actor,
                programme=programme,
                route=route,
                benefits=benefits,
                risks=risks,
                cost_estimate_pence=cost,
                is_viable=viable,
            )
        needs.route_choose(
            actor=actor,
            programme=programme,
            route=DeliveryRoute.CONTRACT,
            decision_maker=DecisionMaker.DELEGATED_OFFICER,
            decided_by="Director of Children's Services",
            reasons="A contract in two lots holds providers to the outcomes and lets local charities bid.",
        )


# Stage 4: two rounds of calls -------------------------------------------------------------------


@dataclass
class Bidders:
    trust: Organisation
    trust_rep: Person
    kitchen: Organisation
    kitchen_rep: Person
    oval: Organisation
    oval_rep: Person


def _bidders(officer: Person, efua: Person) -> Bidders:
    trust = Organisation.objects.get(org_id="GB-CHC-1190001")
    kitchen = Organisation.objects.get(org_id="GB-COH-09876543")
    kitchen_rep = _representative(kitchen, "Tunde Bakare", officer)
    oval, _created = Organisation.objects.get_or_create(
        org_id="GB-CHC-1181234", defaults={"name": "Oval Detached Youth Project", "kind": OrganisationKind.PROVIDER}
    )
    oval_rep = _representative(oval, "Marta Kowalczyk", officer)
    return Bidders(trust, efua, kitchen, kitchen_rep, oval, oval_rep)


def _call(
    officer: Person, programme: Programme, *, slug: str, title: str, lot: str, limit: int, description: str
) -> Call:
    actor = Actor(person=officer)
    call = acquisition.call_create(
        actor=actor,
        programme=programme,
        slug=slug,
        title=title,
        kind=CallKind.TENDER,
        lot=lot,
        value_limit_pence=limit,
        closes_at=timezone.now() + timedelta(days=1),
        description=description,
    )
    scorers = [SeatType.YOUNG_COMMISSIONER, SeatType.OFFICER]
    acquisition.criterion_add(
        actor=actor,
        call=call,
        kind=CriterionKind.QUALITY,
        title="How young people will shape and run the service",
        question="Describe how young people will plan, run and review the sessions.",
        weight=50,
        seat_types=scorers,
    )
    acquisition.criterion_add(
        actor=actor,
        call=call,
        kind=CriterionKind.SOCIAL_VALUE,
        title="Local jobs, apprenticeships and volunteering",
        question="How many local young people will you train or employ, and how?",
        weight=20,
        seat_types=scorers,
    )
    acquisition.criterion_add(actor=actor, call=call, kind=CriterionKind.PRICE, title="Price", weight=30)
    acquisition.call_open(actor=actor, call=call)
    return call


def _closing_date_set(call: Call, closes_at: datetime) -> None:
    """The call really closed on the story's date: say so on the call and in its opening decision."""
    opened = Decision.objects.filter(title=f"Call opened: {call.title}")
    for decision in opened:
        shown = timezone.localtime(call.closes_at).strftime("%d %B %Y %H:%M")
        story = timezone.localtime(closes_at).strftime("%d %B %Y %H:%M")
        decision.outcome = decision.outcome.replace(shown, story)
        decision.save(update_fields=["outcome"])
    Call.objects.filter(pk=call.pk).update(closes_at=closes_at)


def _bid(rep: Person, organisation: Organisation, call: Call, price_pence: int, answers: Sequence[str]) -> Bid:
    actor = Actor(person=rep)
    bid = acquisition.bid_start(actor=actor, call=call, organisation=organisation)
    questions = [c for c in call.criteria.order_by("order") if not c.is_price]
    acquisition.bid_save(
        actor=actor,
        bid=bid,
        answers={c.pk: text for c, text in zip(questions, answers, strict=True)},
        price_pence=price_pence,
    )
    acquisition.bid_attachment_add(
        actor=actor,
        bid=bid,
        upload=SimpleUploadedFile(
            "safeguarding-policy.txt",
            f"{organisation.name}: safeguarding policy, reviewed by the trustees.\n".encode(),
            content_type="text/plain",
        ),
        label="Safeguarding policy",
    )
    return acquisition.bid_submit(actor=actor, bid=bid)


# (score for the first criterion, score for the second, rationale) by evaluator, for each bid.
Scoring = Sequence[tuple[int, int, str]]


def _evaluate(
    officer: Person, call: Call, evaluators: Sequence[tuple[Person, SeatType]], scoring: dict[int, Scoring]
) -> None:
    """Each evaluator scores alone with reasons; then each seat type agrees its scores, chaired by the officer."""
    criteria = [c for c in call.criteria.order_by("order") if not c.is_price]
    for bid_id, scores in scoring.items():
        bid = Bid.objects.select_related("call__programme", "organisation").get(pk=bid_id)
        given: dict[SeatType, list[tuple[int, int]]] = {}
        scorers = [
            (p, s)
            for p, s in evaluators
            if not p.interest_declarations.filter(call=call, interests__bid=bid).exists()  # conflicted: stays out
        ]
        for (person, seat), (first, second, rationale) in zip(scorers, scores, strict=False):
            acquisition.evaluation_submit(
                actor=Actor(person=person),
                bid=bid,
                scores={criteria[0].pk: (first, rationale), criteria[1].pk: (second, rationale)},
            )
            given.setdefault(seat, []).append((first, second))
        for seat, pairs in given.items():
            agreed = [round(sum(pair[i] for pair in pairs) / len(pairs)) for i in (0, 1)]
            reasons = [
                ""
                if all(pair[i] == agreed[i] for pair in pairs)
                else "Agreed in moderation after hearing each evaluator's reasons."
                for i in (0, 1)
            ]
            acquisition.moderation_finish(
                actor=Actor(person=officer),
                bid=bid,
                seat_type=seat,
                agreed={criteria[i].pk: (agreed[i], reasons[i]) for i in (0, 1)},
            )


def _award(officer: Person, call: Call, winner: Bid, decided: date) -> Award:
    actor = Actor(person=officer)
    with backdated(at(decided - timedelta(days=7), 17)):
        award = acquisition.award_recommend(
            actor=actor,
            call=call,
            bid=winner,
            reasons="Highest total: young people's scores for youth leadership were decisive.",
        )
    with backdated(at(decided, 10)):
        award = acquisition.award_decide(
            actor=actor,
            award=award,
            decided_by="Director of Children's Services",
            method=DecisionMethod.OFFICER,
            reasons="The panel's recommendation follows the published criteria and weights.",
            decided_at=at(decided, 10),
        )
    with backdated(at(decided + timedelta(days=1), 12)):
        acquisition.assessment_summaries_send(actor=actor, award=award)
        return acquisition.award_notice_publish(actor=actor, award=award, published_on=decided + timedelta(days=2))


def _calls_run(
    officer: Person, programme: Programme, panel: YouthPanel, bidders: Bidders, today: date
) -> tuple[Award, Award]:
    """Round one: two lots; nobody compliant bids for detached youth work, so it is called again."""
    actor = Actor(person=officer)
    drafted = _months_before(today, 19)
    with backdated(at(drafted, 11)):
        services.programme_stage_advance(
            actor=actor, programme=programme, to=Stage.ACQUISITION, reason="Contract route chosen"
        )
        first = acquisition.specification_draft(
            actor=actor,
            programme=programme,
            title="Youth services 2027 to 2030",
            body="Open-access youth clubs in every neighbourhood until 10pm, at least one step-free, quiet session "
            "a week and girls-only sessions; detached youth work where young people are, not only where "
            "clubs are.",
        )
        acquisition.specification_comment(
            actor=Actor(person=panel.young[0]),
            version=first,
            body="Say that young people help choose the youth workers, not just the activities.",
        )
        acquisition.specification_comment(
            actor=Actor(person=panel.professional), version=first, body="Add the safeguarding standards we expect."
        )
    with backdated(at(drafted + timedelta(days=12), 18)):
        second = acquisition.specification_draft(
            actor=actor,
            programme=programme,
            title="Youth services 2027 to 2030",
            body=first.body + " Young people sit on the interview panels for youth workers. Providers meet "
            "the London Safeguarding Children Partnership's standards.",
            change_note="Young people interview youth workers; safeguarding standards added.",
        )
        acquisition.specification_agree(
            actor=actor,
            version=second,
            decided_by="Youth services panel",
            reasons="Agreed by the panel with both comments taken in.",
        )
    opened = drafted + timedelta(days=21)
    closes = opened + timedelta(days=35)
    with backdated(at(opened, 9)):
        clubs = _call(
            officer,
            programme,
            slug="lot-1-youth-clubs",
            title="Lot 1: open-access youth clubs",
            lot="Lot 1",
            limit=240_000_000,
            description="Youth clubs in Brixton, Stockwell and Streatham, four evenings a week for three years.",
        )
        detached = _call(
            officer,
            programme,
            slug="lot-2-detached-youth-work",
            title="Lot 2: detached youth work",
            lot="Lot 2",
            limit=60_000_000,
            description="Youth workers on the streets and estates of all 25 wards, for three years.",
        )
    with backdated(at(closes - timedelta(days=2), 16)):
        trust_bid = _bid(
            bidders.trust_rep,
            bidders.trust,
            clubs,
            228_000_000,
            [
                "A youth board in each club sets the programme each term and interviews our youth workers.",
                "Twelve paid apprenticeships for local young people, and a volunteering award.",
            ],
        )
        kitchen_bid = _bid(
            bidders.kitchen_rep,
            bidders.kitchen,
            clubs,
            219_000_000,
            [
                "Young people plan the menus and run a café night in each club.",
                "Paid kitchen traineeships for 20 young people a year.",
            ],
        )
        oval_first = _bid(
            bidders.oval_rep,
            bidders.oval,
            detached,
            58_000_000,
            [
                "Young people map where we go and when.",
                "Four sessional youth workers recruited from the estates we work on.",
            ],
        )
    with backdated(at(closes, 12)):
        for call in (clubs, detached):
            acquisition.call_close(actor=actor, call=call)
        for call in (clubs, detached):
            _closing_date_set(call, at(closes, 12))
        acquisition.bid_compliance_set(actor=actor, bid=trust_bid, compliant=True)
        acquisition.bid_compliance_set(actor=actor, bid=kitchen_bid, compliant=True)
        acquisition.bid_compliance_set(
            actor=actor,
            bid=oval_first,
            compliant=False,
            note="No enhanced DBS checks for the sessional workers named in the bid, which the call requires.",
        )
        acquisition.call_close_without_award(
            actor=actor,
            call=detached,
            reasons="The only bid for this lot was not compliant. The lot will be called again.",
        )
    evaluators = [
        *[(p, SeatType.YOUNG_COMMISSIONER) for p in panel.young],
        *[(p, SeatType.OFFICER) for p in panel.officers],
    ]
    with backdated(at(closes + timedelta(days=5), 17)):
        for person, _seat in evaluators:
            # One young commissioner volunteers at the kitchen: declared, so kept off its bid.
            interests = (
                {kitchen_bid.pk: "Volunteers at the kitchen's Saturday sessions"} if person == panel.young[2] else {}
            )
            acquisition.interests_declare(actor=Actor(person=person), call=clubs, interests=interests)
    with backdated(at(closes + timedelta(days=12), 18)):
        _evaluate(
            officer,
            clubs,
            evaluators,
            {
                trust_bid.pk: [
                    (5, 4, "Young people really run it: the youth boards interview staff."),
                    (4, 4, "Clear plan for each term, and apprenticeships are paid."),
                    (4, 3, "Good, though less on disabled young people than I hoped."),
                    (5, 4, "Strong youth voice and a credible safeguarding plan."),
                    (4, 4, "Meets the specification well; apprenticeships are realistic."),
                    (4, 3, "Good track record at Brixton; social value a little vague."),
                ],
                kitchen_bid.pk: [
                    (3, 5, "Café nights are fun but young people do not shape the rest."),
                    (3, 4, "Great traineeships; less about youth work."),
                    (3, 5, "Excellent social value, weaker on running clubs."),
                    (2, 4, "Limited youth-work experience outside the kitchen."),
                    (3, 4, "Good on jobs, thin on open-access club work."),
                ],
            },
        )
    clubs_award = _award(officer, clubs, trust_bid, closes + timedelta(days=26))

    reopened = closes + timedelta(days=40)
    again_closes = reopened + timedelta(days=28)
    with backdated(at(reopened, 9)):
        detached_again = _call(
            officer,
            programme,
            slug="lot-2-detached-youth-work-again",
            title="Lot 2: detached youth work (second call)",
            lot="Lot 2",
            limit=60_000_000,
            description="Called again after the first call for this lot had no compliant bid.",
        )
    with backdated(at(again_closes - timedelta(days=3), 15)):
        oval_bid = _bid(
            bidders.oval_rep,
            bidders.oval,
            detached_again,
            56_500_000,
            [
                "Young people map where we go and when, and co-lead two sessions a week.",
                "Four sessional youth workers from the estates we work on, all DBS checked.",
            ],
        )
        trust_detached = _bid(
            bidders.trust_rep,
            bidders.trust,
            detached_again,
            59_000_000,
            [
                "Our detached team extends from three wards to all 25, steered by our youth boards.",
                "Two apprenticeships in detached youth work.",
            ],
        )
    with backdated(at(again_closes, 12)):
        acquisition.call_close(actor=actor, call=detached_again)
        _closing_date_set(detached_again, at(again_closes, 12))
        for bid in (oval_bid, trust_detached):
            acquisition.bid_compliance_set(actor=actor, bid=bid, compliant=True)
        for person, _seat in evaluators:
            acquisition.interests_declare(actor=Actor(person=person), call=detached_again, interests={})
    with backdated(at(again_closes + timedelta(days=8), 18)):
        _evaluate(
            officer,
            detached_again,
            evaluators,
            {
                oval_bid.pk: [
                    (5, 4, "They go where we actually are, at the times we are there."),
                    (4, 4, "Young people co-lead sessions; workers from the estates."),
                    (4, 5, "Local workers we already know and trust."),
                    (4, 4, "Convincing, now with DBS checks in place."),
                    (4, 4, "Strong local knowledge; the plan covers all wards."),
                    (4, 4, "Good value and a realistic recruitment plan."),
                ],
                trust_detached.pk: [
                    (3, 3, "Feels like the clubs again, not detached work."),
                    (4, 3, "Solid, but stretched across two lots."),
                    (3, 3, "Fine, less local than the other bid."),
                    (3, 3, "Capacity risk if they also run Lot 1."),
                    (4, 3, "Experienced team; fewer local workers."),
                    (3, 3, "Adequate; social value is modest."),
                ],
            },
        )
    detached_award = _award(officer, detached_again, oval_bid, again_closes + timedelta(days=20))
    return clubs_award, detached_award


# Stage 5: the contract, its KPIs and a year of returns ------------------------------------------

# (name, unit, baseline, target, green at, amber at, frequency, a typical value, spread)
YOUTH_KPIS = [
    ("Young people attending each month", "young people", "320", "450", "450", "380", KPIFrequency.MONTHLY, 440, 45),
    ("Sessions delivered", "sessions", "40", "48", "48", "42", KPIFrequency.MONTHLY, 48, 3),
    ("Disabled young people attending", "young people", "18", "40", "40", "28", KPIFrequency.MONTHLY, 33, 8),
    (
        "Young people moving into education, employment or training",
        "young people",
        "10",
        "15",
        "15",
        "10",
        KPIFrequency.QUARTERLY,
        14,
        4,
    ),
]


def _kpis(officer: Person, contract: Contract) -> list[tuple[KPI, int, int]]:
    kpis = []
    for name, unit, baseline, target, green, amber, frequency, typical, spread in YOUTH_KPIS:
        kpi = delivery.kpi_add(
            actor=Actor(person=officer),
            contract=contract,
            name=name,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            direction=KPIDirection.HIGHER,
            frequency=frequency,
            green_at=Decimal(green),
            amber_at=Decimal(amber),
            definition=f"Counted from the clubs' registers: {name.lower()}.",
        )
        kpis.append((kpi, typical, spread))
    return kpis


def _register(kpi: KPI, start: date, end: date, value: int) -> SimpleUploadedFile:
    body = f"Brixton Youth Trust\nKPI,{kpi.name}\nPeriod,{start.isoformat()},{end.isoformat()}\nValue,{value}\n"
    return SimpleUploadedFile(f"return-{kpi.pk}-{start:%Y-%m}.csv", body.encode(), content_type="text/csv")


def _returns(rng: random.Random, officer: Person, efua: Person, contract: Contract, today: date) -> None:
    """A year of returns: most verified, one queried and sent again, the latest waiting to be checked."""
    officer_actor, provider = Actor(person=officer), Actor(person=efua)
    queried_once = False
    for kpi, typical, spread in _kpis(officer, contract):
        start = contract.starts_on
        while True:
            start, end = period_containing(kpi.frequency, start)
            if end >= today:
                break
            # The summer holiday schemes bring more young people in July and August.
            summer = spread if start.month in (7, 8) else 0
            value = max(0, typical + rng.randint(-spread, spread) + summer)
            sent = min(end + timedelta(days=8), today)
            with backdated(at(sent, 16)):
                kpi_return, _new = delivery.kpi_return_submit(
                    actor=provider,
                    kpi=kpi,
                    period_start=start,
                    value=Decimal(value),
                    evidence=_register(kpi, start, end, value),
                    note="From the club registers, signed off by the club managers.",
                )
            if not queried_once and kpi.frequency == KPIFrequency.MONTHLY and start.month == 3:
                queried_once = True
                with backdated(at(sent + timedelta(days=5), 11)):
                    delivery.kpi_return_query(
                        actor=officer_actor,
                        kpi_return=kpi_return,
                        note="The register counts the Easter fun day twice. Please send the figure without it.",
                    )
                value -= spread
                with backdated(at(sent + timedelta(days=9), 15)):
                    kpi_return, _new = delivery.kpi_return_submit(
                        actor=provider,
                        kpi=kpi,
                        period_start=start,
                        value=Decimal(value),
                        evidence=_register(kpi, start, end, value),
                        note="Corrected: the fun day is now counted once.",
                    )
                sent += timedelta(days=9)
            if end < today - timedelta(days=20):
                with backdated(at(sent + timedelta(days=6), 10)):
                    delivery.kpi_return_verify(
                        actor=officer_actor, kpi_return=kpi_return, note="Checked against the registers."
                    )
            start = end + timedelta(days=1)


FEEDBACK = [
    (5, "The Friday music nights at Brixton are the best thing in my week."),
    (4, "Good club, but it should stay open later in the holidays."),
    (5, ""),
    (3, "Staff are great, the building is cold in winter."),
    (4, ""),
    (5, "My son goes to the quiet session on Tuesdays. It is the first club that works for him."),
    (2, "We were turned away one evening because it was full."),
]


def youth_programme_load(
    rng: random.Random, *, officer: Person, panel: YouthPanel, efua: Person, residents: Sequence[Person]
) -> Programme:
    """Youth services 2027 to 2030, through stages 1 to 4 and a year into delivery."""
    today = timezone.localdate()
    actor = Actor(person=officer)
    with backdated(at(_months_before(today, 26), 10)):
        programme = services.programme_create(
            actor=actor,
            owner=Community.objects.get(slug="youth-services"),
            slug=YOUTH_SLUG,
            title="Youth services 2027 to 2030",
            summary="Young people, residents and officers commission Lambeth's youth clubs and detached youth work.",
            description="A panel led by young commissioners from Young Lambeth Co-operative decides what "
            "young people need, how the £3 million is split and who delivers it, and checks the "
            "results every month.",
            lead_officer=officer,
            budget_envelope_pence=300_000_000,
            seats=[
                services.SeatPlan(SeatType.YOUNG_COMMISSIONER, seats=4, quorum=2, score_weight=1),
                services.SeatPlan(SeatType.RESIDENT, seats=2, quorum=1, score_weight=1),
                services.SeatPlan(SeatType.OFFICER, seats=2, quorum=1, score_weight=1),
                services.SeatPlan(SeatType.PROFESSIONAL, seats=1, quorum=0, score_weight=1),
            ],
        )
        members = _youth_panel(officer, programme, panel)
    outcomes = _needs_mapped(officer, programme, today)
    _priorities_decided(officer, programme, members, outcomes, today)
    _route_chosen(officer, programme, today)
    clubs_award, detached_award = _calls_run(officer, programme, panel, _bidders(officer, efua), today)

    starts = _months_before(today, 12)
    with backdated(at(starts - timedelta(days=10), 10)):
        services.programme_stage_advance(
            actor=actor, programme=programme, to=Stage.DELIVERY, reason="Both lots awarded; standstill over"
        )
        contract = delivery.contract_create(
            actor=actor,
            programme=programme,
            supplier=clubs_award.bid.organisation,
            title="Open-access youth clubs in Brixton, Stockwell and Streatham",
            value_pence=clubs_award.bid.price_pence or 0,
            starts_on=starts,
            ends_on=date(starts.year + 3, starts.month, 1) - timedelta(days=1),
            award=clubs_award,
        )
        detached = delivery.contract_create(
            actor=actor,
            programme=programme,
            supplier=detached_award.bid.organisation,
            title="Detached youth work across Lambeth",
            value_pence=detached_award.bid.price_pence or 0,
            starts_on=starts,
            ends_on=date(starts.year + 3, starts.month, 1) - timedelta(days=1),
            award=detached_award,
        )
        delivery.kpi_add(
            actor=actor,
            contract=detached,
            name="Young people met by detached youth workers",
            unit="young people",
            baseline=Decimal("150"),
            target=Decimal("250"),
            direction=KPIDirection.HIGHER,
            frequency=KPIFrequency.QUARTERLY,
            green_at=Decimal("250"),
            amber_at=Decimal("200"),
        )
    _returns(rng, officer, efua, contract, today)
    for index, (rating, comment) in enumerate(FEEDBACK):
        given = today - timedelta(days=20 + 37 * index)
        with backdated(at(given, 20)):
            feedback = delivery.feedback_give(
                actor=Actor(person=residents[index % len(residents)]), contract=contract, rating=rating, comment=comment
            )
            if comment and index != len(FEEDBACK) - 1:
                delivery.feedback_moderate(actor=actor, feedback=feedback, publish=True)
    half = date(starts.year + (starts.month + 5) // 12, (starts.month + 5) % 12 + 1, 1) - timedelta(days=1)
    with backdated(at(half + timedelta(days=30), 18)):
        delivery.performance_rate(
            actor=actor,
            contract=contract,
            period_start=starts,
            period_end=half,
            rating=Rating.GOOD,
            rationale="Attendance and sessions on target; disabled young people's attendance is rising but still "
            "amber, and the provider has a plan for it.",
            by_panel=True,
        )
    return programme


# The library programme: at stage 2, the residents' dot vote open -------------------------------

LIBRARY_OUTCOMES = [
    ("Longer opening hours, including evenings and Sundays", "Hours open each week", "38 hours in 2026"),
    ("Quiet study space for students and home workers", "Study seats booked each week", "120 in 2026"),
    ("Help with digital skills and forms online", "People helped each month", "90 in 2026"),
    ("Activities for children and families in the holidays", "Children taking part each holiday", "300 in 2026"),
]


def library_programme_load(*, officer: Person, lead: Person, residents: Sequence[Person]) -> Programme:
    """Norwood's library service, co-produced with a resident-heavy panel: its dot vote is open."""
    today = timezone.localdate()
    actor = Actor(person=officer)
    with backdated(at(today - timedelta(days=120), 10)):
        programme = services.programme_create(
            actor=actor,
            owner=Community.objects.get(slug="west-norwood"),
            slug=LIBRARY_SLUG,
            title="Library service co-production",
            summary="Residents and library staff decide together what West Norwood's library should offer.",
            description="The library at the Nettlefold is being redesigned with the people who use it, "
            "and the people who do not yet.",
            lead_officer=lead,
            budget_envelope_pence=45_000_000,
            seats=[
                services.SeatPlan(SeatType.RESIDENT, seats=6, quorum=3, score_weight=2),
                services.SeatPlan(SeatType.SERVICE_USER, seats=2, quorum=1, score_weight=1),
                services.SeatPlan(SeatType.OFFICER, seats=1, quorum=1, score_weight=1),
            ],
        )
        seats = [(p, SeatType.RESIDENT) for p in residents[:6]]
        seats += [(p, SeatType.SERVICE_USER) for p in residents[6:8]]
        seats.append((lead, SeatType.OFFICER))
        members = [
            services.panel_member_appoint(actor=actor, programme=programme, person=person, seat_type=seat)
            for person, seat in seats
        ]
    with backdated(at(today - timedelta(days=95), 18)):
        survey = needs.evidence_item_add(
            actor=actor,
            programme=programme,
            kind=EvidenceKind.DATA,
            title="Library users' survey 2026",
            summary="611 answers. Evenings and Sundays were asked for most; 1 in 5 came for the computers.",
            source="Lambeth Libraries",
            gathered_on=today - timedelta(days=95),
            is_public=True,
        )
        session = needs.evidence_item_add(
            actor=actor,
            programme=programme,
            kind=EvidenceKind.DROP_IN,
            title="Saturday drop-in at the library",
            summary="Parents asked for holiday activities; older residents for help with forms online.",
            source="Drop-in cards typed in by the library hub officer",
            gathered_on=today - timedelta(days=90),
            is_public=True,
        )
        needs.asset_add(
            actor=actor,
            programme=programme,
            name="West Norwood Library and Picturehouse",
            kind=AssetKind.VENUE,
            place="The Nettlefold, Norwood High Street, SE27",
            run_by="Lambeth Libraries",
            description="Library, cinema and meeting rooms in one building.",
        )
        needs.asset_add(
            actor=actor,
            programme=programme,
            name="Norwood Forum",
            kind=AssetKind.COMMUNITY_GROUP,
            run_by="Its members",
            description="Residents' forum that runs a monthly Feast market.",
        )
        needs.need_statement_add(
            actor=actor,
            programme=programme,
            statement="The library is closed when most working residents and students could use it.",
            evidence=[survey, session],
        )
        outcomes = [
            needs.outcome_add(
                actor=actor,
                programme=programme,
                title=title,
                measure=measure,
                baseline=baseline,
                method="Library management system, reported monthly",
            )
            for title, measure, baseline in LIBRARY_OUTCOMES
        ]
    with backdated(at(today - timedelta(days=12), 19)):
        services.programme_stage_advance(
            actor=actor, programme=programme, to=Stage.PRIORITIES, reason="Needs and outcomes agreed with residents"
        )
        needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    with backdated(at(today - timedelta(days=5), 20)):
        for index, member in enumerate(members[:6]):
            chosen = outcomes[index % 2], outcomes[2 + index % 2]
            needs.dots_place(
                actor=Actor(person=member.person), programme=programme, dots={chosen[0].pk: 3, chosen[1].pk: 2}
            )
    return programme


def commissioning_demo_load(
    rng: random.Random,
    *,
    officer: Person,
    library_officer: Person,
    professional: Person,
    efua: Person,
    residents: Sequence[Person],
) -> list[Programme]:
    """Both demo programmes. ``residents`` sit on panels and give feedback; the youth group's members
    (registered by the budgeting demo) are the young commissioners."""
    young = list(Person.objects.filter(full_name__in=[name for name, _born in YOUTH_GROUP[:4]]).order_by("pk"))
    panel_officer = _person("Marcus Obi", date(1979, 2, 8), registered_by=officer, postcode="SE11 5QY")
    panel = YouthPanel(
        young=young, residents=list(residents[:2]), officers=[library_officer, panel_officer], professional=professional
    )
    return [
        youth_programme_load(rng, officer=officer, panel=panel, efua=efua, residents=residents[2:12] or residents),
        library_programme_load(officer=officer, lead=library_officer, residents=residents[12:20]),
    ]
