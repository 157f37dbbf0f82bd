from __future__ import annotations

import pytest
from django.utils import timezone

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, DecisionMethod
from coopcouncil.core.services import decision_record
from tests.accounts.personas import ben

pytestmark = pytest.mark.django_db


class DecisionRecordTests:
    def test_records_who_how_counts_and_why(self) -> None:
        officer = ben(with_totp=False)
        decided_at = timezone.now()
        decision = decision_record(
            actor=Actor(person=officer),
            decided_at=decided_at,
            decided_by="Youth panel",
            method=DecisionMethod.VOTE,
            title="Fund the Stockwell cooking club",
            outcome="Funded: £20,000",
            reasons="It scored highest on outcomes for 11-16s.",
            counts={"for": 9, "against": 2, "abstain": 1},
            evidence=["https://example.org/minutes/12"],
        )
        decision.refresh_from_db()
        assert decision.recorded_by == officer
        assert decision.counts == {"for": 9, "against": 2, "abstain": 1}
        assert decision.decided_at == decided_at
        assert AuditEntry.objects.filter(action="decision.recorded", target_id=str(decision.pk)).exists()

    def test_a_decision_without_reasons_is_refused(self) -> None:
        with pytest.raises(ValueError, match="why"):
            decision_record(
                actor=Actor.system(),
                decided_at=timezone.now(),
                decided_by="Cabinet",
                method=DecisionMethod.BODY,
                title="x",
                outcome="y",
                reasons="  ",
            )
