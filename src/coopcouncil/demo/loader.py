"""Builds a realistic demo borough: Lambeth's wards and communities, organisations, staff
personas with two-factor secrets, and a few hundred residents. Never used in production."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from coopcouncil.accounts.models import (
    AccessNeed,
    AreaClaimKind,
    ConsentPurpose,
    ContactPreference,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Person,
    RegisteredVia,
    Role,
    User,
)
from coopcouncil.accounts.services import (
    area_claim_record,
    area_claim_verify,
    assisted_person_register,
    claim_code_new,
    consent_give,
    role_assign,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.demo.budgeting import budgeting_demo_load
from coopcouncil.demo.commissioning import commissioning_demo_load
from coopcouncil.demo.cooperatives import cooperatives_demo_load
from coopcouncil.notifications.models import ALL_TOPICS
from coopcouncil.notifications.services import follow_set
from coopcouncil.places.models import Community, LocalAuthority, Postcode, Ward
from coopcouncil.places.services import borough_load

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - demo only, printed on purpose


@dataclass(frozen=True)
class Persona:
    key: str
    full_name: str
    email: str
    role: Role | None
    scope: str  # community slug, "platform", organisation org-id, or "" for none
    description: str
    totp: bool = False

    @property
    def totp_secret(self) -> str:
        """Base32 TOTP secret, derived from the persona so it is the same on every demo run."""
        if not self.totp:
            return ""
        return base64.b32encode(hashlib.sha256(f"coopcouncil-demo-{self.key}".encode()).digest()[:20]).decode()


PERSONAS = [
    Persona("amara", "Amara Okafor", "amara@example.org", None, "", "Resident in Brixton Windrush"),
    Persona(
        "ben",
        "Ben Clarke",
        "ben.clarke@lambeth.example",
        Role.OFFICER,
        "lambeth",
        "Council officer running drop-in hubs across the borough",
        totp=True,
    ),
    Persona(
        "chidi",
        "Chidi Mensah",
        "chidi.mensah@lambeth.example",
        Role.COUNCILLOR,
        "ward-e05014098",
        "Ward councillor for Brixton Windrush",
        totp=True,
    ),
    Persona(
        "dana",
        "Dana Reid",
        "dana.reid@lambeth.example",
        Role.PROFESSIONAL,
        "youth-services",
        "Youth offending worker in the youth services community",
        totp=True,
    ),
    Persona(
        "efua",
        "Efua Asante",
        "efua@brixtonyouth.example",
        Role.PROVIDER_REPRESENTATIVE,
        "GB-CHC-1190001",
        "Represents Brixton Youth Trust, a provider",
    ),
    Persona(
        "farah",
        "Farah Haddad",
        "farah.haddad@lambeth.example",
        Role.ADMINISTRATOR,
        "platform",
        "Platform administrator",
        totp=True,
    ),
    Persona(
        "grace",
        "Grace Bello",
        "grace.bello@lambeth.example",
        Role.OFFICER,
        "platform",
        "Data protection officer: reviews deletion requests",
        totp=True,
    ),
    Persona(
        "hana",
        "Hana Yilmaz",
        "hana.yilmaz@lambeth.example",
        Role.OFFICER,
        "libraries",
        "Library hub officer: sees only the residents she registered",
        totp=True,
    ),
    Persona(
        "imani",
        "Imani Baptiste",
        "imani@younglambeth.example",
        Role.OFFICER,
        "GB-MPR-7000001",
        "Membership secretary of Young Lambeth Co-operative: decides applications",
        totp=True,
    ),
]

ORGANISATIONS = [
    ("Young Lambeth Co-operative", OrganisationKind.COOPERATIVE, "GB-MPR-7000001"),
    ("Brixton Youth Trust", OrganisationKind.PROVIDER, "GB-CHC-1190001"),
    ("Streatham Community Kitchen CIC", OrganisationKind.PROVIDER, "GB-COH-09876543"),
    ("Friends of Brockwell Park", OrganisationKind.COMMUNITY_GROUP, None),
    ("Carnegie Community Trust", OrganisationKind.COMMUNITY_GROUP, "GB-CHC-1163001"),
]

GIVEN = [
    "Ade",
    "Bea",
    "Carlos",
    "Dami",
    "Ewa",
    "Femi",
    "Gabriela",
    "Hassan",
    "Ines",
    "Jamal",
    "Kasia",
    "Leon",
    "Maria",
    "Nia",
    "Olu",
    "Priya",
    "Rui",
    "Sade",
    "Tomasz",
    "Uche",
    "Vera",
    "Wale",
    "Ximena",
    "Yaw",
    "Zara",
]
FAMILY = [
    "Adeyemi",
    "Silva",
    "Kowalski",
    "Mensah",
    "Santos",
    "Ahmed",
    "Brown",
    "Okonkwo",
    "Pereira",
    "Nowak",
    "Hussein",
    "Campbell",
    "Costa",
    "Williams",
    "Boateng",
    "Ferreira",
    "Ali",
    "Johnson",
    "Oliveira",
    "Taylor",
]


# The postcode districts that cover each current ward, so the generated lookup gives answers a
# resident would recognise (Knight's Hill is SE27, not SE1). From Royal Mail's districts as they
# lie across the 2022 wards; approximate at the edges, which is all a demo needs.
WARD_DISTRICTS: dict[str, tuple[str, ...]] = {
    "Brixton Acre Lane": ("SW2", "SW9"),
    "Brixton North": ("SW9",),
    "Brixton Rush Common": ("SW2",),
    "Brixton Windrush": ("SW2", "SW9"),
    "Clapham Common & Abbeville": ("SW4",),
    "Clapham East": ("SW4", "SW9"),
    "Clapham Park": ("SW2", "SW4"),
    "Clapham Town": ("SW4",),
    "Gipsy Hill": ("SE19", "SE27"),
    "Herne Hill & Loughborough Junction": ("SE24", "SE5"),
    "Kennington": ("SE11",),
    "Knight's Hill": ("SE27",),
    "Myatt's Fields": ("SE5", "SW9"),
    "Oval": ("SE11", "SW8"),
    "St Martin's": ("SW2", "SE27"),
    "Stockwell East": ("SW9", "SW8"),
    "Stockwell West & Larkhall": ("SW8", "SW4"),
    "Streatham Common & Vale": ("SW16",),
    "Streatham Hill East": ("SW2", "SW16"),
    "Streatham Hill West & Thornton": ("SW2", "SW12"),
    "Streatham St Leonard's": ("SW16",),
    "Streatham Wells": ("SW16",),
    "Vauxhall": ("SE11", "SW8"),
    "Waterloo & South Bank": ("SE1",),
    "West Dulwich": ("SE21", "SE27"),
}
POSTCODES_PER_WARD = 8
# The letters Royal Mail uses in the last two places of a postcode.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcodes_generate(rng: random.Random) -> None:
    """A small generated postcode-to-ward table, each ward's postcodes in the districts that cover it.

    Real data comes from ONS's NSPL (``postcodes_import``). A postcode is only ever given to one
    ward, so the lookup has one answer.
    """
    taken: set[str] = set()
    rows = []
    for ward in Ward.objects.filter(valid_to__isnull=True).order_by("gss_code"):
        districts = WARD_DISTRICTS[ward.name]
        mine = 0
        while mine < POSTCODES_PER_WARD:
            inward = f"{rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
            postcode = f"{rng.choice(districts)} {inward}"
            if postcode in taken:
                continue
            taken.add(postcode)
            rows.append(Postcode(postcode=postcode, ward=ward))
            mine += 1
    Postcode.objects.bulk_create(rows, ignore_conflicts=True)


def _scope_for(key: str) -> object | None:
    if key == "platform":
        return None
    if key.startswith("GB-"):
        return Organisation.objects.get(org_id=key)
    return Community.objects.get(slug=key)


@dataclass(frozen=True)
class DemoLogin:
    persona: Persona
    recovery_codes: list[str]


@dataclass(frozen=True)
class DemoClaim:
    """The slip an officer gives a resident registered at a hub: enough to claim the profile online."""

    reference: int
    full_name: str
    claim_code: str


@dataclass(frozen=True)
class DemoData:
    logins: list[DemoLogin]
    claim: DemoClaim | None


@transaction.atomic
def demo_load(*, residents: int = 300, seed: int = 2026) -> DemoData:
    """Load the demo borough. Safe to run twice: a loaded demo is left as it is, except that one
    unclaimed assisted resident gets a fresh claim code (the first is stored only as a hash)."""
    if (
        LocalAuthority.objects.filter(gss_code="E09000022").exists()
        and User.objects.filter(email=PERSONAS[0].email).exists()
    ):
        return DemoData([DemoLogin(p, _recovery_codes(p)) for p in PERSONAS], _claim_code_reissue())
    rng = random.Random(seed)
    system = Actor.system()
    borough_load(actor=system, data=json.loads((DATA_DIR / "lambeth.json").read_text(encoding="utf-8")))
    _postcodes_generate(rng)
    # The personas live in Brixton Windrush, Amara's ward, at a postcode the lookup knows.
    home = (
        Postcode.objects.filter(ward__name="Brixton Windrush")
        .order_by("postcode")
        .values_list("postcode", flat=True)[0]
    )
    for name, kind, org_id in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "org_id": org_id})

    logins: list[DemoLogin] = []
    for persona in PERSONAS:
        user = User.objects.create_user(persona.email, DEMO_PASSWORD)
        person = Person.objects.create(
            user=user,
            full_name=persona.full_name,
            contact_email=persona.email,
            birth_year=rng.randint(1965, 2000),
            postcode=home,
            registered_via=RegisteredVia.ONLINE,
        )
        consent_give(actor=Actor(person=person), purpose=ConsentPurpose.ACCOUNT, method="demo")
        if persona.role is not None:
            scope = _scope_for(persona.scope)
            role_assign(actor=None, person=person, role=persona.role, on=scope, reason=persona.description)  # type: ignore[arg-type]
            if isinstance(scope, Organisation):
                OrganisationMembership.objects.create(person=person, organisation=scope, role_title="Representative")
        if persona.totp_secret:
            TOTP.activate(user, persona.totp_secret)
            RecoveryCodes.activate(user)
        logins.append(DemoLogin(persona, _recovery_codes(persona)))

    # One hash for every demo resident: hashing 300 passwords with Argon2 would dominate start-up.
    resident_password_hash = make_password(DEMO_PASSWORD)
    communities = list(Community.objects.all())
    ben = Person.objects.get(user__email="ben.clarke@lambeth.example")
    hana = Person.objects.get(user__email="hana.yilmaz@lambeth.example")
    postcodes = list(Postcode.objects.select_related("ward"))
    claim: DemoClaim | None = None
    for index in range(residents):
        full_name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        postcode = rng.choice(postcodes).postcode
        year = rng.randint(1940, 2012)
        if index % 10 == 0:
            # One in ten registered at a drop-in hub: no email, letters by post.
            # Alternately at Ben's borough hubs and Hana's library hub: Hana covers only hers.
            person, code = assisted_person_register(
                actor=Actor(person=ben if index % 20 == 0 else hana),
                full_name=full_name,
                birth_year=year,
                postcode=postcode,
                address=f"{rng.randint(1, 200)} Demo Road, London",
                contact_preference=ContactPreference.POST,
                access_needs=[rng.choice([AccessNeed.STEP_FREE, AccessNeed.LARGE_PRINT, AccessNeed.HEARING_LOOP])],
            )
            # The loader is the only one ever to see the code in clear: keep the first to print.
            claim = claim or DemoClaim(reference=person.pk, full_name=person.full_name, claim_code=code)
        else:
            email = f"{full_name.lower().replace(' ', '.')}.{index}@example.org"
            user = User.objects.create(email=email, password=resident_password_hash)
            person = Person.objects.create(
                user=user,
                full_name=full_name,
                contact_email=email,
                postcode=postcode,
                date_of_birth=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                birth_year=year,
                registered_via=RegisteredVia.ONLINE,
            )
            consent_give(actor=Actor(person=person), purpose=ConsentPurpose.ACCOUNT, method="demo")
        # Followers are told about what they follow only with this consent (docs/privacy.md).
        consent_give(actor=Actor(person=person), purpose=ConsentPurpose.CONTACT_UPDATES, method="demo")
        for community in rng.sample(communities, k=2):
            follow_set(actor=Actor(person=person), target=community, topics=rng.sample(ALL_TOPICS, k=3))
        if person.user is not None and index % 7 == 3:
            _area_claims_add(rng, person=person, officer=ben, postcodes=postcodes, verify=index % 14 == 3)
    amara = Person.objects.get(user__email=PERSONAS[0].email)
    _area_claims_add(rng, person=amara, officer=ben, postcodes=postcodes, verify=True)
    farah = Person.objects.get(user__email="farah.haddad@lambeth.example")
    # Residents (no staff role) who signed up themselves vote and propose in the green fund.
    voters = Person.objects.filter(registered_by__isnull=True, role_assignments__isnull=True).order_by("pk")
    budgeting_demo_load(rng, officers=[ben, farah], residents=list(voters), scale=min(1.0, residents / 300))
    # Amara sits on the youth panel as a resident, so her login shows a panel member's pages.
    panellists = [amara, *voters.exclude(pk=amara.pk)[:24]]
    commissioning_demo_load(
        rng,
        officer=ben,
        library_officer=hana,
        professional=Person.objects.get(user__email="dana.reid@lambeth.example"),
        efua=Person.objects.get(user__email="efua@brixtonyouth.example"),
        residents=panellists,
    )
    cooperatives_demo_load(
        rng,
        secretary=Person.objects.get(user__email="imani@younglambeth.example"),
        officer=ben,
        providers=list(Person.objects.filter(role_assignments__role=Role.PROVIDER_REPRESENTATIVE).distinct()),
        residents=list(voters),
        scale=min(1.0, residents / 300),
    )
    return DemoData(logins, claim)


def _claim_code_reissue() -> DemoClaim | None:
    """A new claim code for the first assisted resident nobody has claimed, or None if all are claimed."""
    person = (
        Person.objects.filter(registered_via=RegisteredVia.ASSISTED, user__isnull=True, anonymised_at__isnull=True)
        .exclude(claim_code_hash="")
        .order_by("pk")
        .first()
    )
    if person is None:
        return None
    code = claim_code_new()
    person.claim_code_hash = make_password(code)
    person.save(update_fields=["claim_code_hash"])
    audit_record(actor=Actor.system(), action="demo.claim_code_reissued", target=person)
    return DemoClaim(reference=person.pk, full_name=person.full_name, claim_code=code)


WORKPLACES = [
    (AreaClaimKind.WORK, "Brixton Library", "payslip from Lambeth Council"),
    (AreaClaimKind.STUDY, "Lambeth College, Clapham", "student ID card"),
    (AreaClaimKind.VOLUNTEER, "Streatham Community Kitchen", "letter from the kitchen's coordinator"),
    (AreaClaimKind.WORK, "Brixton Market", "market trader licence"),
]


def _area_claims_add(
    rng: random.Random, *, person: Person, officer: Person, postcodes: list[Postcode], verify: bool
) -> None:
    """A claim to live at the person's postcode and one to work, study or volunteer elsewhere in the
    borough; ``verify`` has an officer check the first, the other waits for a check."""
    home = area_claim_record(
        actor=Actor(person=person), kind=AreaClaimKind.LIVE, postcode=person.postcode, evidence="council tax bill"
    )
    kind, place, evidence = rng.choice(WORKPLACES)
    area_claim_record(
        actor=Actor(person=person),
        kind=kind,
        postcode=rng.choice(postcodes).postcode,
        place_name=place,
        evidence=evidence,
    )
    if verify:
        area_claim_verify(actor=Actor(person=officer), claim=home, verified=True, note="council tax bill, seen at hub")


def _recovery_codes(persona: Persona) -> list[str]:
    if not persona.totp_secret:
        return []
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(
        user__email=persona.email, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if authenticator is None:
        return []
    return RecoveryCodes(authenticator).get_unused_codes()[:3]
