"""The rows of the follow-up board (verkställighet): every decision with its assignments.

One query, tenant-filtered, shaped once into plain rows that the HTML page, the CSV export and
the chart all read, so the three can never disagree about what is overdue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import visibility
from handlers.scope import Scope
from storage.collation import sort_key
from storage.models import Assignment, Body, Paragraph

STATUS_LABELS = {"open": "Pågår", "overdue": "Försenad", "done": "Klar", "cancelled": "Avbruten",
                 "archived": "Arkiverad (importerad)"}
ROW_LIMIT = 5000


@dataclass(frozen=True)
class Filters:
    """The GET form: body, status and a period on the deadline."""

    body_id: int | None = None
    status: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Row:
    """One assignment as the board shows it."""

    id: int
    body: str
    decision: str
    paragraph_id: int | None
    assignee: str
    task: str
    due: str
    report_to: str
    report_at: str
    status: str
    status_label: str
    month: str


def _status(assignment: Assignment, *, today: date) -> str:
    if assignment.status == "open" and assignment.due_on and assignment.due_on < today:
        return "overdue"
    return assignment.status if assignment.status in STATUS_LABELS else "open"


def _deadline(assignment: Assignment, *, zone: ZoneInfo) -> date | None:
    if assignment.due_on:
        return assignment.due_on
    return assignment.report_at.astimezone(zone).date() if assignment.report_at else None


def rows(session: Session, *, scope: Scope, filters: Filters, today: date, zone: ZoneInfo) -> list[Row]:
    """The board's rows in decision order; sekretess tasks are masked for non-members."""
    stmt = (select(Assignment, Paragraph, Body).outerjoin(Paragraph, Paragraph.id == Assignment.paragraph_id)
            .outerjoin(Body, Body.id == Assignment.body_id).where(Assignment.tenant_id == scope.tenant.id))
    if filters.body_id:
        stmt = stmt.where(Assignment.body_id == filters.body_id)
    if filters.since:
        stmt = stmt.where(Assignment.due_on >= filters.since)
    if filters.until:
        stmt = stmt.where(Assignment.due_on <= filters.until)
    stmt = stmt.order_by(Paragraph.year, Paragraph.number, Assignment.paragraph_id, Assignment.clause_position,
                         Assignment.id).limit(ROW_LIMIT)
    audience = visibility.person(session, tenant_id=scope.tenant.id, person_id=scope.person.id)
    out = []
    for a, p, b in session.execute(stmt):
        status = _status(a, today=today)
        if filters.status and status != filters.status:
            continue
        hidden = p is not None and not visibility.may_read(audience, p)
        deadline = _deadline(a, zone=zone)
        report_local = a.report_at.astimezone(zone) if a.report_at else None
        out.append(Row(
            id=a.id, body=b.name if b else "Utan organ", paragraph_id=p.id if p else None,
            decision=(f"§ {p.number} " + ("Sekretess" if hidden else p.title)) if p else "Uppdrag utan beslut",
            assignee=a.assignee_name or "–", task="Sekretess" if hidden else a.task,
            due=(a.due_on.isoformat() + (f" {a.due_time:%H:%M}" if a.due_time else "")) if a.due_on else "",
            report_to=a.report_to_text or "",
            report_at=(report_local.strftime("%Y-%m-%d %H:%M") if report_local and report_local.hour + report_local.minute
                       else report_local.date().isoformat() if report_local else ""),
            status=status, status_label=STATUS_LABELS[status],
            month=deadline.strftime("%Y-%m") if deadline else "utan datum",
        ))
    return out


def counts(board_rows: list[Row]) -> dict[tuple[str, str], Counter[str]]:
    """Assignments by status per (body, month), the chart's and its table's numbers."""
    out: dict[tuple[str, str], Counter[str]] = {}
    for row in board_rows:
        out.setdefault((row.body, row.month), Counter())[row.status] += 1
    return dict(sorted(out.items(), key=lambda kv: (sort_key(kv[0][0]), kv[0][1] == "utan datum", kv[0][1])))


def bodies(session: Session, *, tenant_id: int) -> list[Body]:
    """The tenant's bodies for the filter, strategigrupper first."""
    found = session.scalars(select(Body).where(Body.tenant_id == tenant_id)).all()
    return sorted(found, key=lambda b: (b.kind != "strategigrupp", sort_key(b.name)))
