"""Reminders, kallelser and digests as neutral ``Reply`` objects (Swedish text).

Pure: the sweep loads the views, this module only words them, so the Slack blocks, the Teams
card and the console print show the same sentences, and tests need no database. Every
reminder line names "uppdrag #N" so people can answer with ``/uppdrag klar N``. Days and clock
times are worded in ``zone``, the deployment's time zone, the one the reminders were planned in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from handlers import messages as msg
from handlers.formatting import day_text
from handlers.parsing.dates import format_date_sv
from handlers.reply import Mention, Reply, Section
from schedules.calendar import DEFAULT_ZONE
from schedules.combine import KIND_ORDER, DigestContent
from schedules.planner import PlannedReminder


@dataclass(frozen=True, kw_only=True)
class AssignmentView:
    """What a reminder says about an uppdrag."""

    id: int
    assignee: str | None
    task: str
    due: date | None
    due_time: time | None = None
    report_to: str | None = None
    report_at: datetime | None = None
    mention: Mention | None = None  # the assignee as the platform knows them: named ``@name``, notified

    @property
    def named(self) -> str:
        """How the text names the assignee: ``@name`` when they can be notified, else the name; an
        uppdrag given to a function («skolchef») keeps the function and adds who holds it."""
        assignee = self.assignee or msg.REMINDER_ASSIGNEE_UNKNOWN
        if self.mention is None:
            return assignee
        if assignee.strip().lstrip("@").casefold() in (self.mention.name.casefold(), "–"):
            return self.mention.marker
        return f"{assignee} ({self.mention.marker})"


@dataclass(frozen=True, kw_only=True)
class MeetingView:
    """What a kallelse, agenda call or appeal-end notice says about a meeting."""

    id: int
    body: str
    starts_at: datetime
    has_time: bool = True
    place: str | None = None
    agenda: tuple[str, ...] = ()
    agenda_closes: date | None = None
    appeal_last_day: date | None = None


View = AssignmentView | MeetingView


def _when(moment: datetime, *, zone: ZoneInfo, has_time: bool = True) -> str:
    local = moment.astimezone(zone)
    return day_text(local.date()) + (f" kl. {local:%H:%M}" if has_time else "")


def _assignment_when(reminder: PlannedReminder, view: AssignmentView, zone: ZoneInfo) -> str:
    today = reminder.send_at.astimezone(zone).date()
    if reminder.kind == "report_back":
        target = view.report_to or ""
        day = f" {_when(view.report_at, zone=zone, has_time=view.report_at.astimezone(zone).time() != time(0))}" \
            if view.report_at else ""
        return msg.REMINDER_REPORT.format(target=target, day=day).replace("  ", " ")
    if view.due is None:
        return ""
    if reminder.kind in ("overdue", "escalation") or view.due < today:
        return msg.REMINDER_OVERDUE.format(due=format_date_sv(view.due))
    left = (view.due - today).days
    if left == 0:
        return msg.REMINDER_DUE_TODAY.format(clock=f" kl. {view.due_time:%H:%M}" if view.due_time else "")
    words = msg.REMINDER_LEFT_ONE if left == 1 else msg.REMINDER_LEFT_MANY.format(days=left)
    return msg.REMINDER_DUE_IN.format(due=day_text(view.due), left=words)


def describe(*, reminder: PlannedReminder, view: View | None, zone: ZoneInfo = DEFAULT_ZONE) -> str:
    """One line for a reminder (also used to list missed reminders in the digest)."""
    if isinstance(view, AssignmentView):
        assignee = view.named
        if reminder.kind == "escalation" and view.due is not None:
            weeks = max(1, (reminder.send_at.astimezone(zone).date() - view.due).days // 7)
            return msg.REMINDER_ESCALATION.format(id=view.id, assignee=assignee, due=format_date_sv(view.due),
                                                  weeks=weeks, task=view.task)
        return msg.REMINDER_LINE.format(id=view.id, assignee=assignee, task=view.task,
                                        when=_assignment_when(reminder, view, zone))
    if isinstance(view, MeetingView):
        when = _when(view.starts_at, zone=zone, has_time=view.has_time)
        if reminder.kind == "agenda_call":
            closes = format_date_sv(view.agenda_closes) if view.agenda_closes else ""
            return msg.AGENDA_CALL.format(body=view.body, when=when, closes=closes)
        if reminder.kind == "appeal_end":
            last = format_date_sv(view.appeal_last_day) if view.appeal_last_day else ""
            return msg.APPEAL_END.format(body=view.body, when=day_text(view.starts_at.astimezone(zone).date()),
                                         last=last)
        return msg.NOTICE_TITLE.format(body=view.body, when=when)
    return reminder.key


def _mentions(items: Sequence[tuple[PlannedReminder, View | None]]) -> tuple[Mention, ...]:
    """Everyone the reminders name and the platform can notify, once each, in order."""
    found = {view.mention.user_id: view.mention for _, view in items
             if isinstance(view, AssignmentView) and view.mention is not None}
    return tuple(found.values())


def render_reminders(*, items: Sequence[tuple[PlannedReminder, View | None]], zone: ZoneInfo = DEFAULT_ZONE,
                     notify: bool = True) -> Reply:
    """One message for reminders of one channel and minute: a sentence, or sections by urgency.

    With ``notify`` (a channel post) the assignees are @mentioned (``Reply.mentions``): a reminder
    that only names someone in a busy channel is read by nobody. A direct message notifies its
    reader anyway and names them plainly."""
    if not notify:
        items = [(r, replace(v, mention=None) if isinstance(v, AssignmentView) else v) for r, v in items]
    mentions = _mentions(items)
    if len(items) == 1:
        reminder, view = items[0]
        if isinstance(view, AssignmentView) and reminder.kind != "escalation":
            text = msg.REMINDER_SINGLE.format(id=view.id, assignee=view.named,
                                              task=view.task, when=_assignment_when(reminder, view, zone))
            return Reply(text=text.replace(" – .", "."), context=msg.REMINDER_DONE_HINT.format(id=view.id),
                         mentions=mentions)
        return Reply(text=describe(reminder=reminder, view=view, zone=zone), mentions=mentions)
    sections: list[Section] = []
    for kind in KIND_ORDER:
        lines = tuple(describe(reminder=r, view=v, zone=zone) for r, v in items if r.kind == kind)
        if lines:
            sections.append(Section(heading=msg.REMINDER_SECTION.get(kind), lines=lines))
    return Reply(title=msg.REMINDER_BATCH_TITLE.format(count=len(items)), sections=tuple(sections), mentions=mentions)


def render_notice(*, view: MeetingView, zone: ZoneInfo = DEFAULT_ZONE) -> Reply:
    """The kallelse: when, where, and the agenda as it stands."""
    facts_lines = (msg.NOTICE_PLACE.format(place=view.place),) if view.place else ()
    agenda = Section(heading=msg.NOTICE_AGENDA, lines=view.agenda or (msg.NOTICE_AGENDA_EMPTY,),
                     numbered=bool(view.agenda))
    title = msg.NOTICE_TITLE.format(body=view.body, when=_when(view.starts_at, zone=zone, has_time=view.has_time))
    return Reply(title=title, text="\n".join(facts_lines) or None, sections=(agenda,))


def render_digest(*, body: str, content: DigestContent, missed: Sequence[str],
                  zone: ZoneInfo = DEFAULT_ZONE) -> Reply:
    """The weekly digest: due this week, overdue, next meeting, and what downtime swallowed."""
    def line(a: object) -> str:
        return msg.DIGEST_LINE.format(id=a.id, assignee=a.assignee or msg.REMINDER_ASSIGNEE_UNKNOWN,  # type: ignore[attr-defined]
                                      task=a.task, due=format_date_sv(a.due))  # type: ignore[attr-defined]

    sections = [Section(heading=heading, lines=tuple(line(a) for a in group))
                for heading, group in ((msg.DIGEST_DUE, content.due_this_week), (msg.DIGEST_OVERDUE, content.overdue))
                if group]
    if content.next_meeting is not None:
        m = content.next_meeting
        sections.append(Section(heading=msg.DIGEST_NEXT_MEETING, lines=(_when(m.starts_at, zone=zone),)))
    if missed:
        sections.append(Section(heading=msg.DIGEST_MISSED, lines=tuple(missed)))
    text = None if content.due_this_week or content.overdue else msg.DIGEST_NOTHING
    return Reply(title=msg.DIGEST_TITLE.format(body=body), text=text, sections=tuple(sections))
