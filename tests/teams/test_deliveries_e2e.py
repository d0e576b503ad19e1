"""Teams deliveries go through the one duplicate-delivery path: a lookup writes nothing, a
re-delivered write is applied once, and the scheduler's tick forgets old keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from storage.models import Body, ProcessedEvent
from tests.teams import payloads


def _count(services, model) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_lookups_write_no_key_and_a_retried_write_is_applied_once(server, connector, services) -> None:  # type: ignore[no-untyped-def]
    url = connector.url
    for _ in range(3):
        assert server.post(payloads.personal_message("beslut UTB 22/30", service_url=url)).status_code in (200, 201)
    assert _count(services, ProcessedEvent) == 0  # lookups change nothing, so they cost no dedupe row
    create = payloads.personal_message('samverkan organ ny "Styrgruppen" kort SG typ styrgrupp', service_url=url)
    for _ in range(2):  # the channel re-sends the same activity (same id)
        assert server.post(create).status_code in (200, 201)
    assert _count(services, Body) == 1 and _count(services, ProcessedEvent) == 1
    replies = [item for item in connector.delivered if "Styrgruppen" in str(item.activity)]
    assert len(replies) == 1  # the retry is answered with silence, not «finns redan»


def test_the_scheduler_tick_prunes_old_delivery_keys(services) -> None:  # type: ignore[no-untyped-def]
    from bot.notifiers import NotifierRegistry
    from schedules.scheduler import reminder_tick

    now = datetime(2022, 3, 30, 9, 0, tzinfo=UTC)
    with services.sessions() as session:
        session.add_all([ProcessedEvent(key="old", created_at=now - timedelta(days=3)),
                         ProcessedEvent(key="new", created_at=now - timedelta(hours=1))])
        session.commit()
    reminder_tick(sessions=services.sessions, registry=NotifierRegistry(notifiers={}, intervals={}), clock=lambda: now)
    with services.sessions() as session:
        assert set(session.scalars(select(ProcessedEvent.key))) == {"new"}
