"""`samverkan gallra`: finished utskick older than the setting go, pending ones and the record stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.cli_runner import invoke


def test_gallra_deletes_only_old_finished_rows(any_db_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade
    from storage.models import AuditEvent, OutboxMessage, Tenant

    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    now = datetime.now(UTC)
    sessions = make_session_factory(engine)
    with sessions() as s, s.begin():
        tenant = Tenant(platform="slack", external_id="TGALL", name="Gallring")
        s.add(tenant)
        s.flush()
        for key, state, age in (("old-sent", "sent", 120), ("old-failed", "failed", 100), ("old-pending", "pending", 120),
                                ("new-sent", "sent", 10)):
            s.add(OutboxMessage(tenant_id=tenant.id, key=key, kind="reminder", subject_type="assignment", subject_id=1,
                                send_at=now - timedelta(days=age), state=state))
        for age in (400 * 3, 30):
            s.add(AuditEvent(tenant_id=tenant.id, actor_name="Sara", action="x", subject_type="paragraph",
                             subject_id=1, created_at=now - timedelta(days=age)))

    def left() -> tuple[list[str], int]:
        with sessions() as s:
            return (sorted(s.scalars(select(OutboxMessage.key))),
                    s.scalar(select(func.count()).select_from(AuditEvent)) or 0)

    env = {"SAMVERKAN_DATABASE_URL": any_db_url, "SAMVERKAN_GALLRING_UTSKICK_DAGAR": "90"}
    dry = invoke(["gallra", "--torrkörning"], env=env, monkeypatch=monkeypatch)
    assert dry.exit_code == 0 and "Skulle gallra 2 utskick" in dry.output, dry.output
    assert left() == (["new-sent", "old-failed", "old-pending", "old-sent"], 2)
    done = invoke(["gallra"], env=env, monkeypatch=monkeypatch)
    assert done.exit_code == 0 and "inga loggrader" in done.output, done.output
    assert left() == (["new-sent", "old-pending"], 2)  # the audit trail is kept unless told otherwise
    done = invoke(["gallra"], env={**env, "SAMVERKAN_GALLRING_LOGG_AR": "3"}, monkeypatch=monkeypatch)
    assert done.exit_code == 0 and "1 loggrader" in done.output, done.output
    assert left() == (["new-sent", "old-pending"], 1)
    engine.dispose()
