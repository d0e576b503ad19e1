"""``/beslut QUERY``: find paragraphs by diarienummer, by § or by free words.

The query's shape decides the path: a diarienummer in any spelling goes to the case key index,
``§ 19`` to the (body, year, number) index, anything else to full-text search with typo
correction. Only the last path ranks; the first two are exact and instant.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from handlers import messages as msg
from handlers import visibility
from handlers.context import Services
from handlers.errors import UserError
from handlers.lookups import find_body
from handlers.paragraph_view import confidential_reply, paragraph_reply, summary_line
from handlers.parsing.dnr import find_dnrs, parse_dnr
from handlers.parsing.fields import parse_fields
from handlers.parsing.paragraph_ref import parse_paragraph_ref
from handlers.reply import Reply, Section
from handlers.scope import Scope
from handlers.weblinks import paragraph_link, public_paragraph_link
from storage.models import Case, Meeting, Paragraph
from storage.search.query import search_paragraphs, suggest_words
from storage.tenancy import scoped

MAX_LIST = 15


def lookup(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Answer a lookup; one hit in full, several as a list, none with suggestions."""
    fields = parse_fields(text, labels={"organ": "body"})
    query = fields.head.strip()
    if not query:
        raise UserError(msg.LOOKUP_QUERY_MISSING, usage=msg.LOOKUP_USAGE)
    body = find_body(session, scope=scope, name=fields.get("body")) if fields.get("body") else scope.body
    audience = visibility.asker(session, scope=scope)
    found = find_paragraphs(query, session=session, scope=scope, body=body, services=services, audience=audience)
    return _answer(found.paragraphs, query=query, session=session, scope=scope, services=services,
                   audience=audience)


@dataclass(frozen=True)
class Found:
    """Paragraphs a query names, and how it named them (``reference``, ``dnr`` or ``words``)."""

    paragraphs: list[Paragraph]
    kind: str


def find_paragraphs(query: str, *, session: Session, scope: Scope, body, services: Services,  # type: ignore[no-untyped-def]
                    audience: visibility.Audience, limit: int = MAX_LIST) -> Found:
    """The paragraphs a query names, as this audience may know of them.

    A § reference lists sekretess §§ too (their number is public in every protocol, and the
    answer says no more than that). A diarienummer or free words find only what the audience may
    read: a hit that would be withheld must not confirm that a secret dnr or word exists.
    """
    by_reference = _by_reference(query, session=session, scope=scope, body=body, services=services)
    if by_reference is not None:
        return Found(paragraphs=by_reference, kind="reference")
    by_dnr = _by_dnr(query, session=session, scope=scope)
    if by_dnr is not None:
        return Found(paragraphs=[p for p in by_dnr if visibility.may_read(audience, p)], kind="dnr")
    hits = search_paragraphs(session, tenant_id=scope.tenant.id, query=query, limit=limit)
    ids = visibility.paragraph_ids_readable(session, audience=audience, ids=[hit.paragraph_id for hit in hits])
    paragraphs = [p for p in (session.get(Paragraph, pid) for pid in ids) if p is not None]
    return Found(paragraphs=paragraphs, kind="words")


def _by_reference(query: str, *, session: Session, scope: Scope, body, services: Services):  # type: ignore[no-untyped-def]
    ref = parse_paragraph_ref(query)
    if ref is None:
        return None
    stmt = scoped(select(Paragraph), Paragraph, tenant_id=scope.tenant.id).where(Paragraph.number == ref.number)
    if body is not None:
        stmt = stmt.where(Paragraph.body_id == body.id)
    if ref.year:
        stmt = stmt.where(Paragraph.year == ref.year)
    if ref.day:
        stmt = stmt.join(Meeting, Meeting.id == Paragraph.meeting_id).where(Meeting.starts_at >= _day_start(ref.day, services),
                                                                           Meeting.starts_at < _day_start(ref.day, services, 1))
    return list(session.scalars(stmt.order_by(Paragraph.year.desc(), Paragraph.id.desc()).limit(MAX_LIST + 1)))


def _day_start(day, services: Services, plus: int = 0):  # type: ignore[no-untyped-def]
    from handlers.lookups import local_day_bounds

    return local_day_bounds(day, zone=services.zone)[1 if plus else 0]


_BY_DNR = (select(Paragraph).join(Case, Case.id == Paragraph.case_id)
           .where(Case.tenant_id == bindparam("tenant_id"), Case.dnr_key == bindparam("key"),
                  Paragraph.tenant_id == bindparam("tenant_id"))
           .options(joinedload(Paragraph.meeting), joinedload(Paragraph.case))
           .order_by(Paragraph.year.desc(), Paragraph.number.desc()).limit(MAX_LIST + 1))


def _by_dnr(query: str, *, session: Session, scope: Scope):  # type: ignore[no-untyped-def]
    """Paragraphs of the case a diarienummer names: one indexed join, prebuilt once."""
    dnr = parse_dnr(query) or next(iter(find_dnrs(query)), None)
    if dnr is None:
        return None
    return list(session.scalars(_BY_DNR, {"tenant_id": scope.tenant.id, "key": dnr.key}).unique())


def _answer(paragraphs: list[Paragraph], *, query: str, session: Session, scope: Scope, services: Services,
            audience: visibility.Audience) -> Reply:
    if not paragraphs:
        text = msg.LOOKUP_NOTHING.format(query=query)
        suggestions = suggest_words(session, tenant_id=scope.tenant.id, query=query)
        if suggestions:
            text += " " + msg.DID_YOU_MEAN.format(options=", ".join(f"«{s}»" for s in suggestions))
        return Reply(text=text, tone="warning", ephemeral=True)
    today = services.now().date()
    if len(paragraphs) == 1:
        paragraph = paragraphs[0]
        if not visibility.may_read(audience, paragraph):
            return confidential_reply(paragraph, zone=services.zone)
        reply = paragraph_reply(session, paragraph, zone=services.zone, today=today)
        link = _link(session, reply=reply, paragraph=paragraph, scope=scope, services=services)
        return replace(reply, link=link) if link else reply
    lines = tuple(summary_line(p, zone=services.zone) for p in paragraphs[:MAX_LIST])
    title = msg.LOOKUP_MANY_TITLE.format(count=len(paragraphs) if len(paragraphs) <= MAX_LIST else f"{MAX_LIST}+",
                                         query=query)
    return Reply(title=title, sections=(Section(lines=lines),),
                 context=msg.PICK_ONE_HINT)


def _link(session: Session, *, reply: Reply, paragraph: Paragraph, scope: Scope,
          services: Services) -> tuple[str, str] | None:
    """«Öppna i webbläsaren»: personal only where only the asker reads the reply.

    A signed link opens the web pages as its person — their sekretess included — for hours, so
    it never goes into a channel post. There the link is the §'s public page, and only when that
    page is open to anyone (a justerad, non-sekretess § of a public body).
    """
    if reply.ephemeral or reply.private or (scope.binding is None and not scope.answer_in_place):
        url = paragraph_link(services, tenant_id=scope.tenant.id, person_id=scope.person.id,
                             paragraph_id=paragraph.id, session=session)
    elif paragraph.body.is_public and not paragraph.confidential and (
            paragraph.locked or (paragraph.meeting is not None and paragraph.meeting.state == "justerat")):
        url = public_paragraph_link(services, tenant_id=scope.tenant.id, paragraph_id=paragraph.id)
    else:
        url = None
    return (msg.OPEN_IN_BROWSER, url) if url else None
