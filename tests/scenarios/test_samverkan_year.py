"""Issue 18 «The samverkan year», played from the terminal chat on seed 004.

The Trelleborg samverkansavtal is imported in June 2018; its styrgrupp plans the six meetings of
läsåret 2018/2019, the sammankallande sends a kallelse with a deadline that the bot keeps, a
meeting is cancelled and an extra one called at short notice, an arbetsgrupp keeps
minnesanteckningar, and the last meeting of the läsår carries «Uppföljning av samverkansavtalet».
In between, the styrgrupp gives its arbetsgrupp a written uppdrag that reports back in writing,
records §§ with a sammanfattning (one under sekretess), a jäv and a replacement, has the protocol
justerat and expedierat with receipts, and the arbetsgrupp plans and calls from the forms and
exports its minnesanteckningar. Each step asserts what the record says, not only what the reply says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from handlers.archive.batch import import_file
from handlers.protocol.model import build_protocol
from handlers.protocol.render import render
from schedules.calendar import STOCKHOLM
from schedules.planning_pass import collect_plan
from storage.models import (
    Agreement,
    Assignment,
    Body,
    Meeting,
    Membership,
    OutboxMessage,
    Paragraph,
    Person,
)
from tests.conftest import seed_path

SECRETARY = "Kristina Kamsten"
CONVENER = "Linda Abrahamsson"
MEMBER = "Annikki Tinmark"
SG = "styrgrupp"
AE = "arbetsgrupp-elevhalsa"
FOLLOW_UP = "Uppföljning av samverkansavtalet"


def _day(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone(STOCKHOLM).date()


def _meetings(services, body_name: str) -> dict[date, Meeting]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        body = session.scalars(select(Body).where(Body.name.like(f"{body_name}%"))).one()
        rows = session.scalars(select(Meeting).where(Meeting.body_id == body.id)).all()
        for row in rows:
            _ = [(i.title, i.position) for i in row.agenda]  # load the agenda before the session closes
        return {_day(m): m for m in rows}


def _notice_days(services, *, now: datetime) -> set[date]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        plan = collect_plan(session=session, tenant_id=1, now=now, horizon=now + timedelta(days=30),
                            changed_since=None)
    return {e.reminder.send_at.astimezone(STOCKHOLM).date() for e in plan.entries if e.reminder.kind == "meeting_notice"}


@pytest.mark.seeds
def test_a_lasar_of_the_trelleborg_styrgrupp(chat, clock, services, monkeypatch,  # type: ignore[no-untyped-def]
                                             sqlite_url) -> None:
    # June 2018: the agreement signed «Trelleborg den 18/5-18» is imported.
    clock.set(datetime(2018, 6, 1, 9, 0, tzinfo=UTC))
    path = seed_path("004")
    import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=path.name)
    chat("samverkan organ lista", user=SECRETARY, channel=SG)
    with services.sessions() as session, session.begin():
        agreement = session.scalars(select(Agreement)).one()
        styrgrupp = session.get(Body, agreement.body_id)
        assert styrgrupp is not None and agreement.meetings_per_year == 6
        secretary = session.scalars(select(Person).where(Person.platform_user_id == SECRETARY)).one()
        session.add(Membership(tenant_id=styrgrupp.tenant_id, body_id=styrgrupp.id, person_id=secretary.id,
                               role="sekreterare"))
        name = styrgrupp.name
    for line in (f'samverkan kanal "{name}"', f"samverkan medlem lägg till @{CONVENER} som sammankallande",
                 f"samverkan medlem lägg till @{MEMBER} som ledamot"):
        assert "✓" in chat(line, user=SECRETARY, channel=SG), line

    # «Planeringen för kommande läsår görs på styrgruppen sista möte»: six meetings, one line.
    planned = chat("mote serie datum 18/9, 20/11, 15/1, 19/3, 21/5, 11/6 kl. 13:00-15:00 plats Stadshuset",
                   user=SECRETARY, channel=SG)
    assert "6 möten" in planned and "Observera" not in planned, planned
    assert FOLLOW_UP in planned and "Påminnelse om att avtalet löper ut skickas 1 april 2021" in planned, planned
    year = _meetings(services, "Styrgrupp")
    assert sorted(year) == [date(2018, 9, 18), date(2018, 11, 20), date(2019, 1, 15), date(2019, 3, 19),
                            date(2019, 5, 21), date(2019, 6, 11)]
    assert [i.title for i in year[date(2019, 6, 11)].agenda] == [FOLLOW_UP]
    shown = chat("samverkan avtal", user=MEMBER, channel=SG)
    for words in ("Bildningsförvaltningen, Socialförvaltningen", "Löper ut: 30 juni 2021", "Kvalitetschef",
                  "Möten per läsår: 6", "11 juni 2019"):
        assert words in shown, (words, shown)

    # September: a member brings an ärende; the sammankallande sends the kallelse with a deadline.
    clock.set(datetime(2018, 9, 3, 8, 0, tzinfo=UTC))
    assert "✓" in chat("dagordning lägg till Brister i samverkan kring skolfrånvaro möte 2018-09-18",
                       user=MEMBER, channel=SG)
    kallelse = chat("mote kallelse 2018-09-18 ärenden senast 2018-09-10", user=CONVENER, channel=SG)
    assert "Kallelse:" in kallelse and "Brister i samverkan kring skolfrånvaro" in kallelse, kallelse
    assert date(2018, 9, 11) not in _notice_days(services, now=clock())  # no automatic kallelse as well
    with services.sessions() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice",
                                                           OutboxMessage.key.like("kallelse:%"))).one()
    clock.set(datetime(2018, 9, 12, 8, 0, tzinfo=UTC))
    late = chat("dagordning lägg till Gemensam fortbildning möte 2018-09-18", user=MEMBER, channel=SG)
    assert "20 november 2018" in late, late

    # November is cancelled: its agenda (the late ärende) goes to January; an extra meeting is called.
    clock.set(datetime(2018, 11, 1, 8, 0, tzinfo=UTC))
    assert "inställt" in chat("mote ställ in 2018-11-20 eftersom krock med nämnden", user=CONVENER, channel=SG)
    assert "Gemensam fortbildning" in chat("dagordning 2019-01-15", user=SECRETARY, channel=SG)
    clock.set(datetime(2018, 11, 26, 8, 0, tzinfo=UTC))
    extra = chat("mote extra 2018-11-29 kl. 10:00 plats Teams", user=CONVENER, channel=SG)
    assert "kallelsen skickas redan idag" in extra, extra
    assert date(2018, 11, 26) in _notice_days(services, now=clock())
    assert date(2018, 11, 13) not in _notice_days(services, now=datetime(2018, 11, 12, 8, 0, tzinfo=UTC))

    # The styrgrupp's arbetsgrupp keeps minnesanteckningar, with an agreed action.
    for line in (f'samverkan organ ny "Arbetsgrupp elevhälsa" kort AE typ arbetsgrupp under "{name}"',
                 "samverkan kanal AE", "mote ny 2018-12-04 kl. 09:00 plats Rådhuset",
                 "dagordning lägg till Kartläggning av elevhälsan"):
        assert "✓" in chat(line, user=SECRETARY, channel=AE), line
    clock.set(datetime(2018, 12, 4, 11, 0, tzinfo=UTC))
    assert "✓" in chat("mote anteckning 1: Skolorna har lämnat sina svar. möte 2018-12-04", user=SECRETARY, channel=AE)
    assert "✓" in chat("mote åtgärd 1 Annikki Tinmark: sammanställa svaren till styrgruppen senast 2019-01-10 "
                       "möte 2018-12-04", user=SECRETARY, channel=AE)
    minutes = chat("mote anteckningar 2018-12-04", user=SECRETARY, channel=AE)
    assert "Minnesanteckningar – Arbetsgrupp elevhälsa" in minutes and "Skolorna har lämnat sina svar" in minutes
    assert "§" not in minutes, minutes
    assert "minnesanteckningar" in chat("protokoll klart 2018-12-04", user=SECRETARY, channel=AE)
    with services.sessions() as session:
        action = session.scalars(select(Assignment).where(Assignment.kind == "åtgärd")).one()
        assert (action.assignee_name, str(action.due_on)) == (MEMBER, "2019-01-10")

    _written_assignment_to_the_arbetsgrupp(chat, clock, services)
    _a_protocol_with_sammanfattning_and_jav(chat, clock, services)
    _expediering_with_receipts(chat, clock, services)
    _forms_and_the_minutes_export(chat, clock, services, monkeypatch=monkeypatch, sqlite_url=sqlite_url)

    # The last meeting of the läsår still carries the yearly follow-up; the agreement's end is reminded.
    agenda = chat("dagordning 2019-06-11", user=SECRETARY, channel=SG)
    assert FOLLOW_UP in agenda, agenda
    assert FOLLOW_UP not in chat("dagordning 2018-12-04", user=SECRETARY, channel=AE)
    assert "inget samverkansavtal" in chat("samverkan avtal", user=SECRETARY, channel=AE)
    with services.sessions() as session:
        end = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("agreement:%"))).one()
        assert end.send_at.astimezone(STOCKHOLM).date() == date(2021, 4, 1)
        assert "löper ut 30 juni 2021" in str(end.payload)


KALLE = "Kalle Karlsson"  # ersättare for the sammankallande on two §§
OUTSIDER = "Mats Mattsson"  # in the styrgrupp's channel, but no seat in it
MARCH = "2019-03-19"
REPORT_URL = "https://intranat.trelleborg.se/elevhalsa/rapport.pdf"
LONG_SUMMARY = " ".join(["Skolorna och individ- och familjeomsorgen har olika rutiner när en elev är borta länge."]
                        + ["Frånvarotrappan används i grundskolan men inte i gymnasiet, och kontakten med IFO tas "
                           "sent."] * 6)
SECRET_SUMMARY = "Eleven har varit borta sedan höstlovet och familjen har tackat nej till stöd från orosanmälningarna."


def _written_assignment_to_the_arbetsgrupp(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    """«Styrgruppens uppdrag ska formuleras skriftligt och innehålla hur och när uppdraget ska redovisas»."""
    clock.set(datetime(2019, 1, 15, 15, 0, tzinfo=UTC))
    assert "✓" in chat(f"samverkan medlem lägg till @{MEMBER} som sammankallande", user=SECRETARY, channel=AE)
    with services.sessions() as session:
        before = session.query(Assignment).count()
    vague = chat("uppdrag arbetsgrupp AE: sammanställa elevhälsans rutiner", user=SECRETARY, channel=SG)
    assert "hur och när" in vague and "redovisas skriftlig rapport till styrgruppen" in vague, vague
    no_date = chat("uppdrag arbetsgrupp AE: sammanställa rutinerna redovisas skriftligt till styrgruppen",
                   user=SECRETARY, channel=SG)
    assert "säger inte när" in no_date, no_date
    with services.sessions() as session:
        assert session.query(Assignment).count() == before  # nothing stored by a refusal
    given = chat("uppdrag arbetsgrupp AE: kartlägga elevhälsans samverkan senast 2019-03-01 "
                 f"redovisas skriftlig rapport till styrgruppen {MARCH}", user=SECRETARY, channel=SG)
    assert "✓" in given and f"sammankallande {MEMBER}" in given and "står på dagordningen" in given, given
    with services.sessions() as session:
        task = session.scalars(select(Assignment).where(Assignment.assignee_body_id.is_not(None))).one()
        owner = session.get(Person, task.assignee_person_id)
        group = session.get(Body, task.assignee_body_id)
        assert (owner.name, group.short_name, task.report_form, str(task.due_on)) == (
            MEMBER, "AE", "skriftlig rapport", "2019-03-01")
        task_id = task.id
    assert "kartlägga elevhälsans samverkan" in chat("uppdrag mina", user=MEMBER, channel=SG)
    assert "kartlägga elevhälsans samverkan" not in chat("uppdrag mina", user=CONVENER, channel=SG)
    item = "Återrapportering: kartlägga elevhälsans samverkan (Arbetsgrupp elevhälsa, skriftlig rapport)"
    assert item in chat(f"dagordning {MARCH}", user=SECRETARY, channel=SG)

    # The group hands in its written report; only its sammankallande (or the secretary) can.
    clock.set(datetime(2019, 3, 1, 9, 0, tzinfo=UTC))
    assert "Bara arbetsgruppens" in chat(f"uppdrag rapport {task_id} {REPORT_URL}", user=CONVENER, channel=SG)
    assert "ingen länk" in chat(f"uppdrag rapport {task_id} rapporten.docx", user=MEMBER, channel=SG)
    assert "✓" in chat(f"uppdrag rapport {task_id} {REPORT_URL}", user=MEMBER, channel=SG)
    agenda = chat(f"dagordning {MARCH}", user=SECRETARY, channel=SG)
    assert f"{item} – rapport: {REPORT_URL}" in agenda, agenda


def _a_protocol_with_sammanfattning_and_jav(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    """19 March: §§ with a sammanfattning (one of them sekretess), a jäv and a replacement, justerat."""
    clock.set(datetime(2019, 3, 19, 15, 0, tzinfo=UTC))
    one = chat("\n".join([f"beslut registrera § 1 Brister i samverkan kring skolfrånvaro möte {MARCH}",
                           f"sammanfattning: {LONG_SUMMARY}",
                           "beslut: att ge kvalitetschefen i uppdrag att ta fram en gemensam rutin",
                           f"skickas till: {MEMBER}; {CONVENER}; Bildningsnämnden"]), user=SECRETARY, channel=SG)
    assert "Sammanfattning" in one and f"(visar 600 av {len(LONG_SUMMARY)} tecken" in one, one
    assert LONG_SUMMARY not in one  # collapsed in chat …
    secret = chat("\n".join([f"beslut registrera § 2 Samverkan kring en elev möte {MARCH}",
                              f"sammanfattning: {SECRET_SUMMARY}", "beslut: att upprätta en samordnad plan",
                              f"skickas till: {MEMBER}; Socialnämnden", "sekretess"]), user=SECRETARY, channel=SG)
    assert "✓" in secret or "registrerad" in secret.lower(), secret
    assert "✓" in chat(f"beslut registrera § 3 Bidrag till föreningen Unga Trelleborg möte {MARCH}: "
                       "att bevilja bidraget", user=SECRETARY, channel=SG)
    with services.sessions() as session:
        first = session.scalars(select(Paragraph).where(Paragraph.number == 1, Paragraph.year == 2019)).one()
        assert first.body_text == LONG_SUMMARY  # … but stored whole

    # Searchable: a word only the sammanfattning has finds the §; the sekretess one stays hidden to outsiders.
    found = chat("beslut frånvarotrappan", user=OUTSIDER, channel=SG)
    assert "Brister i samverkan kring skolfrånvaro" in found, found
    for line in ("beslut orosanmälningarna", "beslut § 2 2019"):
        hidden = chat(line, user=OUTSIDER, channel=SG)
        assert "tackat nej" not in hidden and "höstlovet" not in hidden, hidden

    # Jäv and a replacement, with the refusals a stranger would meet.
    assert "ingen plats" in chat(f"protokoll jäv § 3 Okänd Person möte {MARCH}", user=SECRETARY, channel=SG)
    assert "ingen paragraf inom § 9" in chat(f"protokoll jäv § 9 {MEMBER} möte {MARCH}", user=SECRETARY, channel=SG)
    assert "inget paragrafintervall" in chat(f"protokoll jäv tre {MEMBER}", user=SECRETARY, channel=SG)
    refused = chat(f"protokoll jäv § 3 {MEMBER} möte {MARCH}", user=OUTSIDER, channel=SG)
    assert "sekreterare" in refused and "✓" not in refused, refused
    jav = chat(f"protokoll jäv § 3 {MEMBER} möte {MARCH}", user=SECRETARY, channel=SG)
    assert f"{MEMBER} deltar inte i handläggningen på grund av jäv" in jav, jav
    swap = chat(f"protokoll ersättare §§ 2–3 {KALLE} ersätter {CONVENER} möte {MARCH}", user=SECRETARY, channel=SG)
    assert "✓" in swap, swap
    protocol = chat(f"protokoll {MARCH}", user=SECRETARY, channel=SG)
    assert f"{MEMBER} deltar inte i handläggningen på grund av jäv." in protocol, protocol
    assert f"§§ 2–3: {KALLE} ersätter {CONVENER}" in protocol and f"{KALLE} ersätter {CONVENER}." in protocol
    assert protocol.index("§ 3 Bidrag") < protocol.index("deltar inte i handläggningen")  # under its own §
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.id == first.meeting_id)).one()
        text = render(build_protocol(session, meeting, zone=STOCKHOLM, include_confidential=True), fmt="md").decode()
        public = render(build_protocol(session, meeting, zone=STOCKHOLM), fmt="md").decode()
    assert LONG_SUMMARY in text and SECRET_SUMMARY in text and f"{MEMBER} deltar inte i handläggningen" in text
    assert "höstlovet" not in public and "Frånvarotrappan" in public  # the sekretess § is hidden in the public one

    # Justering; expediering waits for it, and a justerat protocol takes no more jäv.
    assert "✓" in chat(f"mote justerare {CONVENER} möte {MARCH}", user=SECRETARY, channel=SG)
    chat(f"protokoll klart {MARCH}", user=SECRETARY, channel=SG)
    assert "inte justerat ännu" in chat(f"protokoll expediera {MARCH}", user=SECRETARY, channel=SG)
    chat(f"protokoll justera {MARCH}", user=CONVENER, channel=SG)
    assert "justerat" in chat(f"protokoll jäv § 1 {MEMBER} möte {MARCH}", user=SECRETARY, channel=SG)


def _expediering_with_receipts(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    """«Beslutet ska skickas till»: members get a DM with «Mottaget», others a link; sekretess stays inside."""
    clock.set(datetime(2019, 3, 20, 8, 0, tzinfo=UTC))
    sent = chat(f"protokoll expediera {MARCH}", user=SECRETARY, channel=SG)
    assert "«Mottaget»-knapp: 3" in sent and "länk att mejla: 1" in sent, sent
    # issue 18's table, imported here so that the old code fails on the chat reply above, not on an import
    from storage.models import DispatchReceipt

    assert "Bildningsnämnden: http" in sent and "/paragraf/" in sent, sent
    assert "1 mottagare utanför organet fick inget" in sent and "Socialnämnden" not in sent, sent
    with services.sessions() as session:
        dms = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("expediering:%"))).all()
        assert sorted(m.destination for m in dms) == sorted([MEMBER, MEMBER, CONVENER])
        assert {m.audience for m in dms} == {"person"}
        assert all("protokoll mottaget" in str(m.payload) for m in dms)
        secret_id = session.scalars(select(Paragraph.id).where(Paragraph.number == 2, Paragraph.year == 2019)).one()
        secret_dms = [m for m in dms if m.subject_id == secret_id]
        assert [m.destination for m in secret_dms] == [MEMBER]  # sekretess: the member only, never Socialnämnden
        assert SECRET_SUMMARY in str(secret_dms[0].payload)  # the utdrag carries its whole sammanfattning
        assert LONG_SUMMARY in str([m.payload for m in dms if m.subject_id != secret_id])
        assert not [m for m in session.scalars(select(OutboxMessage))
                    if "höstlovet" in str(m.payload) and m.audience != "person"]  # never into a channel
        receipts = {(r.recipient, r.paragraph_id): r for r in session.scalars(select(DispatchReceipt))}
        held = [r for r in receipts.values() if r.kind == "withheld"]
        assert [r.recipient for r in held] == ["Socialnämnden"] and held[0].sent_at is None
        mine = next(r.id for (who, _p), r in receipts.items() if who == MEMBER and r.kind == "member")
        linda = next(r.id for (who, _p), r in receipts.items() if who == CONVENER)
        rows = session.query(OutboxMessage).count()
    again = chat(f"protokoll expediera {MARCH}", user=SECRETARY, channel=SG)
    assert "5 mottagare var redan expedierade" in again and "knapp: 0" in again, again
    with services.sessions() as session:
        assert session.query(OutboxMessage).count() == rows  # nobody gets a § twice

    clock.set(datetime(2019, 3, 21, 10, 30, tzinfo=UTC))
    assert "bara mottagaren" in chat(f"protokoll mottaget {linda}", user=MEMBER, channel=MEMBER)
    assert "Tack" in chat(f"protokoll mottaget {mine}", user=MEMBER, channel=MEMBER)
    assert "registrerades redan" in chat(f"protokoll mottaget {mine}", user=MEMBER, channel=MEMBER)
    status = chat(f"protokoll expediering {MARCH}", user=SECRETARY, channel=SG)
    for words in (f"✓ {MEMBER} – mottaget 21 mars 2019", f"⏳ {CONVENER} – inte kvitterat",
                  "✉ Bildningsnämnden – extern mottagare", "🔒 Socialnämnden – inte skickat: sekretess",
                  "2 av 3 har inte kvitterat"):
        assert words in status, (words, status)
    assert "sekreterare" in chat(f"protokoll expediering {MARCH}", user=MEMBER, channel=SG).lower()


def _forms_and_the_minutes_export(chat, clock, services, *, monkeypatch, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    """The arbetsgrupp plans its spring from the form, sends a kallelse from the form, exports its notes."""
    from dataclasses import replace

    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch
    from tests.cli_runner import invoke

    def submit(line: str, values: dict[str, str]) -> str:
        inv = replace(invocation_for(line, user=SECRETARY, channel=AE), form_values=values)
        return render_text(dispatch(inv, services=services))

    clock.set(datetime(2019, 3, 25, 9, 0, tzinfo=UTC))
    form = dispatch(invocation_for("mote serie", user=SECRETARY, channel=AE), services=services).form
    assert form is not None and form.command == "mote serie" and {f.name for f in form.fields} >= {"dates", "place"}
    planned = submit("mote serie", {"dates": "9/4, 14/5", "time": "09:00-10:00", "place": "Rådhuset, organ 2"})
    assert "2 möten" in planned, planned
    spring = _meetings(services, "Arbetsgrupp")
    assert spring[date(2019, 4, 9)].place == "Rådhuset, organ 2" and spring[date(2019, 5, 14)].has_time
    assert "måste fyllas i" in submit("mote serie", {"dates": " "})
    kallelse_form = dispatch(invocation_for("mote kallelse formulär", user=SECRETARY, channel=AE),
                             services=services).form
    assert kallelse_form is not None and kallelse_form.command == "mote kallelse"
    sent = submit("mote kallelse", {"meeting": "2019-04-09", "deadline": "2019-04-02"})
    assert "Kallelse:" in sent, sent
    with services.sessions() as session:
        april = session.get(Meeting, spring[date(2019, 4, 9)].id)
        assert april.notice_sent_at is not None
        # ärenden are taken through the whole deadline day: it closes at its end
        assert april.agenda_closes_at.astimezone(STOCKHOLM) == datetime(2019, 4, 3, tzinfo=STOCKHOLM)

    for fmt, marker in (("md", b"# Minnesanteckningar"), ("pdf", b"%PDF")):
        done = invoke(["export", "protocol", "--organ", "AE", "--datum", "2018-12-04", "--format", fmt],
                      env={"SAMVERKAN_DATABASE_URL": sqlite_url}, monkeypatch=monkeypatch)
        assert done.exit_code == 0, done.output
        assert marker in done.stdout_bytes, done.stdout_bytes[:200]
    md = invoke(["export", "protocol", "--organ", "AE", "--datum", "2018-12-04", "--format", "md"],
                env={"SAMVERKAN_DATABASE_URL": sqlite_url}, monkeypatch=monkeypatch).stdout
    assert "Skolorna har lämnat sina svar" in md and "§" not in md and "Justera" not in md, md
