"""The forms of the samverkan year: plan a series of meetings, send a kallelse.

A Slack modal or Teams card gives its fields apart. They are handed to the same functions the
typed commands use, each value quoted where the command line has labels (``plats``, ``organ``), so
a place called «Rådhuset, organ­salen» can never be read as a label of another field.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.reply import Form, FormField, Reply
from handlers.scope import Scope


def series_form() -> Form:
    """``/mote serie`` without text: dates or a rule, the period, time, place and count."""
    return Form(form_id="meeting_series", title=msg.FORM_SERIES[0], submit_label=msg.FORM_SERIES[1],
                command="mote serie",
                fields=(FormField("dates", msg.LABEL_SERIES_DATES, kind="multiline", required=True),
                        FormField("period", msg.LABEL_SERIES_PERIOD),
                        FormField("time", msg.LABEL_SERIES_TIME, placeholder="13:00-15:00"),
                        FormField("place", msg.LABEL_SERIES_PLACE),
                        FormField("count", msg.LABEL_SERIES_COUNT),
                        FormField("body", msg.LABEL_BODY)))


def kallelse_form() -> Form:
    """``/mote kallelse formulär``: which meeting, and the last day for new ärenden."""
    return Form(form_id="meeting_kallelse", title=msg.FORM_KALLELSE[0], submit_label=msg.FORM_KALLELSE[1],
                command="mote kallelse",
                fields=(FormField("meeting", msg.LABEL_KALLELSE_MEETING, kind="date", required=True),
                        FormField("deadline", msg.LABEL_KALLELSE_DEADLINE, kind="date"),
                        FormField("body", msg.LABEL_BODY)))


def _value(values: Mapping[str, str], name: str) -> str:
    """One field, on one line and without the quotes that delimit values in the command line."""
    return " ".join((values.get(name) or "").replace('"', "").split())


def _required(values: Mapping[str, str], name: str, label: str) -> str:
    value = _value(values, name)
    if not value:
        raise UserError(msg.FORM_FIELD_MISSING.format(label=label))
    return value


def series_line(values: Mapping[str, str]) -> str:
    """The typed form of a filled-in series form."""
    dates = _required(values, "dates", msg.LABEL_SERIES_DATES)
    if dates[0].isdigit() and not dates.lower().startswith("datum"):
        dates = f"datum {dates}"
    parts = [_value(values, "period"), dates]
    if clock := _value(values, "time").removeprefix("kl.").strip():
        parts.append(f"kl. {clock}")
    for label, name in (("plats", "place"), ("antal", "count"), ("organ", "body")):
        if value := _value(values, name):
            parts.append(f'{label} "{value}"' if label != "antal" else f"{label} {value}")
    return " ".join(p for p in parts if p)


def kallelse_line(values: Mapping[str, str]) -> str:
    """The typed form of a filled-in kallelse form."""
    parts = [_required(values, "meeting", msg.LABEL_KALLELSE_MEETING)]
    if deadline := _value(values, "deadline"):
        parts.append(f"ärenden senast {deadline}")
    if body := _value(values, "body"):
        parts.append(f'organ "{body}"')
    return " ".join(parts)


def submit(sub: str, values: Mapping[str, str], *, session: Session, scope: Scope, services: Services) -> Reply:
    """Run a submitted series or kallelse form through the command it stands for."""
    from handlers.commands import series
    from handlers.kallelse import send_kallelse

    if sub in ("serie", "läsår"):
        return series.plan_series(series_line(values), session=session, scope=scope, services=services)
    if sub == "kallelse":
        return send_kallelse(kallelse_line(values), session=session, scope=scope, services=services)
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/mote", sub=sub), usage=msg.USAGE_MEETING_NEW)
