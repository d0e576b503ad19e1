"""A tjänstepersonsorgan is not a nämnd: no anslag, no appeal period, no «tillkännagivits» (issue #15).

Seed 004 is the samverkansavtal of a styrgrupp of officials whose seats follow functions
(«Utbildningschef för förskola», «Avdelningschef för Individ och familjeomsorg»). Its justerade
minutes were printed with an ANSLAG/BEVIS block, a last day for appeal and «Justeringen har
tillkännagivits genom anslag», although nothing was ever posted. A protocol states only what
happened: the anslag block appears only for an anslag that is recorded.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from handlers.protocol.model import build_extract, build_protocol, meeting_paragraphs
from handlers.protocol.render import render
from storage.models import Body, Meeting
from tests.conftest import seed_path

SECRETARY = "Kristina Kamsten"
ADJUSTER = "Lina Lindman"
POSTED_WORDS = ("ANSLAG", "tillkännagivits", "Sista dag för överklagande", "anslagets uppsättande")


def _functions() -> list[str]:
    """The styrgrupp's seats as seed 004 lists them («- Utbildningschef för förskola» …)."""
    text = seed_path("004").read_text(encoding="utf-8")
    block = text.split("I styrgruppen ingår följande funktion/befattningar:", 1)[1].split("Förvaltningschefernas", 1)[0]
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def _hold_and_adjust(chat, clock, *, body: str, kind: str, channel: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 4, 19, 8, 0, tzinfo=UTC))
    lines = [f'samverkan organ ny "{body}" typ {kind}', f'samverkan kanal "{body}"', "mote ny 2022-04-20 kl. 9:00",
             f"mote justerare {ADJUSTER} möte 2022-04-20",
             "mote närvaro beslutande " + ", ".join(_functions()[:4]) + " möte 2022-04-20",
             "beslut registrera § 1 Arbetsgrupp för skolfrånvaro möte 2022-04-20: att utse en arbetsgrupp med "
             "funktioner från båda förvaltningarna; att arbetsgruppen redovisar till styrgruppen senast 2022-09-30"]
    for line in lines:
        assert "✗" not in chat(line, user=SECRETARY, channel=channel), line
    unadjusted = chat("protokoll anslag 2022-04-20", user=SECRETARY, channel=channel)
    clock.set(datetime(2022, 4, 21, 9, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-04-20", user=SECRETARY, channel=channel)
    done = chat("protokoll justera 2022-04-20", user=ADJUSTER, channel=channel)
    assert "är justerat" in done, done
    return unadjusted, done


def _renderings(services, *, body: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting).join(Body).where(Body.name == body)).one()
        view = build_protocol(session, meeting, zone=services.zone)
        extract = build_extract(session, meeting_paragraphs(session, meeting)[0], zone=services.zone)
        out = {fmt: render(view, fmt=fmt).decode() for fmt in ("md", "html")}
        out |= {f"utdrag.{fmt}": render(extract, fmt=fmt).decode() for fmt in ("md", "html")}
        for name, shown in (("pdf", view), ("utdrag.pdf", extract)):
            reader = PdfReader(BytesIO(render(shown, fmt="pdf")))
            out[name] = "\n".join(page.extract_text() for page in reader.pages)
        out["posted_on"] = str(meeting.posted_on)
    return out


def test_styrgrupp_minutes_state_only_the_justering(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    body = "Styrgruppen Bildning och Social"
    unadjusted, done = _hold_and_adjust(chat, clock, body=body, kind="styrgrupp", channel="sg")
    assert "Protokollet är justerat." in done
    assert not any(word in done for word in POSTED_WORDS), done
    assert "överklagandetiden" not in done  # no appeal reminder is promised
    anslag = chat("protokoll anslag 2022-04-20", user=SECRETARY, channel="sg")
    assert "sätter inte upp anslag" in anslag and "uppsättande" not in anslag, anslag
    assert "sätter inte upp anslag" in unadjusted, unadjusted
    shown = _renderings(services, body=body)
    assert shown.pop("posted_on") == "None"
    for name, text in shown.items():
        assert "Protokollet är justerat." in text, name
        assert not any(word in text for word in POSTED_WORDS), (name, [w for w in POSTED_WORDS if w in text])
        assert "Arbetsgrupp för skolfrånvaro" in text, name


def test_a_namnd_still_posts_anslag_and_an_unposted_protocol_has_no_anslag_block(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    body = "Socialnämnden"
    clock.set(datetime(2022, 4, 19, 8, 0, tzinfo=UTC))
    for line in (f'samverkan organ ny "{body}" typ nämnd', f'samverkan kanal "{body}"', "mote ny 2022-04-20 kl. 18:00",
                 "beslut registrera § 14 Samverkansorganisation möte 2022-04-20: att inriktningen är …"):
        assert "✗" not in chat(line, user=SECRETARY, channel="sn"), line
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        draft = render(build_protocol(session, meeting, zone=services.zone), fmt="md").decode()
    assert "Protokollet är inte justerat." in draft and "ANSLAG" not in draft and "överklagande" not in draft
    assert "✓" in chat(f"mote justerare {ADJUSTER} möte 2022-04-20", user=SECRETARY, channel="sn")
    clock.set(datetime(2022, 4, 21, 9, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-04-20", user=SECRETARY, channel="sn")
    done = chat("protokoll justera 2022-04-20", user=ADJUSTER, channel="sn")
    assert "tillkännagivits genom anslag" in done and "Sista dag för överklagande: 2022-05-12" in done, done
    shown = _renderings(services, body=body)
    assert shown.pop("posted_on") == "2022-04-21"
    for name, text in shown.items():
        assert "ANSLAG/BEVIS" in text and "tillkännagivits genom anslag" in text, name
        assert re.search(r"Sista dag för överklagande.{0,40}2022-05-12", text, re.S), name


def test_a_samverkansforum_posts_anslag_once_it_is_marked_public(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    body = "Samverkansforum Västernorrland"
    clock.set(datetime(2022, 4, 19, 8, 0, tzinfo=UTC))
    for line in (f'samverkan organ ny "{body}" typ samverkansforum', f'samverkan kanal "{body}"',
                 "mote ny 2022-04-20 kl. 9:00", "mote ny 2022-06-01 kl. 9:00", f"mote justerare {ADJUSTER} möte 2022-04-20",
                 f"mote justerare {ADJUSTER} möte 2022-06-01",
                 "beslut registrera § 1 Gemensam målbild möte 2022-04-20: att anta målbilden",
                 "beslut registrera § 2 Uppföljning möte 2022-06-01: att lägga uppföljningen till handlingarna"):
        assert "✗" not in chat(line, user=SECRETARY, channel="sf"), line
    clock.set(datetime(2022, 4, 21, 9, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-04-20", user=SECRETARY, channel="sf")
    private = chat("protokoll justera 2022-04-20", user=ADJUSTER, channel="sf")
    assert "är justerat" in private and "tillkännagivits" not in private, private
    with services.sessions() as session:
        session.scalars(select(Body)).one().is_public = True  # what `samverkan organ offentlig … --på` does
        session.commit()
    clock.set(datetime(2022, 6, 2, 9, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-06-01", user=SECRETARY, channel="sf")
    public = chat("protokoll justera 2022-06-01", user=ADJUSTER, channel="sf")
    assert "tillkännagivits genom anslag" in public and "Sista dag för överklagande: 2022-06-23" in public, public
    with services.sessions() as session:
        first, second = session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        assert (first.posted_on, second.posted_on is not None) == (None, True)
        assert "ANSLAG/BEVIS" in render(build_protocol(session, second, zone=services.zone), fmt="md").decode()
