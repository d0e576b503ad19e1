"""The /uppdrag ny form (Slack modal, Teams card) stores every field exactly as filled in (issue #15).

The form used to be turned back into a command line and parsed again, so «ringa skolan senast
möjligt om lokalerna» was cut at «senast» and a task mentioning «grupp SG» moved the uppdrag to
another body. The form is driven here the way the adapters do it: ``dispatch`` with an
``Invocation`` whose ``form_values`` are set.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.console import invocation_for
from bot.render_text import render_text
from handlers.dispatch import dispatch
from storage.models import Assignment, Body

SECRETARY = "Kristina Kamsten"
CHANNEL = "bu"
KEYWORDS = ("senast", "deadline", "återrapport till", "återrapportering till", "rapportera till", "grupp",
            "strategigrupp", "organ", "möte", "dnr", "kl.", "SG", "BU", "31/10", "30/2", "9/12 kl. 9", "kl. 24:00",
            "9999-12-31", "UTB 22/30", "eftersom", "ny", ":", "«Strategigrupp vuxna»", '"', "ersätt", "sekretess")


def _submit(services, values: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """What Slack's view_submission and a Teams card submit both produce: the form's command plus its values."""
    inv = dataclasses.replace(invocation_for("uppdrag ny", user=SECRETARY, channel=CHANNEL), form_values=values)
    return render_text(dispatch(inv, services=services))


def _bodies(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp',
                 'samverkan organ ny "Strategigrupp vuxna" kort SG typ strategigrupp',
                 "samverkan kanal Strategigrupp barn och unga"):
        assert "✗" not in chat(line, user=SECRETARY, channel=CHANNEL), line


def _last(services) -> tuple[Assignment, str]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        row = session.scalars(select(Assignment).order_by(Assignment.id.desc())).first()
        return row, session.get(Body, row.body_id).short_name


def test_task_with_senast_is_stored_whole(chat, services) -> None:  # type: ignore[no-untyped-def]
    _bodies(chat)
    out = _submit(services, {"assignee": "skolchef", "task": "ringa skolan senast möjligt om lokalerna",
                             "due": "", "report": "", "group": ""})
    assert out.startswith("✓"), out
    row, body = _last(services)
    assert (row.task, row.due_on, row.report_at, body) == ("ringa skolan senast möjligt om lokalerna", None, None, "BU")


def test_group_in_the_task_does_not_move_the_assignment(chat, services) -> None:  # type: ignore[no-untyped-def]
    _bodies(chat)
    task = "samordna med grupp SG om lokalerna återrapport till styrgruppen"
    out = _submit(services, {"assignee": "<@U0LINA|Lina Lindman>", "task": task, "due": "2022-10-31",
                             "report": "Strategigrupp barn och unga 9/12 kl. 9", "group": ""})
    assert out.startswith("✓"), out
    row, body = _last(services)
    assert (row.task, body, row.assignee_name, row.due_on) == (task, "BU", "Lina Lindman", date(2022, 10, 31))
    local = row.report_at.astimezone(services.zone)
    assert (local.date(), local.time(), row.report_to_text) == (date(2022, 12, 9), time(9), "Strategigrupp barn och unga")


def test_group_field_chooses_the_body_and_bad_dates_are_named(chat, services) -> None:  # type: ignore[no-untyped-def]
    _bodies(chat)
    assert "✗" not in chat('samverkan medlem lägg till Kristina Kamsten som sekreterare i "Strategigrupp vuxna"',
                           user=SECRETARY, channel=CHANNEL)
    out = _submit(services, {"assignee": "skolchef", "task": "grupp BU senast 31/10", "due": "", "report": "",
                             "group": "SG"})
    assert out.startswith("✓"), out
    row, body = _last(services)
    assert (row.task, body, row.due_on) == ("grupp BU senast 31/10", "SG", None)
    refused = _submit(services, {"assignee": "skolchef", "task": "x", "due": "30/2", "report": "", "group": ""})
    assert refused.startswith("✗") and "30 februari finns inte." in refused, refused
    missing = _submit(services, {"assignee": " ", "task": "x"})
    assert missing.startswith("✗") and "Vem (person eller funktion)" in missing, missing


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(KEYWORDS) | st.from_regex(r"[a-zåäöA-ZÅÄÖ0-9/.,:-]{1,12}", fullmatch=True),
                      min_size=1, max_size=14))
def test_form_stores_exactly_the_task_given(chat, services, clock, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))
    with services.sessions() as session:
        if session.scalars(select(Body)).first() is None:
            _bodies(chat)
    task = " ".join(words + ["senast"] + [w for w in KEYWORDS if w not in words][:3])
    out = _submit(services, {"assignee": "skolchef", "task": task, "due": "", "report": "", "group": ""})
    assert out.startswith("✓"), (task, out)
    row, body = _last(services)
    assert row.task == task and body == "BU"
    assert (row.due_on, row.due_time, row.report_at, row.report_to_text) == (None, None, None, None)
