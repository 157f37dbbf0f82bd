"""Portuguese beside English (ADR 0005): the switcher, translated pages, and a catalogue that is complete and compiled.

The catalogue tests read the committed ``django.po`` and ``django.mo`` with the standard library
only, so they run without GNU gettext; with ``msgfmt`` on the PATH one more test recompiles the
``.po`` and compares.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import django
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from coopcouncil.accounts.models import User
from coopcouncil.budgeting.ballot_rules import pot_field
from coopcouncil.budgeting.models import Phase
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import round_in_phase
from tests.conftest import missing_dependency
from tests.frontend.html import Page
from tests.frontend.people import sign_in

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PACKAGE_DIR = LOCALE_DIR.parent
PO = LOCALE_DIR / "pt" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Pages a resident sees: every string in them must be in the compiled Portuguese catalogue.
RESIDENT_TEMPLATES = [
    "frontend/templates/base.html",
    "frontend/templates/frontend/language_switcher.html",
    "frontend/templates/frontend/home.html",
    "frontend/templates/frontend/pages/accessibility.html",
    "frontend/templates/frontend/pages/privacy.html",
    "frontend/templates/frontend/pages/cookies.html",
    "frontend/templates/400.html",
    "frontend/templates/403.html",
    "frontend/templates/404.html",
    "frontend/templates/500.html",
    "accounts/templates/accounts/dashboard.html",
    "accounts/templates/accounts/consents.html",
    "accounts/templates/accounts/access_needs.html",
    "accounts/templates/accounts/area_claims.html",
    "accounts/templates/accounts/deletion_request.html",
    "accounts/templates/accounts/claim_profile.html",
    "accounts/templates/accounts/parental_consent.html",
    "accounts/templates/accounts/parental_consent_done.html",
    "places/templates/places/community_list.html",
    "places/templates/places/community_detail.html",
    "notifications/templates/notifications/follow.html",
    "notifications/templates/notifications/follow_form.html",
    "notifications/templates/notifications/preferences.html",
    "budgeting/templates/budgeting/round_list.html",
    "budgeting/templates/budgeting/round_detail.html",
    "budgeting/templates/budgeting/proposal_list.html",
    "budgeting/templates/budgeting/proposal_form.html",
    "budgeting/templates/budgeting/proposal_detail.html",
    "budgeting/templates/budgeting/comment_report.html",
    "budgeting/templates/budgeting/ballot.html",
    "budgeting/templates/budgeting/ballot_confirm.html",
    "budgeting/templates/budgeting/ballot_done.html",
    "budgeting/templates/budgeting/vote_start.html",
    "budgeting/templates/budgeting/not_eligible.html",
    "budgeting/templates/budgeting/receipt.html",
    "budgeting/templates/budgeting/results.html",
    "budgeting/templates/budgeting/_ballot_fields.html",
    "budgeting/templates/budgeting/_breadcrumbs.html",
    "budgeting/templates/budgeting/co_proposer_form.html",
    "budgeting/templates/budgeting/proposal_withdraw.html",
    # budgeting/_phase_tag.html has no words of its own: it shows Phase's labels from models.py.
    "decisions/templates/decisions/_breadcrumbs.html",
    "decisions/templates/decisions/decision_log.html",
    "decisions/templates/decisions/decision_detail.html",
    "cooperatives/templates/cooperatives/_breadcrumbs.html",
    "cooperatives/templates/cooperatives/cooperative_list.html",
    "cooperatives/templates/cooperatives/cooperative_detail.html",
    "cooperatives/templates/cooperatives/join.html",
    "cooperatives/templates/cooperatives/resign.html",
    "cooperatives/templates/cooperatives/general_meeting.html",
    "cooperatives/templates/cooperatives/resolution.html",
    "cooperatives/templates/cooperatives/interest_declare.html",
    "cooperatives/templates/cooperatives/election.html",
    "meetings/templates/meetings/_breadcrumbs.html",
    "meetings/templates/meetings/_when_where.html",
    "meetings/templates/meetings/meeting_detail.html",
    "meetings/templates/meetings/register.html",
    "meetings/templates/meetings/check_in.html",
    "meetings/templates/meetings/community_meetings.html",
    # Commissioning: the public programme pages and the parts of them each stage adds.
    "commissioning/templates/commissioning/_breadcrumbs.html",
    "commissioning/templates/commissioning/programme_list.html",
    "commissioning/templates/commissioning/programme_detail.html",
    "commissioning/templates/commissioning/needs/_public_needs.html",
    "commissioning/templates/commissioning/needs/_public_priorities.html",
    "commissioning/templates/commissioning/needs/_public_options.html",
    "commissioning/templates/commissioning/needs/_assets_table.html",
    "commissioning/templates/commissioning/needs/_outcomes_list.html",
    "commissioning/templates/commissioning/needs/_priorities_table.html",
    "commissioning/templates/commissioning/needs/_appraisal_table.html",
    "commissioning/templates/commissioning/needs/_market_list.html",
    "commissioning/templates/commissioning/acquisition/_public_part.html",
    "commissioning/templates/commissioning/acquisition/_totals.html",
    "commissioning/templates/commissioning/acquisition/call_detail.html",
    "commissioning/templates/commissioning/acquisition/specification.html",
    "commissioning/templates/commissioning/delivery/_public_delivery.html",
    "commissioning/templates/commissioning/delivery/_public_review.html",
    "commissioning/templates/commissioning/delivery/_contract_summary.html",
    "commissioning/templates/commissioning/delivery/_kpi_dashboard.html",
    "commissioning/templates/commissioning/delivery/_rag.html",
    "commissioning/templates/commissioning/delivery/feedback_form.html",
    # Residents and young people sit on a programme's panel: these pages are theirs too.
    "commissioning/templates/commissioning/needs/evidence.html",
    "commissioning/templates/commissioning/needs/needs.html",
    "commissioning/templates/commissioning/needs/dots.html",
    "commissioning/templates/commissioning/acquisition/evaluate.html",
    "commissioning/templates/commissioning/acquisition/bid_score.html",
    "commissioning/templates/commissioning/acquisition/moderate.html",
    # Voluntary groups, charities and co-operatives bid and report on their contracts.
    "commissioning/templates/commissioning/acquisition/provider_register.html",
    "commissioning/templates/commissioning/acquisition/my_bids.html",
    "commissioning/templates/commissioning/acquisition/bid_edit.html",
    "commissioning/templates/commissioning/delivery/provider_contracts.html",
    "commissioning/templates/commissioning/delivery/provider_returns.html",
]

# Only officers see these, so their strings may wait for a translation (ADR 0005): these files,
# and everything in these folders.
OFFICER_ONLY = {
    "accounts/templates/accounts/area_claims_to_check.html",
    "accounts/templates/accounts/assisted_register.html",
    "accounts/templates/accounts/assisted_registered.html",
    "accounts/templates/accounts/data_request_review.html",
    "accounts/templates/accounts/data_requests.html",
    "accounts/templates/accounts/people_search.html",
    "accounts/templates/accounts/person_detail.html",
    "budgeting/officer_views.py",
    "commissioning/officer_views.py",
    "commissioning/templates/commissioning/acquisition/acquisition_manage.html",
    "commissioning/templates/commissioning/acquisition/call_manage.html",
    "commissioning/templates/commissioning/delivery/officer_contract.html",
    "commissioning/templates/commissioning/delivery/officer_delivery.html",
    "commissioning/templates/commissioning/delivery/officer_feedback.html",
    "commissioning/templates/commissioning/delivery/officer_ratings.html",
    "commissioning/templates/commissioning/delivery/officer_returns.html",
    "commissioning/templates/commissioning/delivery/officer_review.html",
    "commissioning/templates/commissioning/needs/assets.html",
    "commissioning/templates/commissioning/needs/equality.html",
    "commissioning/templates/commissioning/needs/market.html",
    "commissioning/templates/commissioning/needs/options.html",
    "commissioning/templates/commissioning/needs/outcomes.html",
    "commissioning/templates/commissioning/needs/priorities.html",
    "cooperatives/officer_views.py",
    "meetings/officer_views.py",
}
OFFICER_ONLY_FOLDERS = (
    "budgeting/templates/budgeting/officer/",
    "commissioning/templates/commissioning/officer/",
    "cooperatives/templates/cooperatives/officer/",
    "meetings/templates/meetings/officer/",
)


def officer_only(source: str) -> bool:
    """Whether a source file (as a .po reference names it) is seen only by officers."""
    return source in OFFICER_ONLY or source.startswith(OFFICER_ONLY_FOLDERS)


# --- Reading the .po with the standard library ---------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    @property
    def key(self) -> str:
        """The key GNU gettext stores it under: the context, EOT, then the msgid."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def sources(self) -> set[str]:
        return {reference.rsplit(":", 1)[0] for reference in self.references}


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included, obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry, part = Entry(), ""
    seen_msgid = False

    def finish() -> None:
        nonlocal entry, seen_msgid
        if seen_msgid:
            entries.append(entry)
        entry, seen_msgid = Entry(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            entry.references += line[2:].split()
        elif line.startswith("#"):
            continue
        else:
            keyword, _, literal = line.partition(" ") if not line.startswith('"') else ("", "", line)
            text = ast.literal_eval(literal)
            if keyword:
                part = keyword
                if keyword == "msgid":
                    seen_msgid = True
                if keyword.startswith("msgstr"):
                    entry.msgstr.append("")
            if part == "msgid":
                entry.msgid += text
            elif part == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            elif part == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + text
            else:
                entry.msgstr[-1] += text
    finish()
    return entries


def expected_catalogue(entries: list[Entry]) -> dict[object, str]:
    """What msgfmt puts in the .mo: the header and every translated entry that is not fuzzy."""
    catalogue: dict[object, str] = {}
    for entry in entries:
        if entry.msgid and ("fuzzy" in entry.flags or not entry.translated):
            continue
        if entry.msgid_plural is None:
            catalogue[entry.key] = entry.msgstr[0]
        else:
            for index, text in enumerate(entry.msgstr):
                catalogue[(entry.key, index)] = text
    return without_creation_date(catalogue)


def read_mo(path: Path) -> dict[object, str]:
    with path.open("rb") as file:
        return without_creation_date(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]


def without_creation_date(catalogue: dict[object, str]) -> dict[object, str]:
    """msgfmt leaves POT-Creation-Date out of the .mo header (and makemessages changes it every run)."""
    header = "".join(line for line in catalogue.get("", "").splitlines(keepends=True) if not line.startswith("POT-"))
    return {**catalogue, "": header}


# Extracted from a template the way makemessages does: gettext(u'...'), ngettext(u'...', u'...', n).
_LITERAL = re.compile(r"""u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_CALL = re.compile(rf"\b(npgettext|pgettext|ngettext|gettext)\(((?:{_LITERAL.pattern}(?:, )?)+)")


def template_msgids(path: Path) -> list[object]:
    keys: list[object] = []
    for function, arguments in _CALL.findall(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        texts = [ast.literal_eval(literal) for literal in _LITERAL.findall(arguments)]
        if function.startswith(("pgettext", "npgettext")):
            context, *texts = texts
            texts[0] = f"{context}\x04{texts[0]}"
        keys.append((texts[0], 0) if function.startswith(("ngettext", "npgettext")) else texts[0])
    return keys


# Placeholders and markup that a translation must carry over: %(name)s, %d, %{count}, tags.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%\{\w+\}|\{\w+\}|<[^>]+>")


# --- Choosing a language ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def language_restored() -> Iterator[None]:
    """A request in Portuguese leaves Portuguese active in this thread; the next test expects English."""
    before = translation.get_language()
    yield
    translation.activate(before)


def choose(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.django_db
class LanguageSwitcherTests:
    def test_english_is_the_default(self, client: Client) -> None:
        page = Page(client.get("/").content.decode())
        html = page.find("html")
        assert html is not None and html.attrs["lang"] == "en-gb"
        skip = page.find("a", cls="govuk-skip-link")
        assert skip is not None and skip.text == "Skip to main content"

    def test_choosing_portuguese_translates_the_layout(self, client: Client) -> None:
        choose(client, "pt")
        assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
        page = Page(client.get("/").content.decode())
        html = page.find("html")
        assert html is not None and html.attrs["lang"] == "pt"
        skip = page.find("a", cls="govuk-skip-link")
        assert skip is not None and skip.text == "Ir para o conteúdo principal"
        sign_in_link = page.find("a", href=reverse("account_login"))
        assert sign_in_link is not None and sign_in_link.text == "Entrar"
        create = page.find("a", href=reverse("account_signup"))
        assert create is not None and create.text == "Criar uma conta"
        footer = page.find("footer")
        assert footer is not None and "Declaração de acessibilidade" in footer.text
        assert "Decidir em conjunto" in page.main.text

    def test_the_switcher_works_without_javascript_and_offers_english_back(self, client: Client) -> None:
        choose(client, "pt")
        page = Page(client.get("/").content.decode())
        form = page.find("form", action="/i18n/setlang/")
        assert form is not None and form.attrs["method"] == "post"
        english = form.find("button", name="language", value="en-gb")
        assert english is not None and english.attrs["lang"] == "en-gb" and english.text == "English"
        current = form.find("span", aria_current="true")
        assert current is not None and current.text == "Português"
        choose(client, "en-gb")
        assert 'lang="en-gb"' in client.get("/").content.decode()

    def test_the_address_stays_the_same_in_every_language(self, client: Client) -> None:
        """No /pt/ prefix: an address printed on a letter or ballot works whichever language is chosen."""
        privacy = reverse("frontend:privacy")
        assert not privacy.startswith("/pt")
        choose(client, "pt", next_url=privacy)
        response = client.get(privacy)
        assert response.status_code == 200
        assert "Aviso de privacidade" in Page(response.content.decode()).title

    def test_error_pages_are_translated(self, client: Client) -> None:
        choose(client, "pt")
        response = client.get("/there-is-no-such-page/")
        assert response.status_code == 404
        assert "Página não encontrada" in response.content.decode()


@pytest.mark.django_db
class AccountPagesInPortugueseTests:
    def test_signup_labels(self, client: Client) -> None:
        choose(client, "pt")
        page = Page(client.get(reverse("account_signup")).content.decode())
        labels = {
            "id_full_name": "Nome completo",
            "id_email": "E-mail",
            "id_password1": "Senha",
            "id_password2": "Repita a senha",
            "id_postcode": "Código postal",
        }
        for field_id, text in labels.items():
            label = page.main.find("label", for_=field_id)
            assert label is not None, field_id
            assert label.text.strip() == text
        legends = [legend.text.strip() for legend in page.main.find_all("legend")]
        assert "Data de nascimento" in legends
        assert page.title.startswith("Criar conta")

    def test_signup_errors(self, client: Client) -> None:
        choose(client, "pt")
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Ana Silva",
                "email": "ana@example.org",
                "password1": "curta",
                "password2": "curta",
                "date_of_birth_day": "27",
                "date_of_birth_month": "3",
                "date_of_birth_year": "",
                "postcode": "12345",
            },
        )
        page = Page(response.content.decode())
        assert page.title.startswith("Erro: ")
        summary = page.main.find("div", cls="govuk-error-summary")
        assert summary is not None
        assert "Há um problema" in summary.text
        assert "Indique um código postal válido" in summary.text
        assert "Data de nascimento deve incluir o ano" in summary.text
        assert "Esta senha é muito curta" in summary.text

    @pytest.mark.parametrize(
        ("url_name", "heading"),
        [("account_login", "Entrar"), ("account_signup", "Criar conta"), ("account_reset_password", "Redefinir senha")],
    )
    def test_signed_out_allauth_pages(self, client: Client, url_name: str, heading: str) -> None:
        choose(client, "pt")
        h1 = Page(client.get(reverse(url_name)).content.decode()).main.find("h1")
        assert h1 is not None and h1.text.strip() == heading

    @pytest.mark.parametrize(
        ("url_name", "heading"),
        [
            ("accounts:dashboard", "A sua conta"),
            ("accounts:consents", "O que autorizou"),
            ("accounts:claim_profile", "Ative o perfil criado por um funcionário"),
            ("notifications:preferences", "As suas novidades"),
            ("account_logout", "Sair"),
            ("account_change_password", "Mudar senha"),
            ("account_email", "Endereços de e-mail"),
            ("mfa_index", "Autenticação de dois fatores"),
        ],
    )
    def test_signed_in_pages(self, client: Client, resident: User, url_name: str, heading: str) -> None:
        choose(client, "pt")
        sign_in(client, resident)
        page = Page(client.get(reverse(url_name)).content.decode())
        h1 = page.main.find("h1")
        assert h1 is not None and h1.text.strip() == heading


@pytest.mark.django_db
class BudgetingPagesInPortugueseTests:
    """A round's pages and its ballot, which residents reach from leaflets, letters and hubs."""

    def test_the_budgets_page_and_a_round_open_for_voting(self, client: Client) -> None:
        round = round_in_phase(ben(), Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_000)])
        choose(client, "pt")
        h1 = Page(client.get(reverse("budgeting:round_list")).content.decode()).main.find("h1")
        assert h1 is not None and h1.text.strip() == "Orçamentos que pode ajudar a decidir"
        page = Page(client.get(round.get_absolute_url()).content.decode())
        start = page.main.find("a", cls="govuk-button--start")
        assert start is not None and start.text.strip() == "Votar agora"
        text = page.main.text
        assert "Votação aberta" in text and "Dinheiro disponível" in text
        assert "£20.000" in text  # the pounds stay, written the Portuguese way

    def test_the_ballot_and_its_errors(self, client: Client) -> None:
        round = round_in_phase(
            ben(), Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_050), ("Trees", 300_000)], max_choices=1
        )
        choose(client, "pt")
        voter = amara().user
        assert voter is not None
        client.force_login(voter)
        url = reverse("budgeting:ballot", args=[round.slug])
        page = Page(client.get(url).content.decode())
        h1 = page.main.find("h1")
        assert h1 is not None and h1.text.strip() == "O seu voto"
        assert "Escolha até 1." in page.main.text and "£12.000,50" in page.main.text
        button = page.main.find("button", type="submit")
        assert button is not None and button.text.strip() == "Continuar"
        both = [str(proposal.pk) for proposal in round.proposals.all()]
        page = Page(client.post(url, {pot_field(round.pots.get()): both}).content.decode())
        assert page.title.startswith("Erro: ")
        summary = page.main.find("div", cls="govuk-error-summary")
        assert summary is not None and "Escolha no máximo 1 projeto." in summary.text


