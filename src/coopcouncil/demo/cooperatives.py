"""Demo co-operative and meetings: Young Lambeth Co-operative with its register of members, the
Thursday youth group's weekly meetings, a ward forum and the co-operative's AGM.

The co-operative, its classes and target, the applications and every meeting go through the
services. Only the register's few thousand members (and the people behind them) are written in
bulk, as if imported from the co-operative's old spreadsheet: approving each through
``application_decide`` would take too long at every demo start.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from coopcouncil.accounts.models import AccessNeed, Organisation, Person, RegisteredVia
from coopcouncil.cooperatives import services as cooperatives
from coopcouncil.cooperatives.models import (
    BoardMember,
    Cooperative,
    GeneralMeeting,
    LeavingReason,
    Member,
    MembershipClass,
    ResolutionKind,
)
from coopcouncil.core.actors import Actor
from coopcouncil.demo.backdating import at, backdated
from coopcouncil.demo.budgeting import YOUTH_GROUP
from coopcouncil.meetings import services as meetings
from coopcouncil.meetings.models import ConsentAnswer, Meeting, MeetingKind, VenueFeature
from coopcouncil.places.models import Community, Postcode

COOPERATIVE_SLUG = "young-lambeth"
MEMBERS = 3000
# (class, share of the register, youngest and oldest age today)
CLASS_MIX = [("Young people", 60, 6, 19), ("Community", 30, 18, 80), ("Providers", 6, 22, 65), ("Staff", 4, 22, 65)]

GIVEN = ["Abi", "Ayo", "Bola", "Chloe", "Deji", "Elif", "Fatima", "Grace", "Idris", "Jay", "Kofi", "Lola", "Mo"]
GIVEN += ["Nadia", "Omar", "Precious", "Rhys", "Simone", "Tariq", "Wiktoria", "Yusuf", "Zainab", "Ellis", "Ruby"]
FAMILY = ["Akinola", "Barnes", "Da Silva", "Evans", "Francis", "Greene", "Hamid", "Ibrahim", "Jones", "King"]
FAMILY += ["Lewis", "Martins", "Nwosu", "Owusu", "Patel", "Quaye", "Reid", "Smith", "Thomas", "Walker"]


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _born(rng: random.Random, today: date, youngest: int, oldest: int) -> date:
    age = rng.randint(youngest, oldest)
    return date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))


def _register_fill(rng: random.Random, cooperative: Cooperative, secretary: Person, how_many: int) -> None:
    """A register that grew over 18 months, faster lately: most members joined in the last six."""
    today = timezone.localdate()
    classes = {c.name: c for c in cooperative.classes.all()}
    postcodes = list(Postcode.objects.values_list("postcode", flat=True))
    rows: list[tuple[Person, MembershipClass, date]] = []
    for name, share, youngest, oldest in CLASS_MIX:
        for _index in range(how_many * share // 100):
            born = _born(rng, today, youngest, oldest)
            person = Person(
                full_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                date_of_birth=born,
                birth_year=born.year,
                postcode=rng.choice(postcodes),
                registered_via=RegisteredVia.IMPORT,
                registered_by=secretary,
            )
            # Days before today, weighted towards recent months so the growth chart climbs.
            days_ago = int(548 * rng.random() ** 1.6)
            rows.append((person, classes[name], today - timedelta(days=days_ago)))
    Person.objects.bulk_create([person for person, _c, _d in rows], batch_size=1000)
    rows.sort(key=lambda row: row[2])
    start = (cooperative.members.order_by("-member_number").values_list("member_number", flat=True).first()) or 0
    members = [
        Member(
            cooperative=cooperative,
            person=person,
            membership_class=membership_class,
            member_number=start + number,
            joined_on=joined,
        )
        for number, (person, membership_class, joined) in enumerate(rows, start=1)
    ]
    # One in fifty has since left: the register keeps them, with when and why.
    for member in members[::50]:
        if member.joined_on < today - timedelta(days=60):
            member.left_on = member.joined_on + timedelta(days=rng.randint(30, (today - member.joined_on).days))
            member.leaving_reason = LeavingReason.RESIGNED
            member.left_recorded_by = secretary
    Member.objects.bulk_create(members, batch_size=1000)


def _known_members(cooperative: Cooperative, people: Sequence[tuple[Person, str]], since: date) -> None:
    """People the demo's other parts know (the youth group, the providers) are on the register too."""
    classes = {c.name: c for c in cooperative.classes.all()}
    first = (cooperative.members.order_by("-member_number").values_list("member_number", flat=True).first()) or 0
    Member.objects.bulk_create(
        Member(
            cooperative=cooperative,
            person=person,
            membership_class=classes[class_name],
            member_number=first + number,
            joined_on=since,
        )
        for number, (person, class_name) in enumerate(people, start=1)
    )


