"""Anslag dates, confidential §§ in renderings, and the outbox reply codec."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from handlers.anslag import anslag_dates
from handlers.protocol.model import ParagraphView, ProtocolView, build_protocol
from handlers.protocol.render import render
from handlers.reply import Button, Fact, Form, FormField, Reply, Section
from handlers.reply_codec import reply_from_dict, reply_to_dict
from storage.models import Meeting

SECRETARY = "Kristina Kamsten"


def test_appeal_end_moves_past_ascension_day() -> None:
    same = anslag_dates(adjusted_on=date(2022, 5, 5), policy="same_day")
    assert same.posted_on == date(2022, 5, 5)
    assert same.appeal_ends_on == date(2022, 5, 27)  # 26 May 2022 is Kristi himmelsfärds dag
    assert same.taken_down_on == same.appeal_ends_on
    nxt = anslag_dates(adjusted_on=date(2022, 4, 14), policy="next_working_day")
    assert nxt.posted_on == date(2022, 4, 19)  # Långfredag and Annandag påsk skipped
    assert nxt.appeal_ends_on == date(2022, 5, 10)


def test_justering_in_chat_posts_same_day_with_fixed_clock(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Socialnämnden" kort SN', "samverkan kanal Socialnämnden",
                 "mote ny 2022-05-02 kl. 18:00", "mote justerare Maritza Villanueva Contreras",
                 "beslut registrera § 14 Samverkansorganisation dnr SN/2022:61 möte 2022-05-02: att inriktningen är …",
                 "beslut registrera § 15 Placering av barn sekretess möte 2022-05-02: att placera barnet enligt …"):
        assert "✗" not in chat(line, user=SECRETARY, channel="sn"), line
    clock.set(datetime(2022, 5, 5, 8, 0, tzinfo=UTC))
    chat("protokoll klart 2022-05-02", user=SECRETARY, channel="sn")
    out = chat("protokoll justera", user="Maritza Villanueva Contreras", channel="sn")
    assert "Datum för anslagets uppsättande: 2022-05-05" in out and "Sista dag för överklagande: 2022-05-27" in out
    shown = chat("protokoll 2022-05-02", channel="sn", user="Någon Annan")
    assert "§ 15 Sekretess" in shown and "placera barnet" not in shown and "§§ 14–15" in shown
    extract = chat("protokoll utdrag § 15 2022", channel="sn", user="Någon Annan")
    assert "placera barnet" not in extract
    assert "placera barnet" in chat("protokoll utdrag § 15 2022", channel="sn", user=SECRETARY)
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        public = render(build_protocol(session, meeting, zone=services.zone), fmt="md").decode()
        members = render(build_protocol(session, meeting, zone=services.zone, include_confidential=True),
                         fmt="md").decode()
    assert "placera barnet" not in public and "## § 15 Sekretess" in public
    assert "placera barnet" in members


def test_typographic_characters_survive_in_pdf() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    view = ProtocolView(body="Styrgruppen", day=date(2024, 9, 20), place_time="Regionens Hus",
                        paragraphs=(ParagraphView(number=100, title="“Mötets öppnande” – början", clauses=("att öppna",)),
                                    ParagraphView(number=101, title="Val av justerare")))
    text = PdfReader(BytesIO(render(view, fmt="pdf"))).pages[0].extract_text()
    assert "“Mötets öppnande” – början" in text and "§§ 100–101" in text


def test_reply_codec_round_trip() -> None:
    reply = Reply(title="T", text="x", tone="success", ephemeral=True, link=("a", "b"), context="c",
                  facts=(Fact("Organ", "UTB"),), buttons=(Button("Justera", "protokoll justera", style="primary"),),
                  sections=(Section(heading="§ 19", lines=("1", "2"), numbered=True,
                                    buttons=(Button("Begär ändring", "protokoll ändring", needs_input="Vad?"),)),),
                  form=Form(form_id="f", title="F", submit_label="S", command="c",
                            fields=(FormField("n", "N", kind="choice", choices=(("a", "A"),)),)))
    import json

    assert reply_from_dict(json.loads(json.dumps(reply_to_dict(reply)))) == reply