# --- The catalogue ------------------------------------------------------------------------------


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    """Catches a forgotten compilemessages: the .mo must hold exactly what the .po says."""
    compiled, expected = read_mo(MO), expected_catalogue(read_po(PO))
    missing = sorted(str(key) for key in expected.keys() - compiled.keys())
    stale = sorted(str(key) for key in compiled.keys() - expected.keys())
    changed = sorted(str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert (missing, stale, changed) == ([], [], []), "run: cd src/coopcouncil && coopcouncil compilemessages"


def test_msgfmt_agrees_with_the_committed_mo(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        missing_dependency("GNU gettext's msgfmt", "apt-get install gettext")
    output = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(output), str(PO)], check=True)  # noqa: S603
    assert read_mo(output) == read_mo(MO)


def test_no_entry_is_fuzzy() -> None:
    fuzzy = [entry.msgid or "(header)" for entry in read_po(PO) if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_every_string_outside_officer_pages_is_translated() -> None:
    untranslated = [
        f"{entry.msgid!r} ({', '.join(sorted(entry.sources))})"
        for entry in read_po(PO)
        if entry.msgid and not entry.translated and not all(officer_only(source) for source in entry.sources)
    ]
    assert untranslated == []


def test_translations_keep_placeholders_and_markup() -> None:
    broken = []
    for entry in read_po(PO):
        if not entry.msgid:
            continue
        # msgstr[0] translates the singular, the others the plural.
        originals = [entry.msgid] + [entry.msgid_plural or entry.msgid] * (len(entry.msgstr) - 1)
        for original, text in zip(originals, entry.msgstr, strict=True):
            if text and Counter(_PLACEHOLDER.findall(original)) != Counter(_PLACEHOLDER.findall(text)):
                broken.append(f"{entry.msgid!r} -> {text!r}")
    assert broken == []


@pytest.mark.parametrize("template", RESIDENT_TEMPLATES)
def test_every_string_in_resident_templates_is_in_the_compiled_catalogue(template: str) -> None:
    """A string added to the layout without makemessages, a translation and compilemessages fails here."""
    keys = template_msgids(PACKAGE_DIR / template)
    assert keys, f"{template} has no translatable strings: is it still wrapped in {{% translate %}}?"
    compiled = read_mo(MO)
    missing = [key for key in keys if not compiled.get(key)]
    assert missing == [], "run makemessages, translate, then compilemessages (docs/adr/0005-internationalisation.md)"


def test_borrowed_strings_still_match_allauth_and_django() -> None:
    """Our translations of allauth's and Django's words apply only while the words are the same."""
    libraries = [
        Path(allauth.__file__).parent / "locale" / "pt_PT" / "LC_MESSAGES" / "django.po",
        Path(django.__file__).parent / "contrib" / "auth" / "locale" / "pt" / "LC_MESSAGES" / "django.po",
    ]
    known = {entry.key for path in libraries for entry in read_po(path)}
    ours = [entry for entry in read_po(PO) if any("third_party_msgids.py" in source for source in entry.sources)]
    assert ours, "frontend/third_party_msgids.py should be in the catalogue"
    assert [entry.msgid for entry in ours if entry.key not in known] == []