def cooperative_load(
    rng: random.Random,
    *,
    secretary: Person,
    young: Sequence[Person],
    providers: Sequence[Person],
    applicants: Sequence[Person],
    young_applicant: Person | None,
    hub_officer: Person,
    scale: float = 1.0,
) -> Cooperative:
    """Young Lambeth Co-operative, its four classes, target, register and applications waiting."""
    today = timezone.localdate()
    actor = Actor(person=secretary)
    organisation = Organisation.objects.get(org_id="GB-MPR-7000001")
    with backdated(at(_months_before(today, 19), 10)):
        cooperative = cooperatives.cooperative_create(
            actor=actor,
            organisation=organisation,
            slug=COOPERATIVE_SLUG,
            summary="Young people and their community decide how Lambeth's youth services are commissioned.",
            description="Members elect the young commissioners who sit on the council's youth services panel, "
            "and vote at the annual general meeting on the co-operative's plans.",
        )
        for name, description, low, high, provider in [
            ("Young people", "Young people aged 5 to 19 who live, study or spend time in Lambeth.", 5, 19, False),
            ("Community", "Parents, carers and residents aged 18 or over who support the aims.", 18, None, False),
            ("Providers", "People from the organisations that run youth services.", 18, None, True),
            ("Staff", "The co-operative's own staff and volunteers.", 18, None, False),
        ]:
            cooperatives.membership_class_add(
                actor=actor,
                cooperative=cooperative,
                name=name,
                description=description,
                minimum_age=low,
                maximum_age=high,
                is_provider_class=provider,
            )
    next_april = date(today.year + (today.month >= 4), 4, 1)
    cooperatives.membership_target_set(actor=actor, cooperative=cooperative, target=4000, by=next_april)
    _known_members(
        cooperative,
        [*[(p, "Young people") for p in young], *[(p, "Providers") for p in providers]],
        _months_before(today, 17),
    )
    _register_fill(rng, cooperative, secretary, max(40, round(MEMBERS * scale)))

    classes = {c.name: c for c in cooperative.classes.all()}
    statements = [
        "My children go to the Brixton clubs and I want a say in what happens to them.",
        "I volunteer at a youth club in Stockwell.",
        "I grew up here and want young people to have what I did not.",
        "",
        "I run a football session on Saturdays in Brockwell Park.",
    ]
    for index, person in enumerate(applicants):
        with backdated(at(today - timedelta(days=2 + 3 * index), 19)):
            application = cooperatives.application_submit(
                actor=Actor(person=person),
                membership_class=classes["Community"],
                supports_aims=True,
                statement=statements[index % len(statements)],
            )
        if index == 0:
            # One already decided, so the register shows an approval through the platform.
            with backdated(at(today - timedelta(days=1), 9)):
                cooperatives.application_decide(actor=actor, application=application, approve=True)
    if young_applicant is not None:
        with backdated(at(today - timedelta(days=6), 18)):
            # Made at the youth group, with the youth worker's help.
            cooperatives.application_submit(
                actor=Actor(person=hub_officer, on_behalf_of=young_applicant),
                membership_class=classes["Young people"],
                supports_aims=True,
                statement="I come to the Thursday group and want to vote for the young commissioners.",
            )
    _board_load(cooperative, today)
    return cooperative


def _board_load(cooperative: Cooperative, today: date) -> None:
    """Seven adults and one young person, elected at the last three AGMs: a third retire at the next one.

    Written directly, as the result of elections held before the platform (like the imported register).
    """
    adults = list(
        cooperative.members.filter(
            left_on__isnull=True,
            membership_class__is_provider_class=False,
            person__date_of_birth__lte=today - timedelta(days=25 * 366),
        ).order_by("member_number")[:7]
    )
    young = (
        cooperative.members.filter(
            left_on__isnull=True,
            membership_class__name="Young people",
            person__date_of_birth__lte=today - timedelta(days=17 * 366),
        )
        .order_by("member_number")
        .first()
    )
    directors = adults + ([young] if young is not None else [])
    for index, member in enumerate(directors):
        BoardMember.objects.create(
            cooperative=cooperative, member=member, elected_on=date(today.year - 1 - index % 3, 6, 20)
        )


# Meetings ----------------------------------------------------------------------------------------

