"""iCalendar (RFC 5545) for steering meetings: pure functions, no Django.

A calendar application subscribes to a URL and reads VEVENTs. Text values are escaped (backslash, comma,
semicolon, newline) and lines folded at 75 octets, as the RFC requires; a meeting without a start time is an
all-day event on its date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

DURATION = datetime.timedelta(hours=2)  # a KBO takes about two hours when the meeting names no end


@dataclass(frozen=True)
class Event:
    uid: str
    date: datetime.date
    start: datetime.time | None
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, name: str, timezone_name: str, now: datetime.datetime) -> str:
    """The VCALENDAR text of `events`; times are local times of `timezone_name` (TZID)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Regiekamer//Koersbepalersoverleggen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{timezone_name}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_stamp(now)}"]
        if event.start is None:
            lines += [
                f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{event.date + datetime.timedelta(days=1):%Y%m%d}",
            ]
        else:
            start = datetime.datetime.combine(event.date, event.start)
            lines += [
                f"DTSTART;TZID={timezone_name}:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID={timezone_name}:{start + DURATION:%Y%m%dT%H%M%S}",
            ]
        lines.append(f"SUMMARY:{escape(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += [f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
