"""Acceptance test of issue #15 «The record can be trusted»: a läsår of meetings, typed in the chat.

The styrgrupp of seed 004 (the Trelleborg samverkansavtal: seats tied to «befattning/funktion och
inte till person», «sex möte per läsår», sammankallande and sekreterare from different
förvaltningar) and the three strategigrupper of seed 003 (barn och unga, vuxna, äldre) meet from
September 2022 to June 2023. The secretary records the seed 003 decision with its deadlines,
gives the strategigrupper uppdrag that report back to the styrgrupp, marks uppdrag done, moves
deadlines with a reason, sends a report-back to another body's meeting, runs justering in chat,
is refused when adding to a justerat protocol, corrects a typo of the seed with ``/beslut rätta``,
rewrites a § of a protocol sent back by a justerare with ``ersätt``, and records a sekretess §
whose report-back lands on a strategigrupp's agenda.

After every command the whole record is read back from the database (``record_snapshot``) and
the change is asserted row by row, so a reply that says «✓» while the record says otherwise — or a
refusal that still stores something — fails here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from storage.models import OutboxMessage, Paragraph
from tests.conftest import seed_path
from tests.scenarios.record_snapshot import (
    BodyRow,
    Event,
    Item,
    Meet,
    Para,
    Record,
    Seat,
    Upp,
    diff,
    new_audit_details,
    snapshot,
)

SECRETARY = "Kristina Kamsten"
SG, BU, VU, AL = "SG", "BU", "VU", "ÄL"
SG_NAME = "Styrgruppen"
CHANNEL = {SG: "styrgrupp", BU: "strategigrupp-bu", VU: "strategigrupp-vu", AL: "strategigrupp-al"}
STRATEGIGRUPPER = ((BU, "Strategigrupp barn och unga"), (VU, "Strategigrupp vuxna"), (AL, "Strategigrupp äldre"))
JOHAN, SOFIA, LISA = "Johan Berg", "Sofia Nilsson", "Lisa Ström"  # function holders; a BU member
KENT = "Kent Ylvesson"  # skolchef in seed 000
GRUNDSKOLA = "Utbildningschef för grundskola och grundsärskola"
IFO_CHEF = "Avdelningschef för Individ och familjeomsorg"
IFO_UTV = "Verksamhetsutvecklare för Individ och familjeomsorg"
KVALITET = "Kvalitetschef"
SG_MEETINGS = ("2022-09-07", "2022-10-19", "2022-12-07", "2023-02-08", "2023-04-19", "2023-06-07")
BU_MEETINGS = ("2022-09-23", "2022-12-09", "2023-02-24")  # 23/9 and 9/12 are seed 003's «gemensamt möte»
PLACE = "Stadshuset, sammanträdesrum Kullen"


# --- The seeds ----------------------------------------------------------------------------------------

def seed_004_functions(text: str) -> list[str]:
    """«I styrgruppen ingår följande funktion/befattningar:» — the six seats of the styrgrupp."""
    block = text.split("I styrgruppen ingår följande funktion/befattningar:", 1)[1].split("Förvaltningschefernas", 1)[0]
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def seed_004_forvaltningschefer(text: str) -> dict[str, str]:
    """The signatories: förvaltning → name («Linda Abrahamsson / Förvaltningschef / Bildningsförvaltningen»)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {lines[i + 1]: lines[i - 1] for i, line in enumerate(lines) if line == "Förvaltningschef"}


def seed_003_clauses(text: str) -> list[str]:
    """The att-clauses «to socialtjänst och region» (the block whose 8/4 has its «kl. 9»)."""
    block = text.split("Förslag till socialtjänst och region att fatta beslut om inom ramen för socialreko:", 1)[1]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("att ")]


# --- Driving the chat ---------------------------------------------------------------------------------

class Year:
    """The secretary's chat over the läsår, with the record read back around every command."""

    def __init__(self, chat, services, clock) -> None:  # type: ignore[no-untyped-def]
        self.chat, self.services, self.clock = chat, services, clock
        self.before: Record = snapshot(services)
        self.after: Record = self.before
        self.reply = ""

    def at(self, day: str, hh: int = 8, mm: int = 0) -> None:
        """Set the clock (UTC) — the bot reads time only through it."""
        self.clock.set(datetime.fromisoformat(day).replace(hour=hh, minute=mm, tzinfo=UTC))

    def say(self, line: str, *, user: str = SECRETARY, at: str = SG, ok: str | None = "✓") -> dict[str, Any]:
        """Type one line in a body's channel; return what it changed in the record."""
        self.before = snapshot(self.services)
        self.reply = self.chat(line, user=user, channel=CHANNEL[at])
        if ok is not None:
            assert self.reply.startswith(ok), (line, self.reply)
        self.after = snapshot(self.services)
        return diff(self.before, self.after)

    def refused(self, line: str, *, user: str = SECRETARY, at: str = SG, words: tuple[str, ...] = ()) -> str:
        """A refusal: «✗», the expected explanation, and not one row changed (not even the audit)."""
        changes = self.say(line, user=user, at=at, ok="✗")
        assert changes == {}, (line, changes)
        for word in words:
            assert word in self.reply, (line, word, self.reply)
        return self.reply

    def look(self, line: str, *, user: str = SECRETARY, at: str = SG) -> str:
        """A read (agenda, protocol, lookup): its answer, and nothing in the record changed."""
        assert self.say(line, user=user, at=at, ok=None) == {}, line
        return self.reply

    def submit_decision_form(self, values: dict[str, str]) -> dict[str, Any]:
        """The Slack/Teams decision form: the adapter hands the field values over as typed."""
        from dataclasses import replace

        from bot.console import invocation_for
        from bot.render_text import render_text
        from handlers.dispatch import dispatch

        self.before = snapshot(self.services)
        inv = replace(invocation_for("beslut registrera", user=SECRETARY, channel=CHANNEL[SG]), form_values=values)
        self.reply = render_text(dispatch(inv, services=self.services))
        self.after = snapshot(self.services)
        return diff(self.before, self.after)

    def added(self, table: str) -> list[Any]:
        """Keys of the rows the last step added to ``table`` (ids, in order)."""
        return sorted(set(getattr(self.after, table)) - set(getattr(self.before, table)))

    def agenda_id(self, key: tuple[str, str]) -> int:
        return self.after.agenda_ids[key]

    def details(self) -> list[dict[str, Any]]:
        return new_audit_details(self.before, self.after)

    def outbox(self, kind: str) -> list[tuple[str, str, int]]:
        with self.services.sessions() as session:
            rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id))
            return [(row.destination, row.subject_type, row.subject_id) for row in rows]


def ev(action: str, subject_type: str, subject_id: int | None, actor: str = SECRETARY) -> Event:
    return Event(action, actor, subject_type, subject_id)


def meeting_row(body: str, day: str, start: str, end: str, place: str) -> Meet:
    return Meet(body, f"{day} {start}", f"{day} {end}", place, "planerat", None, None, None, None, None, ())