CAFE = meetings.Venue(
    name="Rosie's Café, Market Row",
    address="Market Row, Brixton Market, London SW9 8LB",
    features=[VenueFeature.STEP_FREE, VenueFeature.QUIET_ROOM],
    accessibility_notes="Step-free from Electric Lane; the back room is quieter. Brixton station (Victoria line) "
    "has lifts and is five minutes' walk.",
)

# (minutes, actions as (what, who), majority votes as (title, proposal, for, against, abstain, reasons))
WEEKS = [
    (
        "We talked about the Youth services panel and chose who goes to the next panel meeting. "
        "One of the young commissioners reported back from the specification session.",
        [
            ("Send the group's comments on safeguarding to the panel", "The young commissioners"),
            ("Book the back room for July", "Ben"),
        ],
        [
            (
                "Move the Thursday meetings to Rosie's Café",
                "Meet at Rosie's Café in Market Row from next week, instead of Pop Brixton.",
                9,
                2,
                1,
                "It is step-free, cheaper and closer to the bus stops most of us use.",
            )
        ],
    ),
    (
        "Planning the summer trips. A member shared prices from three coach companies.",
        [
            ("Ask parents about the trip to Hastings", "The trips group"),
            ("Find out the cost of a second coach", "The trips group"),
        ],
        [
            (
                "Summer trip to Hastings",
                "Spend £1,200 of the group's money on a coach trip to Hastings in August.",
                11,
                1,
                0,
                "Most of the group has never been to the seaside with friends.",
            )
        ],
    ),
    (
        "Guest: Efua from Brixton Youth Trust talked about the new youth boards. We gave feedback on the clubs.",
        [("Put names forward for the Brixton club youth board", "Anyone interested")],
        [],
    ),
    (
        "Exam season: we agreed a quieter meeting format until the end of June.",
        [("Share the library's study space times in the group chat", "Youth worker")],
        [
            (
                "Shorter meetings in exam season",
                "Meetings last one hour, not ninety minutes, until the end of June.",
                8,
                3,
                2,
                "People want to keep coming but need time to revise.",
            )
        ],
    ),
    (
        "Review of the group's rules. We used consent to agree the new phone rule.",
        [("Write up the new rules and put them on the wall", "The rules group")],
        [],
    ),
    (
        "Young commissioners reported on the first year of the youth clubs' KPIs.",
        [("Ask Brixton Youth Trust why disabled young people's attendance is still amber", "The young commissioners")],
        [],
    ),
]


def _thursday_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 3) % 7 or 7)


