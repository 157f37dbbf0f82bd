"""Meetings as an iCalendar feed (RFC 5545), so people can follow a community's meetings in their own calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from coopcouncil.core.links import absolute_url
from coopcouncil.meetings.models import Meeting

MAX_LINE_OCTETS = 75


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= MAX_LINE_OCTETS:
        return line
    parts: list[str] = []
    current = b""
    for character in line:
        piece = character.encode()
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetings_ical(meetings: Iterable[Meeting], *, calendar_name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{settings.SERVICE_NAME}//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(calendar_name)}",
    ]
    stamp = _when(datetime.now(tz=UTC))
    for meeting in meetings:
        url = absolute_url(meeting.get_absolute_url())
        description = "\n".join(
            part
            for part in (meeting.summary, ", ".join(meeting.venue_feature_labels), meeting.accessibility_notes, url)
            if part
        )
        location = (
            ", ".join(part for part in (meeting.venue_name, meeting.venue_address) if part) or meeting.online_link
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{settings.SITE_URL.split('://')[-1].split('/')[0]}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_when(meeting.starts_at)}",
            f"DTEND:{_when(meeting.ends_at)}",
            f"SUMMARY:{_escape(meeting.title)}",
            f"LOCATION:{_escape(location)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
