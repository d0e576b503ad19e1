"""Every model round-trips on SQLite and PostgreSQL; migrations go up, down and up again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from storage.db import make_engine, make_session_factory
from storage.migrate import alembic_config, current, downgrade, upgrade
from storage.models import (
    Adjustment,
    AgendaItem,
    Agreement,
    Assignment,
    Attendance,
    AuditEvent,
    Base,
    Body,
    Case,
    ChannelBinding,
    Clause,
    Meeting,
    Membership,
    OutboxMessage,
    Paragraph,
    Person,
    ProcessedEvent,
    ReminderPlannerState,
    SearchWord,
    SourceDocument,
    Tenant,
    WebLinkGeneration,
    WebSecret,
)


def _populate(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tenant = Tenant(platform="slack", external_id="T1", name="Kommunen")
    session.add(tenant)
    session.flush()
    t = tenant.id
    body = Body(tenant_id=t, name="Utbildningsnämndens arbetsutskott", short_name="UTB AU", kind="arbetsutskott",
                settings={"before_days": [14, 3]})
    session.add(body)
    session.flush()
    child = Body(tenant_id=t, name="Strategigrupp barn och unga", kind="strategigrupp", parent_id=body.id)
    person = Person(tenant_id=t, name="Kristina Kamsten", platform_user_id="U1", dm_reference={"c": 1})
    session.add_all([child, person])
    session.flush()
    doc = SourceDocument(tenant_id=t, source_name="000.txt", content_hash="ab" * 32, kind="protocol", summary={"n": 1})
    session.add(doc)
    session.flush()
    meeting = Meeting(tenant_id=t, body_id=body.id, starts_at=datetime(2022, 3, 30, 11, tzinfo=UTC),
                      ends_at=datetime(2022, 3, 30, 12, 30, tzinfo=UTC), place="Digitalt möte",
                      adjusted_at=datetime(2022, 4, 4, 11, tzinfo=UTC), posted_on=date(2022, 4, 5),
                      source_document_id=doc.id)
    case = Case(tenant_id=t, dnr_key="UTB:2022:30", dnr_written="UTB 22/30", title="Ny samverkansmodell")
    session.add_all([meeting, case])
    session.flush()
    paragraph = Paragraph(tenant_id=t, body_id=body.id, meeting_id=meeting.id, year=2022, number=19,
                          title="Ny samverkansmodell i länet", case_id=case.id, distribution=["Kent Ylvefson, skolchef"],
                          documents=["Tjänsteskrivelse"], confidential=False)
    session.add(paragraph)
    session.flush()
    assignment = Assignment(tenant_id=t, body_id=child.id, paragraph_id=paragraph.id, clause_position=0,
                            assignee_name="skolchef", task="arbeta vidare", due_on=date(2022, 10, 31),
                            due_time=time(9, 0), report_at=datetime(2022, 12, 9, 8, tzinfo=UTC))
    session.add_all([
        Clause(tenant_id=t, paragraph_id=paragraph.id, position=0, text="ge skolchef i uppdrag"),
        Membership(tenant_id=t, body_id=body.id, person_id=person.id, role="sekreterare"),
        Membership(tenant_id=t, body_id=body.id, function="skolchef", role="adjungerad"),
        ChannelBinding(tenant_id=t, body_id=child.id, platform="slack", channel_id="C1", settings={"watch": True}),
        Attendance(tenant_id=t, meeting_id=meeting.id, name="Lina Lindman", kind="beslutande", party="VF"),
        Adjustment(tenant_id=t, meeting_id=meeting.id, name="Lina Lindman", state="justerad",
                   decided_at=datetime(2022, 4, 4, 11, tzinfo=UTC)),
        AgendaItem(tenant_id=t, meeting_id=meeting.id, position=1, title="Ny samverkansmodell", case_id=case.id),
        assignment,
        OutboxMessage(tenant_id=t, key="a:1:before:3", kind="before_due", subject_type="assignment", subject_id=1,
                      send_at=datetime(2022, 10, 28, 6, tzinfo=UTC), payload={"x": "å"}),
        AuditEvent(tenant_id=t, actor_name="Kristina", action="paragraph.record", subject_type="paragraph",
                   subject_id=paragraph.id, case_id=case.id, details={"före": None}),
        Agreement(tenant_id=t, body_id=body.id, source_document_id=doc.id, title="Samverkansavtal",
                  meetings_per_year=6, duties=["uppföljning"], member_functions=["Kvalitetschef"]),
        ProcessedEvent(key="slack:T1:Ev1", created_at=datetime(2022, 1, 1, tzinfo=UTC)),
        ReminderPlannerState(tenant_id=t, last_pass_at=datetime(2022, 3, 30, 6, tzinfo=UTC),
                             last_full_at=datetime(2022, 3, 30, 6, tzinfo=UTC)),
        SearchWord(tenant_id=t, word="samverkansmodell"),
        WebSecret(name="link", value="ab" * 32),
        WebLinkGeneration(tenant_id=t, person_id=person.id, generation=1),
    ])
    session.commit()
    return {"tenant": t, "paragraph": paragraph.id, "assignment": assignment.id}


def test_every_model_round_trips(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        ids = _populate(session)
    with sessions() as session:
        for model in (Tenant, Body, Person, Membership, ChannelBinding, Meeting, Attendance, Adjustment, Case,
                      AgendaItem, Paragraph, Clause, Assignment, OutboxMessage, AuditEvent, SourceDocument,
                      Agreement, ProcessedEvent, ReminderPlannerState, SearchWord, WebSecret, WebLinkGeneration):
            assert session.scalars(select(model)).first() is not None, model.__name__
        paragraph = session.get(Paragraph, ids["paragraph"])
        assert paragraph.case.dnr_written == "UTB 22/30"
        assert paragraph.distribution == ["Kent Ylvefson, skolchef"]
        assert [c.text for c in paragraph.clauses] == ["ge skolchef i uppdrag"]
        assert paragraph.meeting.starts_at == datetime(2022, 3, 30, 11, tzinfo=UTC)
        assignment = session.get(Assignment, ids["assignment"])
        assert assignment.due_time == time(9, 0) and assignment.due_on == date(2022, 10, 31)
        assert session.scalars(select(OutboxMessage)).one().payload == {"x": "å"}
    engine.dispose()


def test_migrations_upgrade_downgrade_upgrade(any_db_url: str) -> None:
    upgrade(any_db_url)
    assert current(any_db_url) == ScriptDirectory.from_config(alembic_config(any_db_url)).get_current_head()
    engine = make_engine(any_db_url)
    tables = set(inspect(engine).get_table_names())
    # The Slack OAuth tables (0008) are declared too, so they go up, down and up with the rest.
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= set(Base.metadata.tables)
    assert set(Base.metadata.tables) <= tables
    downgrade(any_db_url, revision="base")
    assert current(any_db_url) is None
    leftover = set(inspect(engine).get_table_names()) & set(Base.metadata.tables)
    assert not leftover
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}  # the search index went too
    upgrade(any_db_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_tenant_scoped_query_never_returns_other_tenant(any_db_url: str) -> None:
    from storage.tenancy import scoped

    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        a = Tenant(platform="slack", external_id="TA")
        b = Tenant(platform="teams", external_id="TB")
        session.add_all([a, b])
        session.flush()
        for tenant in (a, b):
            session.add(Body(tenant_id=tenant.id, name="Styrgrupp", kind="styrgrupp"))
        session.commit()
        rows = session.scalars(scoped(select(Body), Body, tenant_id=a.id)).all()
        assert [r.tenant_id for r in rows] == [a.id]
        assert all(r.tenant_id != b.id for r in session.scalars(scoped(select(Body), Body, tenant_id=a.id)))
    engine.dispose()