def youth_group_meetings_load(*, officer: Person, group: Sequence[Person], others: Sequence[Person]) -> list[Meeting]:
    """The Thursday youth group: six past weeks minuted, and next week's meeting open to register."""
    community = Community.objects.get(slug="youth-services")
    actor = Actor(person=officer)
    today = timezone.localdate()
    last = _thursday_before(today)
    held: list[Meeting] = []
    for weeks_ago, (minutes, actions, votes) in zip(range(len(WEEKS), 0, -1), WEEKS, strict=True):
        day = last - timedelta(weeks=weeks_ago - 1)
        with backdated(at(day - timedelta(days=7), 12)):
            meeting = meetings.meeting_schedule(
                actor=actor,
                owner=community,
                title=f"Thursday youth group, {day:%-d %B}",
                kind=MeetingKind.GROUP_MEETING,
                starts_at=at(day, 17, 30),
                ends_at=at(day, 19),
                venue=CAFE,
                summary="The weekly meeting of Young Lambeth's youth group. Everyone aged 11 to 19 is welcome.",
                agenda=[("Welcome and news", ""), ("Youth services panel", ""), ("Any other business", "")],
            )
        with backdated(at(day, 17, 40)):
            here = [*group, *others[: 4 + weeks_ago % 4]]
            for person in here:
                meetings.attendance_record(actor=actor, meeting=meeting, person=person)
        with backdated(at(day, 18, 45)):
            for title, proposal, votes_for, against, abstain, reasons in votes:
                meetings.decision_by_vote(
                    actor=actor,
                    meeting=meeting,
                    title=title,
                    proposal=proposal,
                    votes_for=min(votes_for, len(here)),
                    votes_against=min(against, max(0, len(here) - votes_for)),
                    abstentions=min(abstain, max(0, len(here) - votes_for - against)),
                    participants=here,
                    reasons=reasons,
                )
            if weeks_ago == 2:
                answers = [meetings.ConsentGiven(person, ConsentAnswer.AGREE) for person in here]
                answers[1] = meetings.ConsentGiven(here[1], ConsentAnswer.ABSTAIN)
                answers[3] = meetings.ConsentGiven(
                    here[3], ConsentAnswer.OBJECT, "I need my phone for my carer to reach me."
                )
                meetings.decision_by_consent(
                    actor=actor,
                    meeting=meeting,
                    title="Phones away during discussions",
                    proposal="Phones face down during discussions, except for anyone who needs theirs to be reached.",
                    answers=answers,
                    reasons="Nobody blocked; the exception answers the objection raised.",
                )
        with backdated(at(day + timedelta(days=1), 10)):
            meetings.minutes_save(actor=actor, meeting=meeting, text=minutes, publish=True)
            for description, owner in actions:
                action = meetings.action_add(
                    actor=actor, meeting=meeting, description=description, owner_name=owner, due_on=day + timedelta(7)
                )
                if weeks_ago > 1:
                    with backdated(at(day + timedelta(days=6), 20)):
                        meetings.action_done(actor=actor, action=action, note="Done before the next meeting.")
        held.append(meeting)
    # Strictly after today, so people can still register whatever the time of day.
    upcoming_day = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
    with backdated(at(today - timedelta(days=2), 9)):
        upcoming = meetings.meeting_schedule(
            actor=actor,
            owner=community,
            title=f"Thursday youth group, {upcoming_day:%-d %B}",
            kind=MeetingKind.GROUP_MEETING,
            starts_at=at(upcoming_day, 17, 30),
            ends_at=at(upcoming_day, 19),
            venue=CAFE,
            summary="The weekly meeting of Young Lambeth's youth group. Everyone aged 11 to 19 is welcome.",
            agenda=[
                ("Welcome and news", ""),
                ("Young Lambeth Co-operative's AGM: who stands for the board", ""),
                ("Winter holiday activities", "Ideas for the two weeks the clubs are shut."),
            ],
        )
    # (needs, other needs, language) of the people registered so far.
    needs: list[tuple[list[AccessNeed], str, str]] = [
        ([AccessNeed.STEP_FREE], "", ""),
        ([], "", ""),
        ([AccessNeed.OTHER], "A quiet seat near the door", ""),
        ([], "", ""),
        ([AccessNeed.TRANSLATION], "", "Portuguese, for my mum who is coming with me"),
        ([AccessNeed.HEARING_LOOP], "", ""),
    ]
    for person, (person_needs, other, language) in zip([*group, *others], needs, strict=False):
        meetings.registration_make(
            actor=Actor(person=officer, on_behalf_of=person),
            meeting=upcoming,
            access_needs=person_needs,
            other_needs=other,
            language=language,
        )
    return [*held, upcoming]


def ward_forum_load(*, officer: Person, residents: Sequence[Person]) -> Meeting:
    """Brixton Windrush's ward forum, in ten days, with its agenda and a few people registered."""
    ward = Community.objects.get(slug="ward-e05014098")
    day = timezone.localdate() + timedelta(days=10)
    forum = meetings.meeting_schedule(
        actor=Actor(person=officer),
        owner=ward,
        title="Brixton Windrush ward forum",
        kind=MeetingKind.AREA_FORUM,
        starts_at=at(day, 18, 30),
        ends_at=at(day, 20, 30),
        venue=meetings.Venue(
            name="Brixton Library",
            address="Brixton Oval, London SW2 1JQ",
            features=[VenueFeature.STEP_FREE, VenueFeature.HEARING_LOOP, VenueFeature.ACCESSIBLE_TOILET],
            accessibility_notes="Ramp at the main door on Brixton Oval; the meeting room is on the ground floor.",
            online_link="https://meet.example.org/brixton-windrush-forum",
        ),
        summary="Residents, councillors and officers talk about what matters in the ward.",
        agenda=[
            ("Welcome from Councillor Chidi Mensah", ""),
            ("Brixton Green Fund: how voting is going", "Officers report on turnout so far."),
            ("Windrush Square: lighting and safety", "Residents raised this at the last forum."),
            ("Library service co-production", "How residents can join the library panel."),
            ("Questions from residents", ""),
        ],
    )
    for index, person in enumerate(residents[:6]):
        meetings.registration_make(
            actor=Actor(person=person),
            meeting=forum,
            joining_online=index % 3 == 2,
            access_needs=[AccessNeed.HEARING_LOOP] if index == 1 else [],
        )
    return forum


