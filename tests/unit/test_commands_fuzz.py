"""Arbitrary text to every command: always a reply, never an exception, never a partial write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.console import invocation_for
from handlers import registry
from handlers.dispatch import dispatch
from storage.models import Assignment, AuditEvent, Clause, Paragraph

SUBCOMMANDS = [f"{spec.name} {sub}" for spec in registry.COMMANDS for sub in spec.subcommands] + [
    spec.name for spec in registry.COMMANDS
]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


def _counts(services) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Paragraph, Clause, Assignment))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(SUBCOMMANDS), rest=text)
def test_any_text_gets_a_reply_and_errors_write_nothing(services, command: str, rest: str) -> None:  # type: ignore[no-untyped-def]
    before = _counts(services)
    with services.sessions() as session:
        audits_before = session.scalar(select(func.count()).select_from(AuditEvent))
    reply = dispatch(invocation_for(f"{command} {rest}", user="Fuzz", channel="fuzz"), services=services)
    assert reply.text or reply.title or reply.form or reply.sections
    assert reply.text != "Något gick fel hos mig, och ingenting har sparats. Försök igen om en stund."
    if reply.tone == "error":
        assert _counts(services) == before
        with services.sessions() as session:
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == audits_before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(SUBCOMMANDS), rest=text)
def test_secretary_fuzz_never_crashes(secretary_setup, command: str, rest: str) -> None:  # type: ignore[no-untyped-def]
    services = secretary_setup
    before = _counts(services)
    reply = dispatch(invocation_for(f"{command} {rest}", user="Sekreteraren", channel="styr"), services=services)
    assert reply.text != "Något gick fel hos mig, och ingenting har sparats. Försök igen om en stund."
    if reply.tone == "error":
        assert _counts(services) == before


import pytest  # noqa: E402


@pytest.fixture
def secretary_setup(services, chat):  # type: ignore[no-untyped-def]
    chat('samverkan organ ny "Styrgruppen" typ styrgrupp', user="Sekreteraren", channel="styr")
    chat("samverkan kanal Styrgruppen", user="Sekreteraren", channel="styr")
    chat("mote ny 2022-04-20 kl. 9", user="Sekreteraren", channel="styr")
    return services
