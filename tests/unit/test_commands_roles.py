"""Roles: who may record, manage members and edit the agenda — with clear Swedish refusals."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import AgendaItem, AuditEvent, Paragraph


def _setup(chat) -> None:  # type: ignore[no-untyped-def]
    chat('samverkan organ ny "Styrgruppen" typ styrgrupp', user="Sekreteraren")
    chat("samverkan kanal Styrgruppen", user="Sekreteraren")
    chat("mote ny 2022-04-20 kl. 9", user="Sekreteraren")


def test_non_member_cannot_record_or_add_agenda(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    out = chat("beslut registrera § 1 Budget: att godkänna budgeten", user="Okänd")
    assert "behörighet" in out and "sekreterare" in out
    out = chat("dagordning lägg till Budget", user="Okänd")
    assert "inte medlem" in out
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Paragraph)) == 0
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_member_adds_agenda_but_cannot_remove_others_items(chat) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "lägg till" not in chat("samverkan medlem lägg till Lina Lindman som ledamot", user="Sekreteraren")
    chat("dagordning lägg till Sekreterarens punkt", user="Sekreteraren")
    assert "Punkt 2" in chat("dagordning lägg till Linas punkt", user="Lina Lindman")
    assert "Bara sekreteraren" in chat("dagordning ta bort 1", user="Lina Lindman")
    assert "borttagen" in chat("dagordning ta bort 2", user="Lina Lindman")


def test_every_change_is_audited(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    chat("beslut registrera § 3 Budget dnr KS 2022/145: att godkänna budgeten", user="Sekreteraren")
    with services.sessions() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"body.create", "channel.bind", "meeting.create", "paragraph.record"} <= actions


def test_number_taken_and_replace(chat) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    chat("beslut registrera § 3 Budget: att godkänna budgeten", user="Sekreteraren")
    assert "finns redan" in chat("beslut registrera § 3 Annat: att göra något", user="Sekreteraren")
    assert "registrerad" in chat("beslut registrera § 3 Annat ersätt: att göra något", user="Sekreteraren")
    assert "Annat" in chat("beslut § 3")