def adjusted_meeting(row: Meet, *, when: str, adjusters: tuple[str, ...]) -> Meet:
    """A styrgrupp meeting after its last justerare: justerat, no anslag, no överklagandetid."""
    return row._replace(state="justerat", adjusted=when, adjustment_place_time=f"Digital justering {when}",
                        adjusters=tuple((name, name, "justerad", when) for name in adjusters))


def no_anslag(text: str) -> None:
    """A tjänstepersonsorgan posts no anslag: no ANSLAG/BEVIS block, no överklagande in the text."""
    lowered = text.lower()
    assert "anslag" not in lowered and "överklag" not in lowered and "nedtag" not in lowered, text


# --- The läsår ----------------------------------------------------------------------------------------

def test_a_year_of_meetings_keeps_a_record_that_can_be_trusted(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    seed_003 = seed_path("003").read_text(encoding="utf-8")
    seed_004 = seed_path("004").read_text(encoding="utf-8")
    functions = seed_004_functions(seed_004)
    assert GRUNDSKOLA in functions and IFO_CHEF in functions and IFO_UTV in functions and KVALITET in functions
    assert "sex möte per läsår" in seed_004 and len(SG_MEETINGS) == 6
    chefs = seed_004_forvaltningschefer(seed_004)
    new_skolchef, socialchef = chefs["Bildningsförvaltningen"], chefs["Socialförvaltningen"]
    clauses_003 = seed_003_clauses(seed_003)
    assert len(clauses_003) == 6

    year = Year(chat, services, clock)
    ids = _set_up_the_bodies(year, functions=functions, socialchef=socialchef)
    ids |= _plan_the_year(year)
    ids |= _first_meeting(year, clauses_003=clauses_003)
    _justering_of_the_first_meeting(year, ids)
    _the_justerat_protocol_is_closed(year)
    _autumn_follow_up(year, ids)
    ids |= _second_meeting_sent_back_and_replaced(year, ids)
    _correction_of_the_seed_typo(year, ids, clauses_003=clauses_003)
    ids |= _sekretess_at_the_december_meeting(year, ids)
    _new_skolchef(year, skolchef=new_skolchef)
    _last_meeting_of_the_year(year, ids)


def _set_up_the_bodies(year: Year, *, functions: list[str], socialchef: str) -> dict[str, Any]:
    year.at("2022-08-15")
    for person in (JOHAN, SOFIA, KENT, socialchef, LISA):  # each has used the bot once: a platform id
        assert "Mina uppdrag" in year.chat("uppdrag mina", user=person, channel=CHANNEL[SG])

    changes = year.say(f'samverkan organ ny "{SG_NAME}" kort SG typ styrgrupp')
    (secretary_seat,) = year.added("seat")
    assert changes == {
        "body": {SG: BodyRow(SG_NAME, "styrgrupp", None, False)},
        "seat": {secretary_seat: Seat(SG, None, SECRETARY, "sekreterare", None, None)},
        "audit": [ev("body.create", "body", changes["audit"][0].subject_id)],
    }
    changes = year.say(f"samverkan kanal {SG_NAME}")
    assert changes == {"channel": {CHANNEL[SG]: SG}, "audit": [ev("channel.bind", "channel", changes["audit"][0].subject_id)]}

    seats: dict[str, int] = {}
    for function in functions:  # seed 004: «knutet till befattning/funktion och inte till person»
        role = "sammankallande" if function == IFO_CHEF else "ledamot"  # the other förvaltning than the secretary
        changes = year.say(f"samverkan medlem lägg till funktion {function} som {role}")
        (seats[function],) = year.added("seat")
        assert changes == {"seat": {seats[function]: Seat(SG, function, None, role, None, None)},
                           "audit": [ev("member.add", "membership", seats[function])]}
    for function, holder in ((GRUNDSKOLA, JOHAN), (IFO_CHEF, SOFIA)):
        changes = year.say(f"samverkan medlem koppla funktion {function} till @{holder}")
        seat = year.before.seat[seats[function]]
        assert changes == {"seat": {seats[function]: seat._replace(holder=holder, start_on=date(2022, 8, 15))},
                           "audit": [ev("member.function_link", "body", changes["audit"][0].subject_id)]}
        assert year.details() == [{"function": function, "user": holder, "who": holder, "before": []}]
    # The förvaltningschefer join once a year (seed 004): adjungerade, seated by function.
    for function, holder in (("skolchef", KENT), ("socialchef", socialchef)):
        changes = year.say(f"samverkan medlem lägg till funktion {function} som adjungerad")
        (seats[function],) = year.added("seat")
        changes = year.say(f"samverkan medlem koppla funktion {function} till @{holder}")
        assert changes["seat"] == {seats[function]: Seat(SG, function, holder, "adjungerad", date(2022, 8, 15), None)}

    for short, name in STRATEGIGRUPPER:
        changes = year.say(f'samverkan organ ny "{name}" kort {short} typ strategigrupp under {SG_NAME}', at=short)
        assert changes["body"] == {short: BodyRow(name, "strategigrupp", SG, False)}
        assert year.say(f'samverkan kanal "{name}"', at=short)["channel"] == {CHANNEL[short]: short}
    changes = year.say(f"samverkan medlem lägg till @{LISA} som ledamot", at=BU)
    (lisa_seat,) = year.added("seat")
    assert changes == {"seat": {lisa_seat: Seat(BU, None, LISA, "ledamot", None, None)},
                       "audit": [ev("member.add", "membership", lisa_seat)]}

    members = year.look("samverkan medlemmar", user=SECRETARY, at=SG)
    assert f"{GRUNDSKOLA} (innehas av {JOHAN}) – ledamot" in members, members
    assert f"{IFO_CHEF} (innehas av {SOFIA}) – sammankallande" in members, members
    assert f"skolchef (innehas av {KENT}) – adjungerad" in members, members
    return {"seats": seats}


def _plan_the_year(year: Year) -> dict[str, Any]:
    """Six styrgrupp meetings (seed 004) and the strategigrupp BU's, planned in August."""
    for day in SG_MEETINGS:
        changes = year.say(f"mote ny {day} kl. 13:00-15:00 plats {PLACE}")
        assert changes == {"meeting": {f"SG {day}": meeting_row(SG, day, "13:00", "15:00", PLACE)},
                           "audit": [ev("meeting.create", "meeting", changes["audit"][0].subject_id)]}
    for day in BU_MEETINGS:
        changes = year.say(f"mote ny {day} kl. 9:00-11:00 plats Digitalt möte", at=BU)
        assert changes == {"meeting": {f"BU {day}": meeting_row(BU, day, "09:00", "11:00", "Digitalt möte")},
                           "audit": [ev("meeting.create", "meeting", changes["audit"][0].subject_id)]}
    listing = year.look("mote lista", user=SECRETARY, at=SG)
    assert listing.count(PLACE) == 6, listing

    # The agenda of the first meeting, more than ten days ahead.
    year.at("2022-08-22")
    changes = year.say("dagordning lägg till Fortsatt arbete med samverkansmodellen dnr SG 2022/12 "
                       f"föredragande {SOFIA} beslut möte 2022-09-07")
    item_case = ("SG 2022-09-07", "Fortsatt arbete med samverkansmodellen")
    assert changes == {
        "agenda": {item_case: Item(1, "beslut", "SG 2022/12", SOFIA, SECRETARY, None)},
        "case": {"SG 2022/12": "Fortsatt arbete med samverkansmodellen"},
        "audit": [ev("agenda.add", "agenda_item", year.agenda_id(item_case))],
    }
    changes = year.say("dagordning lägg till Läget i elevhälsan information", user=JOHAN)  # the next meeting
    item_info = ("SG 2022-09-07", "Läget i elevhälsan")
    assert changes == {"agenda": {item_info: Item(2, "information", None, None, JOHAN, None)},
                       "audit": [ev("agenda.add", "agenda_item", year.agenda_id(item_info), actor=JOHAN)]}
    year.refused("dagordning lägg till Skolskjutsar information", user=LISA, words=("inte medlem",))
    changes = year.say("dagordning flytta 2 till 1")
    assert changes == {"agenda": {item_info: year.before.agenda[item_info]._replace(position=1),
                                  item_case: year.before.agenda[item_case]._replace(position=2)},
                       "audit": [ev("agenda.move", "agenda_item", year.agenda_id(item_info))]}
    agenda = year.look("dagordning", user=JOHAN, at=SG)
    assert agenda.index("1. Läget i elevhälsan") < agenda.index("2. Fortsatt arbete med samverkansmodellen"), agenda
    return {"items_m1": (item_info, item_case)}


def _first_meeting(year: Year, *, clauses_003: list[str]) -> dict[str, Any]:
    """7 September: seed 003's decision with its deadlines, and uppdrag to the three strategigrupper."""
    year.at("2022-09-07", 14, 30)
    record = "\n".join(["beslut registrera Fortsatt arbete med samverkansmodellen", "dnr: SG 2022/12",
                        "möte: 2022-09-07",
                        "förslag: Beredningsgruppen föreslår att arbetet utgår från konsulternas förslag.",
                        "beslut: Styrgruppen beslutar", *clauses_003,
                        "skickas till: Socialnämnden; Bildningsnämnden"])
    changes = year.say(record)
    (p1,) = year.added("paragraph")
    a1, a2, a3, a4, a5 = year.added("assignment")
    assert "§ 1 är registrerad för Styrgruppen (2022)" in year.reply
    assert all(f"#{a} beredningsgruppen" in year.reply for a in (a1, a2, a3, a4, a5)), year.reply
    tasks = [clause.removeprefix("att ") for clause in clauses_003]
    ref = "SG § 1 2022"
    assert changes == {
        "paragraph": {p1: Para(SG, 2022, 1, "SG 2022-09-07", "Fortsatt arbete med samverkansmodellen", "SG 2022/12",
                               "Beredningsgruppen föreslår att arbetet utgår från konsulternas förslag.",
                               "Styrgruppen beslutar", tuple(tasks), ("Socialnämnden", "Bildningsnämnden"), (),
                               False, False, 0)},
        # The deadlines of seed 003, read from the meeting date: 8/4, 1/5 → 3/6, 23/9, 31/10 → 9/12.
        "assignment": {
            a1: Upp(ref, 1, "beredningsgruppen", tasks[1], None, None, None, None, None, None, "uppdrag", "open", False),
            a2: Upp(ref, 2, "beredningsgruppen", tasks[2], date(2023, 4, 8), time(9), None, "2023-04-08 09:00", None,
                    "gemensamt möte (region, skola och socialtjänst)", "deluppföljning", "open", False),
            a3: Upp(ref, 3, "beredningsgruppen", tasks[3], date(2023, 5, 1), None, None, "2023-06-03 09:00", None,
                    "gemensamt möte (skola, socialtjänst och region)", "återrapportering", "open", False),
            a4: Upp(ref, 4, "beredningsgruppen", tasks[4], date(2022, 9, 23), time(9), None, "2022-09-23 09:00", None,
                    "gemensamt möte (socialtjänst, skola och region)", "deluppföljning", "open", False),
            a5: Upp(ref, 5, "beredningsgruppen", tasks[5], date(2022, 10, 31), None, None, "2022-12-09 09:00", None,
                    "gemensamt möte (skola, socialtjänst och region)", "återrapportering", "open", False),
        },
        "audit": [ev("paragraph.record", "paragraph", p1)],
    }
    assert year.details()[0]["clauses"] == tasks

    line = ("beslut registrera Uppdrag till strategigrupperna dnr SG 2022/13: "
            "att ge strategigrupp barn och unga i uppdrag att ta fram en gemensam handlingsplan för tidiga insatser "
            "senast 30/11 och återrapportera till styrgruppen 7/12; "
            "att ge strategigrupp vuxna i uppdrag att kartlägga samverkan kring personer med samsjuklighet "
            "senast 31/1 och återrapportera till styrgruppen 8/2; "
            "att ge strategigrupp äldre i uppdrag att återkomma med en lägesrapport om trygg hemgång "
            "till styrgruppen 19/4")
    changes = year.say(line)  # no «möte»: the meeting held today
    (p2,) = year.added("paragraph")
    a6, a7, a8 = year.added("assignment")
    tasks2 = [part.strip().removeprefix("att ") for part in line.split(": ", 1)[1].split(";")]
    ref = "SG § 2 2022"
    back = "Återrapportering: {task} (§ 2, SG 2022/13)"
    assert changes == {
        "paragraph": {p2: Para(SG, 2022, 2, "SG 2022-09-07", "Uppdrag till strategigrupperna", "SG 2022/13", None,
                               None, tuple(tasks2), (), (), False, False, 0)},
        "case": {"SG 2022/13": "Uppdrag till strategigrupperna"},
        "assignment": {
            a6: Upp(ref, 0, "strategigrupp barn och unga", tasks2[0], date(2022, 11, 30), None, "SG 2022-12-07",
                    "2022-12-07 00:00", None, "styrgruppen", "uppdrag", "open", False),
            a7: Upp(ref, 1, "strategigrupp vuxna", tasks2[1], date(2023, 1, 31), None, "SG 2023-02-08",
                    "2023-02-08 00:00", None, "styrgruppen", "uppdrag", "open", False),
            a8: Upp(ref, 2, "strategigrupp äldre", tasks2[2], date(2023, 4, 19), None, "SG 2023-04-19",
                    "2023-04-19 00:00", None, "styrgruppen", "deluppföljning", "open", False),
        },
        # Each report-back is on the agenda of the styrgrupp meeting it reports to.
        "agenda": {
            ("SG 2022-12-07", back.format(task=tasks2[0])): Item(1, "återrapportering", "SG 2022/13", None, None, a6),
            ("SG 2023-02-08", back.format(task=tasks2[1])): Item(1, "återrapportering", "SG 2022/13", None, None, a7),
            ("SG 2023-04-19", back.format(task=tasks2[2])): Item(1, "återrapportering", "SG 2022/13", None, None, a8),
        },
        "audit": [ev("paragraph.record", "paragraph", p2)],
    }

    changes = year.say(f"mote justerare {JOHAN}, {SOFIA} möte 2022-09-07")
    m1 = year.before.meeting["SG 2022-09-07"]
    assert changes == {"meeting": {"SG 2022-09-07": m1._replace(adjusters=((JOHAN, JOHAN, "väntar", None),
                                                                           (SOFIA, SOFIA, "väntar", None)))},
                       "audit": [ev("meeting.adjusters", "meeting", changes["audit"][0].subject_id)]}
    return {"p1": p1, "p2": p2, "a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5, "a6": a6, "a7": a7, "a8": a8,
            "back7": back.format(task=tasks2[1]), "m1": changes["audit"][0].subject_id}


def _justering_of_the_first_meeting(year: Year, ids: dict[str, Any]) -> None:
    m1, p1, p2 = ids["m1"], ids["p1"], ids["p2"]
    year.at("2022-09-09")
    changes = year.say("protokoll klart 2022-09-07")
    row = year.before.meeting["SG 2022-09-07"]
    assert changes == {"meeting": {"SG 2022-09-07": row._replace(state="för_justering")},
                       "audit": [ev("protocol.ready", "meeting", m1)]}
    assert year.outbox("justering_request") == [(JOHAN, "meeting", m1), (SOFIA, "meeting", m1)]
    year.refused("protokoll justera 2022-09-07", user=LISA)  # not a justerare
    year.refused("protokoll justera 2022-09-07")  # nor is the secretary

    year.at("2022-09-12", 9)
    changes = year.say("protokoll justera 2022-09-07", user=JOHAN)
    assert changes == {"meeting": {"SG 2022-09-07": row._replace(state="för_justering", adjusters=(
                           (JOHAN, JOHAN, "justerad", "2022-09-12 11:00"), (SOFIA, SOFIA, "väntar", None)))},
                       "audit": [ev("protocol.adjust", "meeting", m1, actor=JOHAN)]}
    assert not year.after.paragraph[p1].locked and not year.after.paragraph[p2].locked  # one of two justerare

    changes = year.say("protokoll justera 2022-09-07", user=SOFIA)
    assert changes == {
        "meeting": {"SG 2022-09-07": adjusted_meeting(row, when="2022-09-12 11:00", adjusters=(JOHAN, SOFIA))},
        "paragraph": {p: year.before.paragraph[p]._replace(locked=True) for p in (p1, p2)},
        "audit": [ev("protocol.adjust", "meeting", m1, actor=SOFIA), ev("protocol.adjusted", "meeting", m1, actor=SOFIA)],
    }
    assert year.details()[1] == {"at": "2022-09-12T11:00:00+02:00", "posted_on": None, "appeal_ends_on": None,
                                 "extracts": 1}
    assert "Protokollet är justerat." in year.reply
    no_anslag(year.reply)

    protocol = year.look("protokoll visa 2022-09-07", user=SECRETARY, at=SG)
    assert "Status: Justerat" in protocol and "Justeringens plats och tid: Digital justering 2022-09-12 11:00" in protocol
    assert "Utses att justera: Johan Berg, Sofia Nilsson" in protocol and "§§ 1–2" in protocol, protocol
    no_anslag(protocol)
    # The styrgrupp is no nämnd: asking for its anslag explains, and records nothing.
    assert year.say("protokoll anslag 2022-09-07", ok=None) == {}
    assert "sätter inte upp anslag" in year.reply, year.reply


def _the_justerat_protocol_is_closed(year: Year) -> None:
    """Nothing new or changed in a justerat protocol — every path is refused and stores nothing."""
    year.at("2022-09-14")
    closed = ("justerat och därmed stängt", "/beslut rätta")
    year.refused("beslut registrera Sent tillägg dnr SG 2022/99 möte 2022-09-07: att ge Kvalitetschef i uppdrag att "
                 "följa upp samverkan senast 30/9", words=closed)
    year.refused("beslut registrera Sent tillägg: att notera informationen", words=closed)  # latest meeting, implied
    year.refused("beslut registrera § 3 Sent tillägg möte 2022-09-07: att notera informationen", words=closed)
    year.refused("beslut registrera § 2 Uppdrag till strategigrupperna ersätt: att notera informationen",
                 words=("justerad och låst", "/beslut rätta § 2 2022"))
    year.refused("dagordning lägg till Sent ärende möte 2022-09-07", words=("redan genomfört",))
    changes = year.submit_decision_form({"title": "Sent tillägg", "meeting": "2022-09-07", "dnr": "SG 2022/99",
                                         "clauses": "att ge Kvalitetschef i uppdrag att följa upp senast 30/9"})
    assert year.reply.startswith("✗") and "/beslut rätta" in year.reply, year.reply
    assert changes == {}
    assert "SG 2022/99" not in year.after.case



def _autumn_follow_up(year: Year, ids: dict[str, Any]) -> None:
    """Report-back to the strategigrupp's meeting, an uppdrag done, deadlines moved with a reason."""
    a4, a5, a7, back7 = ids["a4"], ids["a5"], ids["a7"], ids["back7"]
    year.at("2022-09-14")
    # Seed 003's «gemensamt möte 23/9 kl. 9» is the BU meeting that day: the secretary says so.
    changes = year.say(f"uppdrag återrapport {a4} till 23/9 organ Strategigrupp barn och unga")
    task4 = year.before.assignment[a4].task
    assert changes == {
        "assignment": {a4: year.before.assignment[a4]._replace(report_meeting="BU 2022-09-23", report_body=BU,
                                                               report_to="Strategigrupp barn och unga")},
        "agenda": {("BU 2022-09-23", f"Återrapportering: {task4} (§ 1, SG 2022/12)"): Item(
            1, "återrapportering", "SG 2022/12", None, None, a4)},
        "audit": [ev("assignment.report_to", "assignment", a4)],
    }
    assert year.details()[0]["body"] == "Strategigrupp barn och unga"
    agenda = year.look("dagordning 2022-09-23", user=LISA, at=BU)
    assert f"1. Återrapportering: {task4} (§ 1, SG 2022/12)" in agenda, agenda

    year.at("2022-09-23", 9, 30)
    year.refused(f"uppdrag klar {a4}", user=LISA, at=BU, words=("Bara den som har uppdraget",))
    changes = year.say(f"uppdrag klar {a4}")
    assert changes == {"assignment": {a4: year.before.assignment[a4]._replace(status="done", done=True)},
                       "audit": [ev("assignment.done", "assignment", a4)]}
    assert year.say(f"uppdrag klar {a4}", ok=None) == {}  # a second click records nothing

    year.at("2022-10-03")
    year.refused(f"uppdrag flytta {a5} till 30/2 eftersom underlaget är försenat", words=("30 februari finns inte",))
    changes = year.say(f"uppdrag flytta {a5} till 30/11 eftersom underlaget från skolorna är försenat")
    assert "(tidigare 31 oktober 2022)" in year.reply, year.reply
    assert changes == {"assignment": {a5: year.before.assignment[a5]._replace(due=date(2022, 11, 30))},
                       "audit": [ev("assignment.move", "assignment", a5)]}
    assert year.details() == [{"from": "2022-10-31", "to": "2022-11-30",
                               "reason": "underlaget från skolorna är försenat"}]
    # A deadline after the report-back meeting is kept, and pointed out at once.
    changes = year.say(f"uppdrag flytta {a7} till 2023-02-15 eftersom kartläggningen tar längre tid", ok="!")
    assert "Observera" in year.reply and f"/uppdrag återrapport {a7}" in year.reply, year.reply
    assert changes == {"assignment": {a7: year.before.assignment[a7]._replace(due=date(2023, 2, 15))},
                       "audit": [ev("assignment.move", "assignment", a7)]}
    # … so the report-back follows: off the February agenda, onto April's.
    changes = year.say(f"uppdrag återrapport {a7} till 19/4")
    assert "Observera" not in year.reply, year.reply
    assert changes == {
        "assignment": {a7: year.before.assignment[a7]._replace(report_meeting="SG 2023-04-19",
                                                               report_at="2023-04-19 13:00", report_body=SG,
                                                               report_to=SG_NAME)},
        "agenda": {("SG 2023-02-08", back7): None,
                   ("SG 2023-04-19", back7): year.before.agenda[("SG 2023-02-08", back7)]._replace(position=2)},
        "audit": [ev("assignment.report_to", "assignment", a7)],
    }


def _second_meeting_sent_back_and_replaced(year: Year, ids: dict[str, Any]) -> dict[str, Any]:
    """19 October: a justerare asks for a change; ``ersätt`` rewrites the § in place, then justering again."""
    year.at("2022-10-05")
    changes = year.say("dagordning lägg till Handlingsplan mot problematisk skolfrånvaro dnr SG 2022/21 "
                       f"föredragande {JOHAN} beslut möte 2022-10-19")
    assert changes["agenda"] == {("SG 2022-10-19", "Handlingsplan mot problematisk skolfrånvaro"): Item(
        1, "beslut", "SG 2022/21", JOHAN, SECRETARY, None)} and "SG 2022/21" in changes["case"]
    other = ("SG 2022-10-19", "Övriga frågor")
    changes = year.say("dagordning lägg till Övriga frågor information möte 2022-10-19", user=JOHAN)
    assert changes["agenda"] == {other: Item(2, "information", None, None, JOHAN, None)}
    other_id = year.agenda_id(other)
    changes = year.say("dagordning ta bort 2 möte 2022-10-19", user=JOHAN)  # who added it may remove it
    assert changes == {"agenda": {other: None}, "audit": [ev("agenda.remove", "agenda_item", other_id, actor=JOHAN)]}

    year.at("2022-10-19", 14)
    proposal = "Strategigrupp barn och unga föreslår styrgruppen besluta att anta handlingsplanen."
    distribution = ("Strategigrupp barn och unga", "Rektorerna")
    documents = ("Handlingsplan mot problematisk skolfrånvaro", "Tjänsteskrivelse")
    clauses = ["anta handlingsplanen mot problematisk skolfrånvaro",
               f"ge {GRUNDSKOLA} i uppdrag att införa rutinen för tidig anmälan av frånvaro på alla skolor senast 31/1",
               f"ge {IFO_CHEF} i uppdrag att utse kontaktpersoner för varje skolområde senast 30/11",
               f"ge {KVALITET} i uppdrag att följa upp handlingsplanen och återrapportera till styrgruppen 19/4"]

    def record(clauses: list[str], *extra: str, replace: bool = False) -> str:
        head = f"beslut registrera § 3 Handlingsplan mot problematisk skolfrånvaro{' ersätt' if replace else ''}"
        return "\n".join([head, "möte: 2022-10-19", *extra, "beslut: Styrgruppen beslutar att",
                          *(f"{n}. {c}" for n, c in enumerate(clauses, start=1))])

    changes = year.say(record(clauses, "dnr: SG 2022/21", f"förslag: {proposal}",
                              "skickas till: " + "; ".join(distribution), "underlag: " + "; ".join(documents)))
    (p3,) = year.added("paragraph")
    a9, a10, a11 = year.added("assignment")
    i11 = ("SG 2023-04-19", f"Återrapportering: {clauses[3]} (§ 3, SG 2022/21)")
    ref = "SG § 3 2022"
    assert changes == {
        "paragraph": {p3: Para(SG, 2022, 3, "SG 2022-10-19", "Handlingsplan mot problematisk skolfrånvaro",
                               "SG 2022/21", proposal, "Styrgruppen beslutar att", tuple(clauses), distribution,
                               documents, False, False, 0)},
        "assignment": {
            a9: Upp(ref, 1, GRUNDSKOLA, clauses[1], date(2023, 1, 31), None, None, None, None, None, "uppdrag",
                    "open", False),
            a10: Upp(ref, 2, IFO_CHEF, clauses[2], date(2022, 11, 30), None, None, None, None, None, "uppdrag",
                     "open", False),
            a11: Upp(ref, 3, KVALITET, clauses[3], date(2023, 4, 19), None, "SG 2023-04-19", "2023-04-19 00:00", None,
                     "styrgruppen", "uppdrag", "open", False),
        },
        "agenda": {i11: Item(3, "återrapportering", "SG 2022/21", None, None, a11)},
        "audit": [ev("paragraph.record", "paragraph", p3)],
    }
    changes = year.say(f"mote justerare {JOHAN}, {SOFIA} möte 2022-10-19")
    m2 = changes["audit"][0].subject_id
    m2_row = year.after.meeting["SG 2022-10-19"]
    assert changes == {"meeting": {"SG 2022-10-19": year.before.meeting["SG 2022-10-19"]._replace(
                           adjusters=((JOHAN, JOHAN, "väntar", None), (SOFIA, SOFIA, "väntar", None)))},
                       "audit": [ev("meeting.adjusters", "meeting", m2)]}

    year.at("2022-10-20")
    changes = year.say("protokoll klart 2022-10-19")
    assert changes == {"meeting": {"SG 2022-10-19": m2_row._replace(state="för_justering")},
                       "audit": [ev("protocol.ready", "meeting", m2)]}
    assert year.outbox("justering_request")[-2:] == [(JOHAN, "meeting", m2), (SOFIA, "meeting", m2)]
    # Work on the uppdrag goes on while the protocol is out: a deadline moved, one uppdrag done by its holder.
    changes = year.say(f"uppdrag flytta {a9} till 28/2 eftersom rektorerna behöver mer tid")
    assert changes == {"assignment": {a9: year.before.assignment[a9]._replace(due=date(2023, 2, 28))},
                       "audit": [ev("assignment.move", "assignment", a9)]}
    changes = year.say(f"uppdrag klar {a10}", user=SOFIA)  # she holds the function the uppdrag names
    assert changes == {"assignment": {a10: year.before.assignment[a10]._replace(status="done", done=True)},
                       "audit": [ev("assignment.done", "assignment", a10, actor=SOFIA)]}

    comment = "Att-sats 3 ska gälla en kontaktperson inom socialtjänsten per skolområde"
    changes = year.say(f"protokoll ändring 2022-10-19 {comment}", user=JOHAN)
    assert changes == {"meeting": {"SG 2022-10-19": m2_row._replace(state="genomfört", adjusters=(
                           (JOHAN, JOHAN, "ändring", "2022-10-20 10:00"), (SOFIA, SOFIA, "väntar", None)))},
                       "audit": [ev("protocol.change_requested", "meeting", m2, actor=JOHAN)]}
    assert year.details() == [{"adjuster": JOHAN, "comment": comment}]
    year.refused("protokoll justera 2022-10-19", user=SOFIA)  # back with the secretary: nothing to justera

    year.at("2022-10-21")
    new = [clauses[0], clauses[1],  # unchanged: a9 keeps its moved deadline
           f"ge {IFO_CHEF} i uppdrag att utse en kontaktperson inom socialtjänsten för varje skolområde senast 30/11",
           f"ge {IFO_UTV} i uppdrag att sammanställa frånvarostatistiken per termin och återrapportera till "
           "styrgruppen 8/2"]  # replaces the Kvalitetschef's clause
    changes = year.say(record(new, replace=True))
    assert "samma paragraf, uppdaterad på plats" in year.reply, year.reply
    assert ("Oförändrat från tidigare (angavs inte nu): diarienummer, förslag till beslut, sändlista, underlag"
            in year.reply), year.reply
    (a12,) = year.added("assignment")
    assert changes == {
        # The same row: förslag, sändlista, underlag and dnr kept because they were not typed again.
        "paragraph": {p3: year.before.paragraph[p3]._replace(clauses=tuple(new))},
        "assignment": {
            a10: year.before.assignment[a10]._replace(task=new[2]),  # reworded: same id, still done
            a11: year.before.assignment[a11]._replace(clause=None, report_meeting=None, status="cancelled"),
            a12: Upp(ref, 3, IFO_UTV, new[3], date(2023, 2, 8), None, "SG 2023-02-08", "2023-02-08 00:00", None,
                     "styrgruppen", "uppdrag", "open", False),
        },
        # The ended uppdrag leaves April's agenda; the new one is on February's.
        "agenda": {i11: None, ("SG 2023-02-08", f"Återrapportering: {new[3]} (§ 3, SG 2022/21)"): Item(
            1, "återrapportering", "SG 2022/21", None, None, a12)},
        "audit": [ev("paragraph.replace", "paragraph", p3)],
    }
    assert year.after.assignment[a9].due == date(2023, 2, 28)
    (details,) = year.details()
    assert details["before"]["clauses"] == clauses and details["after"]["clauses"] == new
    assert details["assignments"] == {"kept": [a9, a10], "ended": [a11], "added": [a12]}

    year.at("2022-10-21", 8, 30)
    changes = year.say("protokoll klart 2022-10-19")  # justering starts over for everyone
    assert changes == {"meeting": {"SG 2022-10-19": m2_row._replace(state="för_justering")},
                       "audit": [ev("protocol.ready", "meeting", m2)]}
    assert year.outbox("justering_request")[-2:] == [(JOHAN, "meeting", m2), (SOFIA, "meeting", m2)]
    assert len(year.outbox("justering_request")) == 6

    year.at("2022-10-24")
    changes = year.say("protokoll justera 2022-10-19", user=JOHAN)
    assert changes == {"meeting": {"SG 2022-10-19": m2_row._replace(state="för_justering", adjusters=(
                           (JOHAN, JOHAN, "justerad", "2022-10-24 10:00"), (SOFIA, SOFIA, "väntar", None)))},
                       "audit": [ev("protocol.adjust", "meeting", m2, actor=JOHAN)]}
    changes = year.say("protokoll justera 2022-10-19", user=SOFIA)
    assert changes == {
        "meeting": {"SG 2022-10-19": adjusted_meeting(m2_row, when="2022-10-24 10:00", adjusters=(JOHAN, SOFIA))},
        "paragraph": {p3: year.before.paragraph[p3]._replace(locked=True)},
        "audit": [ev("protocol.adjust", "meeting", m2, actor=SOFIA), ev("protocol.adjusted", "meeting", m2, actor=SOFIA)],
    }
    assert year.after.paragraph[p3].proposal == proposal and year.after.paragraph[p3].distribution == distribution
    return {"p3": p3, "a9": a9, "a10": a10, "a11": a11, "a12": a12}



def _correction_of_the_seed_typo(year: Year, ids: dict[str, Any], *, clauses_003: list[str]) -> None:
    """Seed 003 says «ge i beredningsgruppen i uppdrag … utarbetar»: the justerat § 1 is corrected."""
    p1, a1 = ids["p1"], ids["a1"]
    year.at("2022-10-25")
    assert clauses_003[1].startswith("att ge i beredningsgruppen i uppdrag") and " utarbetar " in clauses_003[1]
    fixed = list(clauses_003)
    fixed[1] = clauses_003[1].replace("ge i beredningsgruppen", "ge beredningsgruppen").replace(" utarbetar ", " utarbeta ")
    line = "beslut rätta § 1 2022: " + "; ".join(fixed)
    year.refused(line, user=JOHAN, words=("sekreterare",))  # a ledamot and justerare may not
    changes = year.say(line)
    assert "Rättelse av § 1 (2022) är registrerad och loggad." in year.reply and "Att-sats 2 omformulerad" in year.reply
    before = [c.removeprefix("att ") for c in clauses_003]
    after = [c.removeprefix("att ") for c in fixed]
    # Still locked, still § 1; the uppdrag of clause 2 keeps its id and follows the wording. The done
    # uppdrag (a4) and the moved deadline (a5) are untouched: they are not in the change at all.
    assert changes == {
        "paragraph": {p1: year.before.paragraph[p1]._replace(clauses=tuple(after), corrections=1)},
        "assignment": {a1: year.before.assignment[a1]._replace(task=after[1])},
        "audit": [ev("paragraph.correct", "paragraph", p1)],
    }
    (details,) = year.details()
    assert details["before"] == before and details["after"] == after
    assert year.after.paragraph[p1].locked
    with year.services.sessions() as session:  # the old wording is kept on the paragraph itself
        (history,) = session.get(Paragraph, p1).extra["corrections"]
    assert history["before"] == before and history["after"] == after and history["by"] == SECRETARY
    found = year.look("beslut § 1 2022", user=JOHAN, at=SG)
    assert "2. ge beredningsgruppen i uppdrag att i samarbete med skolcheferna utarbeta" in found, found
    assert "utarbetar" not in found and "Status: Justerad" in found, found


def _sekretess_at_the_december_meeting(year: Year, ids: dict[str, Any]) -> dict[str, Any]:
    """7 December: a sekretess § (an individual pupil) reports back to the strategigrupp BU."""
    a6 = ids["a6"]
    year.at("2022-11-21")
    agenda = year.look("dagordning 2022-12-07", user=JOHAN, at=SG)
    assert "1. Återrapportering: ge strategigrupp barn och unga i uppdrag att ta fram en gemensam handlingsplan" in agenda

    year.at("2022-12-07", 14)
    changes = year.say(f"uppdrag klar {a6}")
    assert changes == {"assignment": {a6: year.before.assignment[a6]._replace(status="done", done=True)},
                       "audit": [ev("assignment.done", "assignment", a6)]}
    clause = (f"ge {IFO_CHEF} i uppdrag att tillsammans med elevhälsan upprätta en samordnad individuell plan för "
              "eleven senast 31/1 och återrapportera till styrgruppen 8/2")
    changes = year.say("\n".join(["beslut registrera Samverkan kring en elev med omfattande skolfrånvaro",
                                  "dnr: SN 2022/311", "möte: 2022-12-07",
                                  "förslag: Avdelningschefen föreslår en samordnad individuell plan.",
                                  "beslut: Styrgruppen beslutar att", f"1. {clause}", "skickas till: Elevhälsan",
                                  "sekretess"]))
    (p4,) = year.added("paragraph")
    (a13,) = year.added("assignment")
    secret_item = "Återrapportering: § 4 Sekretess"
    assert changes == {
        "paragraph": {p4: Para(SG, 2022, 4, "SG 2022-12-07", "Samverkan kring en elev med omfattande skolfrånvaro",
                               "SN 2022/311", "Avdelningschefen föreslår en samordnad individuell plan.",
                               "Styrgruppen beslutar att", (clause,), ("Elevhälsan",), (), True, False, 0)},
        "case": {"SN 2022/311": "Samverkan kring en elev med omfattande skolfrånvaro"},
        "assignment": {a13: Upp("SG § 4 2022", 0, IFO_CHEF, clause, date(2023, 1, 31), None, "SG 2023-02-08",
                                "2023-02-08 00:00", None, "styrgruppen", "uppdrag", "open", False)},
        # Even on the deciding body's own agenda the item carries neither the task nor the dnr.
        "agenda": {("SG 2023-02-08", secret_item): Item(2, "återrapportering", None, None, None, a13)},
        "audit": [ev("paragraph.record", "paragraph", p4)],
    }

    # The individual follow-up is to be reported in the strategigrupp barn och unga instead.
    changes = year.say(f"uppdrag återrapport {a13} till 24/2 organ Strategigrupp barn och unga")
    assert changes == {
        "assignment": {a13: year.before.assignment[a13]._replace(report_meeting="BU 2023-02-24",
                                                                 report_at="2023-02-24 09:00", report_body=BU,
                                                                 report_to="Strategigrupp barn och unga")},
        "agenda": {("SG 2023-02-08", secret_item): None,
                   ("BU 2023-02-24", secret_item): Item(1, "återrapportering", None, None, None, a13)},
        "audit": [ev("assignment.report_to", "assignment", a13)],
    }
    secrets = ("elev", "samordnad", "individuell", "SN 2022/311", "2022/311", "Elevhälsan", "Avdelningschef")
    for user in (LISA, SECRETARY):  # a BU member outside the styrgrupp, and the BU channel itself
        agenda = year.look("dagordning 2023-02-24", user=user, at=BU)
        assert f"1. {secret_item}" in agenda, agenda
        assert not [word for word in secrets if word.lower() in agenda.lower()], agenda
    assert secret_item not in year.look("dagordning 2023-02-08", user=JOHAN, at=SG)
    hidden = year.look("beslut § 4 2022 organ Styrgruppen", user=LISA, at=BU)
    assert "finns men omfattas av sekretess" in hidden and "elev" not in hidden, hidden
    assert "Jag hittar inget ärende med diarienummer «SN 2022/311»" in year.look("beslut SN 2022/311", user=LISA, at=BU)

    changes = year.say(f"mote justerare {JOHAN} möte 2022-12-07")
    m3 = changes["audit"][0].subject_id
    m3_row = year.after.meeting["SG 2022-12-07"]
    assert changes == {"meeting": {"SG 2022-12-07": year.before.meeting["SG 2022-12-07"]._replace(
                           adjusters=((JOHAN, JOHAN, "väntar", None),))},
                       "audit": [ev("meeting.adjusters", "meeting", m3)]}
    year.at("2022-12-08")
    changes = year.say("protokoll klart 2022-12-07")
    assert changes == {"meeting": {"SG 2022-12-07": m3_row._replace(state="för_justering")},
                       "audit": [ev("protocol.ready", "meeting", m3)]}
    changes = year.say("protokoll justera 2022-12-07", user=JOHAN)
    assert changes == {
        "meeting": {"SG 2022-12-07": adjusted_meeting(m3_row, when="2022-12-08 09:00", adjusters=(JOHAN,))},
        "paragraph": {p4: year.before.paragraph[p4]._replace(locked=True)},
        "audit": [ev("protocol.adjust", "meeting", m3, actor=JOHAN), ev("protocol.adjusted", "meeting", m3, actor=JOHAN)],
    }
    no_anslag(year.reply)
    protocol = year.look("protokoll visa 2022-12-07", user=SECRETARY, at=SG)
    assert "§ 4 Sekretess" in protocol and "Status: Justerat" in protocol, protocol
    assert not [word for word in secrets if word.lower() in protocol.lower()], protocol
    no_anslag(protocol)
    return {"p4": p4, "a13": a13}


def _new_skolchef(year: Year, *, skolchef: str) -> None:
    """January: the function «skolchef» changes hands (seed 004's Bildningsförvaltningen signatory)."""
    year.at("2023-01-09")
    year.chat("uppdrag mina", user=skolchef, channel=CHANNEL[SG])
    changes = year.say(f"samverkan medlem koppla funktion skolchef till @{skolchef}")
    assert f"(tidigare {KENT})" in year.reply, year.reply
    (old,) = [key for key, row in year.before.seat.items() if row.function == "skolchef"]
    (new,) = year.added("seat")
    assert changes == {  # the old holder's row is ended, not rewritten: the record keeps who held it when
        "seat": {old: year.before.seat[old]._replace(end_on=date(2023, 1, 9)),
                 new: Seat(SG, "skolchef", skolchef, "adjungerad", date(2023, 1, 9), None)},
        "audit": [ev("member.function_link", "body", changes["audit"][0].subject_id)],
    }
    assert year.details()[0]["before"] == [KENT]


def _last_meeting_of_the_year(year: Year, ids: dict[str, Any]) -> None:
    """June: the yearly follow-up of the samverkansavtal (seed 004) is § 1 of 2023."""
    year.at("2023-05-22")
    changes = year.say(f"dagordning lägg till Uppföljning av samverkansavtalet dnr SG 2023/4 föredragande {SOFIA} "
                       "beslut möte 2023-06-07")
    item = ("SG 2023-06-07", "Uppföljning av samverkansavtalet")
    assert changes == {"agenda": {item: Item(1, "beslut", "SG 2023/4", SOFIA, SECRETARY, None)},
                       "case": {"SG 2023/4": "Uppföljning av samverkansavtalet"},
                       "audit": [ev("agenda.add", "agenda_item", year.agenda_id(item))]}
    year.at("2023-06-07", 14)
    clauses = ["samverkansavtalet har följts upp tillsammans med förvaltningscheferna",
               "ge sammankallande i uppdrag att ta fram planeringen av styrgruppens möten för läsåret 2023/2024 "
               "senast 15/8"]
    changes = year.say("\n".join(["beslut registrera Uppföljning av samverkansavtalet", "dnr: SG 2023/4",
                                  "beslut: Styrgruppen beslutar att", *(f"{n}. {c}" for n, c in enumerate(clauses, 1)),
                                  "skickas till: Bildningsnämnden; Socialnämnden"]))
    (p5,) = year.added("paragraph")
    (a14,) = year.added("assignment")
    assert "§ 1 är registrerad för Styrgruppen (2023)" in year.reply, year.reply
    assert changes == {
        "paragraph": {p5: Para(SG, 2023, 1, "SG 2023-06-07", "Uppföljning av samverkansavtalet", "SG 2023/4", None,
                               "Styrgruppen beslutar att", tuple(clauses), ("Bildningsnämnden", "Socialnämnden"), (),
                               False, False, 0)},
        "assignment": {a14: Upp("SG § 1 2023", 1, "sammankallande", clauses[1], date(2023, 8, 15), None, None, None,
                                None, None, "uppdrag", "open", False)},
        "audit": [ev("paragraph.record", "paragraph", p5)],
    }
    changes = year.say(f"mote justerare {SOFIA} möte 2023-06-07")
    m6 = changes["audit"][0].subject_id
    m6_row = year.after.meeting["SG 2023-06-07"]
    assert changes == {"meeting": {"SG 2023-06-07": year.before.meeting["SG 2023-06-07"]._replace(
                           adjusters=((SOFIA, SOFIA, "väntar", None),))},
                       "audit": [ev("meeting.adjusters", "meeting", m6)]}
    year.at("2023-06-09")
    changes = year.say("protokoll klart 2023-06-07")
    assert changes == {"meeting": {"SG 2023-06-07": m6_row._replace(state="för_justering")},
                       "audit": [ev("protocol.ready", "meeting", m6)]}
    changes = year.say("protokoll justera 2023-06-07", user=SOFIA)
    assert changes == {
        "meeting": {"SG 2023-06-07": adjusted_meeting(m6_row, when="2023-06-09 10:00", adjusters=(SOFIA,))},
        "paragraph": {p5: year.before.paragraph[p5]._replace(locked=True)},
        "audit": [ev("protocol.adjust", "meeting", m6, actor=SOFIA), ev("protocol.adjusted", "meeting", m6, actor=SOFIA)],
    }
    no_anslag(year.reply)
    protocol = year.look("protokoll visa 2023-06-07", user=SECRETARY, at=SG)
    assert "§ 1 Uppföljning av samverkansavtalet (SG 2023/4)" in protocol and "Status: Justerat" in protocol
    no_anslag(protocol)

    # The record at the end of the läsår.
    record = year.after
    assert [(p.year, p.number, p.locked) for _, p in sorted(record.paragraph.items())] == [
        (2022, 1, True), (2022, 2, True), (2022, 3, True), (2022, 4, True), (2023, 1, True)]
    held = {label: m for label, m in record.meeting.items() if m.state == "justerat"}
    assert sorted(held) == ["SG 2022-09-07", "SG 2022-10-19", "SG 2022-12-07", "SG 2023-06-07"]
    assert all(m.posted_on is None and m.appeal_ends_on is None and m.taken_down_on is None
               for m in record.meeting.values())  # a styrgrupp of officials posts no anslag
    assert not record.body[SG].is_public
    status = {key: (row.status, row.due) for key, row in record.assignment.items()}
    assert status[ids["a4"]] == ("done", date(2022, 9, 23)) and status[ids["a5"]] == ("open", date(2022, 11, 30))
    assert status[ids["a9"]] == ("open", date(2023, 2, 28)) and status[ids["a10"]] == ("done", date(2022, 11, 30))
    assert status[ids["a11"]] == ("cancelled", date(2023, 4, 19)) and status[ids["a6"]][0] == "done"
    actions = [event.action for event in record.audit]
    assert actions.count("paragraph.record") == 5 and actions.count("paragraph.replace") == 1
    assert actions.count("paragraph.correct") == 1 and actions.count("protocol.adjusted") == 4
    assert actions.count("assignment.move") == 3 and actions.count("assignment.report_to") == 3


def test_a_paragraph_changed_during_justering_is_not_justerat_on_an_earlier_approval(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    """Johan justerar, then the secretary rewrites the § (no change was asked for), then Sofia justerar.

    The protocol must not end up justerat with a wording Johan never approved: either the change is
    refused while the protocol is out, or it sends the justering back to every justerare (as
    ``/protokoll klart`` after a change request does).
    """
    year = Year(chat, services, clock)
    year.at("2022-08-22")
    for person in (JOHAN, SOFIA):
        chat("uppdrag mina", user=person, channel=CHANNEL[SG])
    for line in (f'samverkan organ ny "{SG_NAME}" kort SG typ styrgrupp', f"samverkan kanal {SG_NAME}",
                 f"samverkan medlem lägg till @{JOHAN} som ledamot", f"samverkan medlem lägg till @{SOFIA} som ledamot",
                 f"mote ny 2022-09-07 kl. 13:00-15:00 plats {PLACE}", f"mote justerare {JOHAN}, {SOFIA} möte 2022-09-07"):
        year.say(line)
    year.at("2022-09-07", 14)
    approved = ("anta handlingsplanen mot problematisk skolfrånvaro",
                f"ge {KVALITET} i uppdrag att följa upp handlingsplanen senast 30/11")
    year.say("beslut registrera § 1 Handlingsplan mot problematisk skolfrånvaro möte 2022-09-07: att "
             + "; att ".join(approved))
    year.at("2022-09-08")
    year.say("protokoll klart 2022-09-07")
    year.say("protokoll justera 2022-09-07", user=JOHAN)
    year.at("2022-09-09")
    year.say("beslut registrera § 1 Handlingsplan mot problematisk skolfrånvaro ersätt möte 2022-09-07: "
             "att anta handlingsplanen mot problematisk skolfrånvaro", ok=None)
    year.say("protokoll justera 2022-09-07", user=SOFIA, ok=None)
    (paragraph,) = year.after.paragraph.values()
    meeting = year.after.meeting["SG 2022-09-07"]
    assert meeting.state != "justerat" or paragraph.clauses == approved, (meeting, paragraph)
    # sent back to the secretary: every approval undone, the round starts over with «protokoll klart»
    assert meeting.state == "genomfört" and all(a[2] == "väntar" for a in meeting.adjusters), meeting
