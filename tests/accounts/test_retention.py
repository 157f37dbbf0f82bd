from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from coopcouncil.accounts import services
from coopcouncil.accounts.models import ActingForSession, DataRequest, ParentalConsentRequest, Person
from coopcouncil.core.actors import Actor
from coopcouncil.notifications.models import Channel, Notification, Topic
from tests.accounts.factories import PersonFactory, UserFactory, role_give
from tests.accounts.personas import amara, ben

pytestmark = pytest.mark.django_db


def _child_sign_up() -> Person:
    return services.person_register_online(
        user=UserFactory(),
        full_name="Ada Child",
        date_of_birth=date(2016, 1, 1),
        birth_year=None,
        postcode="",
        parent_name="Bisi",
        parent_email="bisi@example.org",
        today=date(2026, 11, 22),
    )


class RetentionTests:
    def test_a_childs_unanswered_sign_up_is_removed_after_30_days_not_before(self) -> None:
        child = _child_sign_up()
        services.retention_enforce(now=timezone.now() + timedelta(days=29))
        child.refresh_from_db()
        assert child.is_anonymised is False
        counts = services.retention_enforce(now=timezone.now() + timedelta(days=31))
        child.refresh_from_db()
        assert child.is_anonymised is True and counts["parental_consent_unanswered"] == 1
        assert not ParentalConsentRequest.objects.exists()

    def test_a_refused_sign_up_is_removed_at_once(self) -> None:
        child = _child_sign_up()
        services.parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=False)
        services.retention_enforce()
        child.refresh_from_db()
        assert child.is_anonymised is True

    def test_old_sessions_closed_requests_and_notifications_go(self) -> None:
        resident = amara()
        reviewer = PersonFactory()
        from coopcouncil.accounts.models import Role

        role_give(reviewer, Role.OFFICER)
        with time_machine.travel(timezone.now() - timedelta(days=800)):
            officer = ben(with_totp=False)
            services.acting_for_start(actor=Actor(person=officer), resident=PersonFactory(), reason="hub")
            Notification.objects.create(person=resident, topic=Topic.NEWS, channel=Channel.EMAIL, subject="s", body="b")
            request = services.deletion_request_create(actor=Actor(person=PersonFactory()))
            services.deletion_request_review(actor=Actor(person=reviewer), request=request, approve=False, note="kept")
        fresh = Notification.objects.create(
            person=resident, topic=Topic.NEWS, channel=Channel.EMAIL, subject="s", body="b"
        )
        counts = services.retention_enforce()
        assert counts["acting_for_session"] == 1 and counts["data_request_closed"] == 1 and counts["notification"] == 1
        assert list(Notification.objects.all()) == [fresh]
        assert not ActingForSession.objects.exists() and not DataRequest.objects.exists()

    def test_unclaimed_unused_assisted_profiles_are_anonymised_after_three_years(self) -> None:
        with time_machine.travel(timezone.now() - timedelta(days=365 * 3 + 5)):
            stale, _code = services.assisted_person_register(actor=Actor(person=ben(with_totp=False)), full_name="Old")
        services.retention_enforce()
        stale.refresh_from_db()
        assert stale.is_anonymised is True

    def test_the_command_prints_counts(self, capsys) -> None:
        call_command("retention_enforce")
        assert "notification: 0" in capsys.readouterr().out
