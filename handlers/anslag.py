"""Anslag: when the justerad protocol goes up on the notice board and when appeals run out.

Kommunallagen counts the three-week appeal period from the day the anslag is posted, and a
period ending on a closed day runs to the next working day (lag 1930:173) — that rule lives in
``schedules.calendar.appeal_last_day``. Whether a body posts on the day of justering or the next
working day is its own routine, kept in ``body.settings["anslag"]``.

Only bodies under kommunallagen post anslag: a nämnd and its utskott, a body marked public, or
one whose secretary has set an anslag routine. A styrgrupp of officials (seed 004) keeps
minutes that are never posted and cannot be appealed, so its protocol gets no anslag dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schedules.calendar import appeal_last_day, shift_working_days
from storage.models import Body, Meeting

POLICIES = ("same_day", "next_working_day")
DEFAULT_POLICY = "same_day"
ANSLAG_KINDS = frozenset({"nämnd", "arbetsutskott"})
"""Kinds whose justering kommunallagen (2017:725) has announced on the anslagstavla."""


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


def posts_anslag(body: Body) -> bool:
    """Whether the body's justering is announced by anslag (and so starts an appeal period).

    Why not every body: a tjänstepersonsorgan is no nämnd. Printing «tillkännagivits genom anslag»
    and a last day for appeal under its minutes would state something that never happened.
    """
    routine = (body.settings or {}).get("anslag")
    return bool(body.is_public) or body.kind in ANSLAG_KINDS or routine in POLICIES


def anslag_dates(*, adjusted_on: date, policy: str) -> AnslagDates:
    """Posted on the justering day (or the next working day); down when the appeal period ends."""
    posted = shift_working_days(day=adjusted_on, count=1) if policy == "next_working_day" else adjusted_on
    last = appeal_last_day(posted_on=posted)
    return AnslagDates(posted_on=posted, taken_down_on=last, appeal_ends_on=last)


def record_anslag(meeting: Meeting, *, adjusted_on: date) -> AnslagDates | None:
    """Write the dates onto the meeting (the reminder planner reads ``appeal_ends_on`` from there).

    None, and nothing written, for a body that posts no anslag (``posts_anslag``).
    """
    if not posts_anslag(meeting.body):
        return None
    dates = anslag_dates(adjusted_on=adjusted_on, policy=policy_of(meeting.body))
    meeting.posted_on = dates.posted_on
    meeting.taken_down_on = dates.taken_down_on
    meeting.appeal_ends_on = dates.appeal_ends_on
    return dates
