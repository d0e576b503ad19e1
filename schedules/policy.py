"""Per-body reminder rules.

Every collaboration body works at its own pace (a styrgrupp meeting twice a term wants other
notices than a strategigrupp meeting monthly), so every number in the reminder rules is a
field here with the product default. A body's override is stored as JSON and read with
``ReminderPolicy.from_mapping``; its errors are shown to the secretary who typed the
override, hence Swedish messages that name the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from datetime import time, timedelta
from typing import Any

_DURATION = re.compile(r"^\s*(\d+)\s*([dhm])\s*$")
_DURATION_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


@dataclass(frozen=True, kw_only=True)
class ReminderPolicy:
    """What to remind about, and when, for one body.

    ``escalate_after_weeks=None`` turns escalation off; ``0`` escalates with the first overdue
    reminder. ``missed_max_age`` is how late a reminder may still be posted after downtime;
    older ones are only mentioned in the next digest.
    """

    before_days: tuple[int, ...] = (14, 3, 1, 0)
    send_time: time = time(8, 0)
    overdue_weekly: bool = True
    escalate_after_weeks: int | None = 2
    notice_days_before_meeting: int = 7
    agenda_close_days_before: int = 10
    agenda_reminder_working_days: int = 3
    digest_weekday: int = 0
    digest_time: time = time(8, 0)
    missed_max_age: timedelta = timedelta(days=2)

    def __post_init__(self) -> None:
        _check_days("before_days", self.before_days)
        if len(set(self.before_days)) != len(self.before_days):
            raise ValueError("Ogiltigt värde för 'before_days': samma dag förekommer flera gånger.")
        if self.escalate_after_weeks is not None:
            _check_int("escalate_after_weeks", self.escalate_after_weeks, low=0, high=52)
        _check_int("notice_days_before_meeting", self.notice_days_before_meeting, low=0, high=90)
        _check_int("agenda_close_days_before", self.agenda_close_days_before, low=0, high=90)
        _check_int("agenda_reminder_working_days", self.agenda_reminder_working_days, low=0, high=30)
        _check_int("digest_weekday", self.digest_weekday, low=0, high=4)
        for name in ("send_time", "digest_time"):
            if not isinstance(getattr(self, name), time):
                raise ValueError(f"Ogiltigt värde för {name!r}: ange en tid som \"08:00\".")
        if not isinstance(self.missed_max_age, timedelta) or not (
            timedelta(0) <= self.missed_max_age <= timedelta(days=14)
        ):
            raise ValueError("Ogiltigt värde för 'missed_max_age': ange mellan 0 och 14 dagar, t.ex. \"2d\".")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ReminderPolicy:
        """Build a policy from a body's JSON override; missing keys keep the defaults.

        JSON shapes: lists for ``before_days``, "HH:MM" for times, "2d"/"36h"/"90m" (or a
        number of hours) for ``missed_max_age``, ``null`` for no escalation.
        """
        if not isinstance(data, dict):
            raise ValueError("Påminnelseinställningarna måste vara ett JSON-objekt.")
        known = {field.name for field in fields(cls)}
        for name in data:
            if name not in known:
                raise ValueError(f"Okänd inställning {name!r}. Giltiga: {', '.join(sorted(known))}.")
        values: dict[str, Any] = {}
        for name, raw in data.items():
            if name == "before_days":
                if not isinstance(raw, list | tuple):
                    raise ValueError("Ogiltigt värde för 'before_days': ange en lista med dagar, t.ex. [14, 3, 1, 0].")
                values[name] = tuple(raw)
            elif name in ("send_time", "digest_time"):
                values[name] = _parse_time(name, raw)
            elif name == "missed_max_age":
                values[name] = _parse_duration(name, raw)
            elif name == "overdue_weekly":
                if not isinstance(raw, bool):
                    raise ValueError("Ogiltigt värde för 'overdue_weekly': ange true eller false.")
                values[name] = raw
            else:
                values[name] = raw
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        """The JSON form that ``from_mapping`` reads back, for storing and showing settings."""
        return {
            "before_days": list(self.before_days),
            "send_time": self.send_time.strftime("%H:%M"),
            "overdue_weekly": self.overdue_weekly,
            "escalate_after_weeks": self.escalate_after_weeks,
            "notice_days_before_meeting": self.notice_days_before_meeting,
            "agenda_close_days_before": self.agenda_close_days_before,
            "agenda_reminder_working_days": self.agenda_reminder_working_days,
            "digest_weekday": self.digest_weekday,
            "digest_time": self.digest_time.strftime("%H:%M"),
            "missed_max_age": _format_duration(self.missed_max_age),
        }


def _check_int(name: str, value: Any, *, low: int, high: int) -> None:
    # bool is an int subclass; `true` in JSON must not silently mean 1 day.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"Ogiltigt värde för {name!r}: ange ett heltal mellan {low} och {high}.")


def _check_days(name: str, values: Any) -> None:
    if not isinstance(values, tuple) or not values:
        raise ValueError(f"Ogiltigt värde för {name!r}: ange minst en dag, t.ex. [14, 3, 1, 0].")
    for value in values:
        _check_int(name, value, low=0, high=365)


def _parse_time(name: str, raw: Any) -> time:
    if isinstance(raw, str):
        try:
            parsed = time.fromisoformat(raw.strip())
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            return parsed.replace(second=0, microsecond=0)
    raise ValueError(f"Ogiltigt värde för {name!r}: ange en tid som \"08:00\".")


def _parse_duration(name: str, raw: Any) -> timedelta:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        return timedelta(hours=raw)
    match = _DURATION.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise ValueError(f"Ogiltigt värde för {name!r}: ange t.ex. \"2d\", \"36h\" eller \"90m\".")
    return timedelta(**{_DURATION_UNITS[match.group(2)]: int(match.group(1))})


def _format_duration(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"
