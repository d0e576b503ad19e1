"""Shared formatting of dates, meetings and assignments for replies (Swedish)."""

from __future__ import annotations

from datetime import date, datetime, time

from handlers import messages as msg
from handlers.parsing.dates import format_date_sv
from handlers.task_words import without_stated_due
from handlers.visibility import Audience, task_text
from storage.models import Assignment, Meeting

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def day_text(day: date) -> str:
    """"onsdag 30 mars 2022"."""
    return f"{WEEKDAYS[day.weekday()]} {format_date_sv(day)}"


def clock(value: time | None) -> str:
    """"kl. 13:00" or empty."""
    return f" kl. {value:%H:%M}" if value else ""


def meeting_when(meeting: Meeting, *, zone) -> str:  # type: ignore[no-untyped-def]
    """"onsdag 30 mars 2022 kl. 13:00–14:30"."""
    start = meeting.starts_at.astimezone(zone)
    text = f"{day_text(start.date())}"
    if meeting.has_time:
        text += f" kl. {start:%H:%M}"
        if meeting.ends_at:
            text += f"–{meeting.ends_at.astimezone(zone):%H:%M}"
    return text


def iso_day(value: datetime, *, zone) -> str:  # type: ignore[no-untyped-def]
    """"2022-03-30" in the organisation's zone."""
    return value.astimezone(zone).date().isoformat()


def assignment_line(assignment: Assignment, *, today: date, zone,  # type: ignore[no-untyped-def]
                    audience: Audience | None = None) -> str:
    """One line per uppdrag: number, who, what, deadline, report-back, status.

    Without an ``audience`` the line is for a place (a channel, a page): a sekretess task shows
    only as «§ 20 Sekretess».
    """
    task = without_stated_due(task_text(audience, assignment), due=assignment.due_on)  # the date once
    parts = [f"#{assignment.id} {assignment.assignee_name or '–'}: {task}"]
    if assignment.due_on:
        parts.append(f"senast {format_date_sv(assignment.due_on)}{clock(assignment.due_time)}")
    if assignment.report_to_text:
        report = f"återrapport till {assignment.report_to_text}"
        if assignment.report_at:
            local = assignment.report_at.astimezone(zone)
            report += f" {format_date_sv(local.date())}" + (f" kl. {local:%H:%M}" if local.time() != time(0) else "")
        parts.append(report)
    status = msg.STATUS_LABELS.get(assignment.status, assignment.status)
    if assignment.status == "open" and assignment.due_on and assignment.due_on < today:
        status = msg.OVERDUE_MARK
    parts.append(f"[{status}]")
    return " – ".join(parts)
