"""A body as OParl 1.1 objects: System, Body, Organization, Person, Meeting, AgendaItem, Paper.

OParl is the open standard for council information systems; keeping its shape lets existing
OParl clients read a samverkan body. Ids are the URLs the HTTP feed serves them under. A
paragraph is a Paper (reference = diarienummer) and an AgendaItem of its meeting (the protocol
is authoritative once there are §§; a meeting without §§ lists its planned dagordning).
Confidential paragraphs are left out. Justering, anslag and assignments have no OParl field and
are not forced into one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers.exports.data import meetings_of, members_of, public_paragraphs
from storage.models import Body, Meeting, Paragraph

SCHEMA = "https://schema.oparl.org/1.1/"
STATES = {"planerat": "geplant", "genomfört": "durchgeführt", "för_justering": "durchgeführt",
          "justerat": "abgeschlossen"}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def system_object(*, base: str, name: str) -> dict[str, Any]:
    """The OParl System (entry point) of one tenant."""
    return {"id": f"{base}/system", "type": SCHEMA + "System", "oparlVersion": SCHEMA, "body": f"{base}/bodies",
            "name": name, "product": "https://schema.oparl.org/"}


def body_object(body: Body, *, base: str) -> dict[str, Any]:
    """The Body with the external-list URLs the feed serves."""
    url = f"{base}/body/{body.id}"
    return _clean({"id": url, "type": SCHEMA + "Body", "system": f"{base}/system", "name": body.name,
                   "shortName": body.short_name, "classification": body.kind,
                   "organization": f"{url}/organization", "person": f"{url}/person", "meeting": f"{url}/meeting",
                   "paper": f"{url}/paper", "legislativeTerm": [], "created": _iso(body.created_at)})


def organization_object(body: Body, *, base: str) -> dict[str, Any]:
    """The body itself as the Organization (Gremium) its meetings and memberships belong to."""
    return _clean({"id": f"{base}/organization/{body.id}", "type": SCHEMA + "Organization",
                   "body": f"{base}/body/{body.id}", "name": body.name, "shortName": body.short_name,
                   "organizationType": "Gremium", "classification": body.kind,
                   "meeting": f"{base}/body/{body.id}/meeting"})


def person_objects(session: Session, body: Body, *, base: str) -> list[dict[str, Any]]:
    """People with seats, each with embedded Memberships (role, voting right)."""
    org = f"{base}/organization/{body.id}"
    out = []
    for person, seats in members_of(session, body=body):
        memberships = [_clean({"id": f"{base}/membership/{seat.id}", "type": SCHEMA + "Membership",
                               "person": f"{base}/person/{person.id}", "organization": org, "role": seat.role,
                               "votingRight": seat.role in ("ordförande", "vice ordförande", "ledamot"),
                               "startDate": seat.start_on.isoformat() if seat.start_on else None})
                       for seat in seats]
        out.append({"id": f"{base}/person/{person.id}", "type": SCHEMA + "Person", "body": f"{base}/body/{body.id}",
                    "name": person.name, "membership": memberships})
    return out


def paper_object(paragraph: Paragraph, *, base: str, zone) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A § as a Paper: reference is its diarienummer, date its meeting's date."""
    day = paragraph.meeting.starts_at.astimezone(zone).date().isoformat() if paragraph.meeting else None
    return _clean({"id": f"{base}/paper/{paragraph.id}", "type": SCHEMA + "Paper",
                   "body": f"{base}/body/{paragraph.body_id}",
                   "name": f"§ {paragraph.number} {paragraph.title}" if paragraph.number else paragraph.title,
                   "reference": paragraph.case.dnr_written if paragraph.case else None, "date": day,
                   "paperType": "Beslut", "created": _iso(paragraph.created_at), "modified": _iso(paragraph.updated_at)})


def _agenda_items(meeting: Meeting, paragraphs: list[Paragraph], *, base: str) -> list[dict[str, Any]]:
    url = f"{base}/meeting/{meeting.id}"
    own = [p for p in paragraphs if p.meeting_id == meeting.id]
    if own:
        return [_clean({"id": f"{url}/agendaitem/p{p.id}", "type": SCHEMA + "AgendaItem", "meeting": url,
                        "number": f"§ {p.number}" if p.number else None, "order": order, "name": p.title,
                        "public": True, "result": "Beslutat" if p.clauses else None,
                        "resolutionText": "\n".join(c.text for c in p.clauses) or None})
                for order, p in enumerate(own, start=1)]
    return [{"id": f"{url}/agendaitem/a{item.id}", "type": SCHEMA + "AgendaItem", "meeting": url,
             "number": str(item.position), "order": item.position, "name": item.title, "public": True}
            for item in meeting.agenda]


def meeting_objects(session: Session, body: Body, *, base: str, zone) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Meetings with location and embedded agenda items."""
    paragraphs = public_paragraphs(session, body=body)
    out = []
    for meeting in meetings_of(session, body=body):
        url = f"{base}/meeting/{meeting.id}"
        location = {"id": f"{url}/location", "type": SCHEMA + "Location", "description": meeting.place} \
            if meeting.place else None
        out.append(_clean({"id": url, "type": SCHEMA + "Meeting", "name": f"{body.name} {meeting.starts_at.astimezone(zone).date()}",
                           "meetingState": STATES.get(meeting.state, meeting.state), "cancelled": False,
                           "start": _iso(meeting.starts_at), "end": _iso(meeting.ends_at), "location": location,
                           "organization": [f"{base}/organization/{body.id}"],
                           "agendaItem": _agenda_items(meeting, paragraphs, base=base)}))
    return out


def body_bundle(session: Session, body: Body, *, base: str, zone, system_name: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Everything of one body: the objects each feed list serves, in one JSON document."""
    return {"system": system_object(base=base, name=system_name), "body": body_object(body, base=base),
            "organization": [organization_object(body, base=base)],
            "person": person_objects(session, body, base=base),
            "meeting": meeting_objects(session, body, base=base, zone=zone),
            "paper": [paper_object(p, base=base, zone=zone) for p in public_paragraphs(session, body=body)]}
