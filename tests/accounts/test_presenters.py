from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from django.utils import timezone, translation

import coopcouncil
from coopcouncil.accounts.models import Person
from coopcouncil.accounts.presenters import audit_entry_summary, person_public_name
from coopcouncil.core.models import AuditEntry

PACKAGE_DIR = Path(coopcouncil.__file__).resolve().parent

ON = date(2026, 11, 22)


def test_childrens_names_are_never_shown_publicly() -> None:
    assert (
        person_public_name(Person(full_name="Ada Child", date_of_birth=date(2014, 1, 1)), on=ON) == "A young resident"
    )
    assert person_public_name(Person(full_name="Teen", birth_year=2008), on=ON) == "A young resident"


def test_adults_are_shown_by_the_name_they_chose() -> None:
    assert person_public_name(Person(full_name="Amara Okafor", known_as="Amara", birth_year=1990), on=ON) == "Amara"
    assert person_public_name(Person(full_name="Kofi Mensah"), on=ON) == "Kofi Mensah"


def test_anonymised_people_have_no_name() -> None:
    person = Person(full_name="Anonymised person 7", anonymised_at=timezone.now())
    assert person_public_name(person, on=ON) == "A former participant"


def _audit_actions_in_source() -> set[str]:
    """Every action code passed to audit_record anywhere in the package, read from the source."""
    actions: set[str] = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        actions |= {
                            c.value
                            for c in ast.walk(keyword.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        }
    return actions


def test_every_audited_action_has_plain_words() -> None:
    """A new audit_record action without words would show residents "Other activity"."""
    actions = _audit_actions_in_source()
    assert {"person.registered", "follow.stopped", "parental_consent.refused"} <= actions
    assert {a for a in actions if audit_entry_summary(AuditEntry(action=a)) == "Other activity"} == set()


def test_summaries_say_what_was_agreed_followed_or_given_with_a_fallback() -> None:
    assert audit_entry_summary(AuditEntry(action="person.registered", target_label="Person #3")) == "Account created"
    consent = AuditEntry(action="consent.withdrawn", details={"purpose": "contact_updates"})
    assert audit_entry_summary(consent) == "Withdrew agreement to: Being told about things I follow"
    assert audit_entry_summary(AuditEntry(action="follow.changed", target_label="Brixton")) == "Following Brixton"
    assert audit_entry_summary(AuditEntry(action="role.assigned", details={"role": "councillor"})) == (
        "Given the role: Councillor"
    )
    assert audit_entry_summary(AuditEntry(action="something.new")) == "Other activity"


def test_summaries_are_in_the_readers_language() -> None:
    with translation.override("pt"):
        summary = audit_entry_summary(AuditEntry(action="consent.given", details={"purpose": "research"}))
    assert summary == "Autorizou: Ser convidado para estudos e consultas públicas"
