"""The communication plan as an iCalendar file (RFC 5545), written by hand.

One VEVENT per entry, an all-day event on its date. The UID is the entry's own
(``<uuid>@kommunalkompass``), so a calendar that imports the file again updates the events
instead of adding copies; SEQUENCE counts the entry's changes. Lines end in CRLF and are
folded at 75 octets (never inside a UTF-8 character); text values escape backslash,
semicolon, comma and line breaks (RFC 5545, 3.1 and 3.3.11).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from .models import CommunicationItem

CRLF = "\r\n"
LIMIT = 75  # octets per line, without the CRLF


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma escaped, line breaks as ``\\n``."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets, each continuation starting with a
    space; a multi-byte character is never split."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LIMIT - 1  # the leading space of a continuation counts
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def calendar_bytes(
    items: Iterable[CommunicationItem],
    *,
    name: str,
    stamp: datetime.datetime,
    labels: dict[str, str],
) -> bytes:
    """The VCALENDAR of ``items``; ``labels`` name the channel and status in the summary
    and description (the user's language); ``stamp`` is the DTSTAMP (UTC)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kommunalkompass//Kommunikationsplan//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    dtstamp = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    for item in items:
        channel = labels.get(item.channel, item.channel)
        summary = f"{item.audience} ({channel})"
        description = item.message
        if item.owner_id and item.owner is not None:
            description += (
                "\n" + labels["owner"] + ": " + (item.owner.get_full_name() or item.owner.email)
            )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}@kommunalkompass",
            f"DTSTAMP:{dtstamp}",
            f"SEQUENCE:{item.sequence}",
            f"DTSTART;VALUE=DATE:{_date(item.date)}",
            f"DTEND;VALUE=DATE:{_date(item.date + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            "STATUS:"
            + {"cancelled": "CANCELLED", "done": "CONFIRMED"}.get(item.status, "TENTATIVE"),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")
