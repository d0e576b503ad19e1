"""Erasure of a person (GDPR art. 17) without tearing holes in the record of what was decided.

A protocol is an allmän handling: its decisions, numbering, justering and attendance must stay
whole. So nothing is deleted that the record needs; instead the person is pseudonymised. Their
row keeps its id (every reference stays valid) but loses name, platform ids, e-mail and chat
reference; wherever their name was written as text — attendance, justerare, assignees, agenda
presenters, chairs, the audit trail, and the decisions' own text — it becomes «[raderad person]».
What exists only to reach them (messages queued or sent to their personal chat, their signed web
links, their current seats) is removed or ended. One audit row records that an erasure was made,
by whom and how much it changed — never the erased name.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from handlers.privacy.people import ERASED_NAME, Subject
from storage.models import (
    Adjustment,
    AgendaItem,
    Assignment,
    Attendance,
    AuditEvent,
    Clause,
    Meeting,
    Membership,
    OutboxMessage,
    Paragraph,
    WebLinkGeneration,
)
from storage.search.index import index_paragraph

PARAGRAPH_TEXTS = ("title", "proposal", "decision_intro", "body_text")


def _replacer(name: str) -> Any:
    """A function replacing the whole name (any case, not inside a longer word) by the pseudonym."""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(part) for part in name.split()) + r"(?!\w)",
                         re.IGNORECASE)
    return lambda text: pattern.sub(ERASED_NAME, text) if isinstance(text, str) else text


def _scrub_json(value: Any, replace: Any) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_scrub_json(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, replace) for k, v in value.items()}
    return value


def erase_person(session: Session, *, subject: Subject, now: datetime, operator: str) -> Counter[str]:
    """Pseudonymise the person everywhere; returns what changed, per kind (also in the audit row).

    Runs in the caller's transaction: either all of it is stored or none.
    """
    person, tid = subject.person, subject.tenant.id
    name, lowered = person.name, person.name.strip().lower()
    replace = _replacer(name.strip())
    changed: Counter[str] = Counter()

    def rename(model: Any, column: Any, id_column: Any | None, kind: str) -> None:
        match = func.lower(column) == lowered
        if id_column is not None:
            match = or_(match, id_column == person.id)
        changed[kind] += session.execute(update(model).where(model.tenant_id == tid, match)
                                         .values({column.key: ERASED_NAME})
                                         .execution_options(synchronize_session=False)).rowcount or 0

    rename(Attendance, Attendance.name, Attendance.person_id, "närvaro")
    rename(Adjustment, Adjustment.name, Adjustment.person_id, "justeringar")
    rename(Assignment, Assignment.assignee_name, Assignment.assignee_person_id, "uppdrag")
    rename(AgendaItem, AgendaItem.presenter, None, "dagordningspunkter")
    rename(Meeting, Meeting.chair_name, None, "ordförande")
    rename(Meeting, Meeting.secretary_name, None, "sekreterare")
    rename(AuditEvent, AuditEvent.actor_name, AuditEvent.actor_person_id, "händelser")
    for event in session.scalars(select(AuditEvent).where(AuditEvent.tenant_id == tid)):
        scrubbed = _scrub_json(event.details or {}, replace)
        if scrubbed != (event.details or {}):
            event.details = scrubbed
            changed["händelsedetaljer"] += 1
    _scrub_decisions(session, tenant_id=tid, replace=replace, changed=changed)
    for assignment in session.scalars(select(Assignment).where(Assignment.tenant_id == tid)):
        if replace(assignment.task) != assignment.task:
            assignment.task = replace(assignment.task)
            changed["uppdragstexter"] += 1
    changed["avslutade_medlemskap"] = session.execute(
        update(Membership).where(Membership.tenant_id == tid, Membership.person_id == person.id,
                                 Membership.end_on.is_(None)).values(end_on=now.date())
        .execution_options(synchronize_session=False)).rowcount or 0
    if person.platform_user_id:
        changed["meddelanden"] = session.execute(delete(OutboxMessage).where(
            OutboxMessage.tenant_id == tid, OutboxMessage.audience == "person",
            OutboxMessage.destination == person.platform_user_id)).rowcount or 0
    _revoke_links(session, tenant_id=tid, person_id=person.id)
    person.name, person.platform_user_id, person.platform_alt_id = ERASED_NAME, None, None
    person.email, person.dm_reference = None, None
    session.add(AuditEvent(tenant_id=tid, actor_person_id=None, actor_name=operator, action="person.raderad",
                           subject_type="person", subject_id=person.id,
                           details={"ändrade": {k: v for k, v in changed.items() if v}}))
    session.flush()
    return changed


def _scrub_decisions(session: Session, *, tenant_id: int, replace: Any, changed: Counter[str]) -> None:
    """The name in a decision's text becomes the pseudonym; the § keeps its number, clauses and index entry."""
    touched: set[int] = set()
    for paragraph in session.scalars(select(Paragraph).where(Paragraph.tenant_id == tenant_id)):
        for field in PARAGRAPH_TEXTS:
            value = getattr(paragraph, field)
            if value and replace(value) != value:
                setattr(paragraph, field, replace(value))
                touched.add(paragraph.id)
        distribution = list(paragraph.distribution or [])
        if [replace(d) for d in distribution] != distribution:
            paragraph.distribution = [replace(d) for d in distribution]
            touched.add(paragraph.id)
    for clause in session.scalars(select(Clause).where(Clause.tenant_id == tenant_id)):
        if replace(clause.text) != clause.text:
            clause.text = replace(clause.text)
            touched.add(clause.paragraph_id)
    session.flush()
    for paragraph in session.scalars(select(Paragraph).where(Paragraph.id.in_(sorted(touched)))):
        index_paragraph(session, paragraph)
    changed["paragrafer"] += len(touched)


def _revoke_links(session: Session, *, tenant_id: int, person_id: int) -> None:
    """Every signed web link the person held stops working (the same mechanism as «webb återkalla»)."""
    cond = (WebLinkGeneration.tenant_id == tenant_id, WebLinkGeneration.person_id == person_id)
    if session.execute(update(WebLinkGeneration).where(*cond).values(generation=WebLinkGeneration.generation + 1)
                       .execution_options(synchronize_session=False)).rowcount == 0:
        session.execute(insert(WebLinkGeneration).values(tenant_id=tenant_id, person_id=person_id, generation=1))