def agm_load(*, secretary: Person, cooperative: Cooperative) -> Meeting:
    """The co-operative's AGM, three weeks ahead: more than the 14 clear days' notice. Members only.

    ``general_meeting_call`` would send the notice to all 3,000 demo members at every demo start, so the
    demo schedules the meeting and writes the notice record itself; the resolutions and the board
    election go through the services.
    """
    day = timezone.localdate() + timedelta(days=cooperative.notice_clear_days + 7)
    meeting = meetings.meeting_schedule(
        actor=Actor(person=secretary),
        owner=cooperative.organisation,
        title="Young Lambeth Co-operative annual general meeting",
        kind=MeetingKind.ANNUAL_GENERAL_MEETING,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        venue=meetings.Venue(
            name="Brixton Recreation Centre, Studio 2",
            address="27 Station Road, London SW9 8QQ",
            features=[VenueFeature.STEP_FREE, VenueFeature.BSL, VenueFeature.CHILDCARE],
            accessibility_notes="Lift to the first floor; a BSL interpreter is booked.",
        ),
        summary="Members hear the annual report, approve the accounts and elect the board.",
        is_public=False,
        agenda=[
            ("Minutes of last year's AGM", ""),
            ("Annual report", "What the young commissioners did on the youth services panel."),
            ("Accounts for the year", ""),
            ("Election of the board", "Board members must be 16 or over."),
            ("Membership target", "4,000 members by April: where we are."),
        ],
    )
    general_meeting = GeneralMeeting.objects.create(
        cooperative=cooperative,
        meeting=meeting,
        is_annual=True,
        notice_given_on=timezone.localdate(),
        notice_given_by=secretary,
        members_at_notice=cooperative.members.filter(left_on__isnull=True).count(),
    )
    actor = Actor(person=secretary)
    cooperatives.resolution_propose(
        actor=actor,
        general_meeting=general_meeting,
        title="Receive the accounts",
        text="That the accounts for the year to 31 March be received.",
        kind=ResolutionKind.ORDINARY,
    )
    cooperatives.resolution_propose(
        actor=actor,
        general_meeting=general_meeting,
        title="Young members on the board",
        text="That the rules be changed so that at least three of the seven board seats are held by members "
        "aged 16 to 25.",
        kind=ResolutionKind.SPECIAL,
    )
    cooperatives.resolution_propose(
        actor=actor,
        general_meeting=general_meeting,
        title="Ratify the youth clubs awards",
        text="That the members note the awards the youth services panel recommended and the board ratified.",
        kind=ResolutionKind.ORDINARY,
        concerns_award_to_providers=True,
    )
    election = cooperatives.board_election_open(actor=actor, general_meeting=general_meeting, seats=3)
    adults = cooperative.members.filter(
        left_on__isnull=True,
        membership_class__is_provider_class=False,
        person__date_of_birth__lte=timezone.localdate() - timedelta(days=17 * 366),
    ).order_by("member_number")[:4]
    for member in adults:
        cooperatives.candidate_nominate(
            actor=actor, election=election, member=member, statement="I want more youth clubs open in the evenings."
        )
    return meeting


def cooperatives_demo_load(
    rng: random.Random,
    *,
    secretary: Person,
    officer: Person,
    providers: Sequence[Person],
    residents: Sequence[Person],
    scale: float = 1.0,
) -> Cooperative:
    """The co-operative, its register and applications, and the meetings. ``residents`` apply and come."""
    group = list(Person.objects.filter(full_name__in=[name for name, _born in YOUTH_GROUP]).order_by("pk"))
    today = timezone.localdate()
    adults = [p for p in residents if p.date_of_birth is not None and p.date_of_birth <= date(today.year - 19, 1, 1)]
    leo = next((p for p in group if p.full_name == "Leo Nowak"), None)
    cooperative = cooperative_load(
        rng,
        secretary=secretary,
        young=[p for p in group if p != leo],
        providers=providers,
        applicants=adults[:5],
        young_applicant=leo,
        hub_officer=officer,
        scale=scale,
    )
    youth_group_meetings_load(officer=officer, group=group, others=_young_visitors(officer, today, len(YOUNG_VISITORS)))
    ward_forum_load(officer=officer, residents=adults[5:] or residents)
    agm_load(secretary=secretary, cooperative=cooperative)
    return cooperative


YOUNG_VISITORS = ["Ama Boateng", "Callum Reid", "Dev Patel", "Esme Walker", "Femi Owusu", "Hope Lewis", "Ivo Silva"]


def _young_visitors(officer: Person, today: date, how_many: int) -> list[Person]:
    """Young people who come to the group now and then, registered there by the youth worker."""
    return [
        Person.objects.create(
            full_name=name,
            date_of_birth=date(today.year - 14 - index % 4, 1 + index, 10),
            birth_year=today.year - 14 - index % 4,
            postcode="SW9 8LF",
            registered_by=officer,
            registered_via=RegisteredVia.ASSISTED,
        )
        for index, name in enumerate(YOUNG_VISITORS[:how_many])
    ]
