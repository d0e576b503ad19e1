"""Roles: the body's members are managed in chat by its sekreterare, only sekreterare (or
ordförande) record and correct decisions, only the meeting's justerare adjust — and a refused
command changes nothing. (A non-member recording and a non-justerare adjusting in a full
justering round are also covered in tests/unit/test_commands_roles.py and
tests/unit/test_protocol_justering.py.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from storage.models import Adjustment, AuditEvent, Meeting, Membership, Paragraph

SECRETARY = "Sara Sekreterare"
MEMBER = "Anna Arvidson"  # ledamot
JUSTERARE = "Lina Lindman"  # ledamot, and the meeting's justerare
OUTSIDER = "Olle Okänd"  # no membership at all
ORGAN = 'organ "Styrgruppen"'
RECORD = "beslut registrera § 4 Budget 2023 dnr KS 22/145 möte 2022-03-30: 1. att godkänna budgeten."


def setup_body(chat: Any) -> None:
    for line in ('samverkan organ ny "Styrgruppen" kort SG typ styrgrupp', "samverkan kanal Styrgruppen",
                 f"samverkan medlem lägg till {MEMBER} som ledamot",
                 f"samverkan medlem lägg till {JUSTERARE} som ledamot",
                 "mote ny 2022-03-30 kl. 13:00", f"mote justerare {JUSTERARE}"):
        assert "✓" in chat(line, user=SECRETARY), line


def memberships(services: Any) -> set[tuple[str, str]]:
    with services.sessions() as s:
        return {(m.person.name, m.role) for m in s.scalars(select(Membership))}


def test_only_the_sekreterare_manages_the_members(chat, services) -> None:  # type: ignore[no-untyped-def]
    setup_body(chat)
    before = memberships(services)
    assert before == {(SECRETARY, "sekreterare"), (MEMBER, "ledamot"), (JUSTERARE, "ledamot")}
    for user in (MEMBER, OUTSIDER):
        for line in ("samverkan medlem lägg till Bertil Berg som ledamot",
                     f"samverkan medlem lägg till {user} som sekreterare",  # no promoting oneself
                     f"samverkan medlem ta bort {JUSTERARE}",
                     f"samverkan medlem ta bort {SECRETARY}"):
            refused = chat(line, user=user)
            assert "behörighet" in refused and "hantera medlemmar" in refused, (user, line, refused)
    assert memberships(services) == before  # nothing changed

    assert "✓" in chat("samverkan medlem lägg till Bertil Berg som ledamot", user=SECRETARY)
    assert "✓" in chat(f"samverkan medlem ta bort {MEMBER}", user=SECRETARY)
    assert memberships(services) == {(SECRETARY, "sekreterare"), (JUSTERARE, "ledamot"), ("Bertil Berg", "ledamot")}
    with services.sessions() as s:
        audited = s.execute(select(AuditEvent.actor_name, AuditEvent.action)
                            .where(AuditEvent.action.in_(("member.add", "member.remove")))).all()
    assert [tuple(r) for r in audited][-2:] == [(SECRETARY, "member.add"), (SECRETARY, "member.remove")]
    assert {r.actor_name for r in audited} == {SECRETARY}  # no refused attempt left a row


def test_a_ledamot_cannot_record_or_correct_decisions_a_sekreterare_can(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    setup_body(chat)
    for user in (MEMBER, JUSTERARE):
        refused = chat(RECORD, user=user)
        assert "behörighet" in refused and "sekreterare" in refused, (user, refused)
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Paragraph)) == 0

    recorded = chat(RECORD, user=SECRETARY)
    assert "✓" in recorded and "§ 4" in recorded, recorded
    replace = RECORD.replace("Budget 2023", "Budget 2023 ersätt").replace("godkänna", "avslå")
    assert "behörighet" in chat(replace, user=MEMBER)
    assert "behörighet" in chat("protokoll klart 2022-03-30", user=MEMBER)
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    assert "är justerat" in chat(f"protokoll justera 2022-03-30 {ORGAN}", user=JUSTERARE)
    correction = "beslut rätta § 4 2022: att avslå budgeten"
    assert "behörighet" in chat(correction, user=MEMBER)
    assert "behörighet" in chat(correction, user=JUSTERARE)  # adjusting gives no right to change
    with services.sessions() as s:
        paragraph = s.scalars(select(Paragraph)).one()
        assert [c.text for c in paragraph.clauses] == ["godkänna budgeten."]
        assert not (paragraph.extra or {}).get("corrections")
    with services.sessions() as s:  # refused attempts left no audit row
        actors = set(s.scalars(select(AuditEvent.actor_name).where(AuditEvent.action.like("paragraph.%"))))
    assert actors == {SECRETARY}
    assert "✓" in chat(correction, user=SECRETARY)
    with services.sessions() as s:
        assert [c.text for c in s.scalars(select(Paragraph)).one().clauses] == ["avslå budgeten"]


def test_only_the_meetings_justerare_adjust(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    setup_body(chat)
    assert "✓" in chat(RECORD, user=SECRETARY)
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    for user in (SECRETARY, MEMBER, OUTSIDER):
        refused = chat(f"protokoll justera 2022-03-30 {ORGAN}", user=user)
        assert "inte utsedd att justera" in refused and JUSTERARE in refused, (user, refused)
        refused = chat(f"protokoll ändring 2022-03-30 {ORGAN} Fel i att-satsen", user=user)
        assert "inte utsedd att justera" in refused, (user, refused)
    with services.sessions() as s:
        meeting = s.scalars(select(Meeting)).one()
        assert meeting.state != "justerat" and meeting.adjusted_at is None
        assert [(a.name, a.state) for a in s.scalars(select(Adjustment))] == [(JUSTERARE, "väntar")]
        assert not s.scalars(select(Paragraph)).one().locked
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action.like("protocol.adjust%") | (AuditEvent.action == "protocol.change_requested"))) == 0
    assert "är justerat" in chat(f"protokoll justera 2022-03-30 {ORGAN}", user=JUSTERARE)
    with services.sessions() as s:
        assert s.scalars(select(Meeting)).one().state == "justerat"
        assert s.scalars(select(Paragraph)).one().locked


def test_only_managers_switch_dnr_watching(chat) -> None:  # type: ignore[no-untyped-def]
    chat('samverkan organ ny "Styrgruppen" typ styrgrupp', user="Sekreteraren", channel="styr")
    chat("samverkan kanal Styrgruppen", user="Sekreteraren", channel="styr")
    assert "behörighet" in chat("samverkan bevakning på", user="Någon annan", channel="styr")
    assert "svarar nu" in chat("samverkan bevakning på", user="Sekreteraren", channel="styr")
    assert "behörighet" in chat("samverkan bevakning av", user="Någon annan", channel="styr")
