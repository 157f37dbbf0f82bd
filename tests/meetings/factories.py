"""Meetings scheduled as an officer would."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services
from coopcouncil.meetings.models import Meeting, MeetingKind, VenueFeature
from tests.places.factories import CommunityFactory


def meeting_for(officer: Person, *, starts_at: datetime | None = None, **fields: Any) -> Meeting:
    """A weekly youth group meeting at a café, step-free with a hearing loop, two hours long."""
    starts = starts_at or timezone.now() + timedelta(days=7)
    return services.meeting_schedule(
        actor=Actor(person=officer),
        owner=fields.pop("owner", None) or CommunityFactory(),
        title=fields.pop("title", "Youth group: how we spend our £20,000"),
        kind=fields.pop("kind", MeetingKind.GROUP_MEETING),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=fields.pop(
            "venue",
            services.Venue(
                name="Café in Brixton Market",
                address="Market Row, London SW9 8LB",
                features=[VenueFeature.STEP_FREE, VenueFeature.HEARING_LOOP],
                online_link="https://meet.example.org/youth-group",
            ),
        ),
        agenda=fields.pop("agenda", [("Welcome", ""), ("Ideas for the summer", "Bring yours.")]),
        **fields,
    )
