"""Anslag: when the justerad protocol goes up on the notice board and when appeals run out.

Kommunallagen counts the three-week appeal period from the day the anslag is posted, and a
period ending on a closed day runs to the next working day (lag 1930:173) — that rule lives in
``schedules.calendar.appeal_last_day``. Whether a body posts on the day of justering or the next
working day is its own routine, kept in ``body.settings["anslag"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schedules.calendar import appeal_last_day, shift_working_days
from storage.models import Body, Meeting

POLICIES = ("same_day", "next_working_day")
DEFAULT_POLICY = "same_day"


@dataclass(frozen=True)
class AnslagDates:
    """The three dates of the ANSLAG/BEVIS block."""

    posted_on: date
    taken_down_on: date
    appeal_ends_on: date


def policy_of(body: Body) -> str:
    """The body's anslag routine; unknown values fall back to the same day."""
    value = (body.settings or {}).get("anslag", DEFAULT_POLICY)
    return value if value in POLICIES else DEFAULT_POLICY


def anslag_dates(*, adjusted_on: date, policy: str) -> AnslagDates:
    """Posted on the justering day (or the next working day); down when the appeal period ends."""
    posted = shift_working_days(day=adjusted_on, count=1) if policy == "next_working_day" else adjusted_on
    last = appeal_last_day(posted_on=posted)
    return AnslagDates(posted_on=posted, taken_down_on=last, appeal_ends_on=last)


def record_anslag(meeting: Meeting, *, adjusted_on: date) -> AnslagDates:
    """Write the dates onto the meeting (the reminder planner reads ``appeal_ends_on`` from there)."""
    dates = anslag_dates(adjusted_on=adjusted_on, policy=policy_of(meeting.body))
    meeting.posted_on = dates.posted_on
    meeting.taken_down_on = dates.taken_down_on
    meeting.appeal_ends_on = dates.appeal_ends_on
    return dates
