"""``/beslut QUERY``: find paragraphs by diarienummer, by § or by free words.

The query's shape decides the path: a diarienummer in any spelling goes to the case key index,
``§ 19`` to the (body, year, number) index, anything else to full-text search with typo
correction. Only the last path ranks; the first two are exact. A query shaped like a
diarienummer or a § that names nothing says exactly that: fifteen free-word hits for «KS 2023/999»
would answer a question nobody asked.

Every path loads its paragraphs in one statement with what the answer shows (body, meeting, case):
a list of fifteen hits used to cost a lazy load per line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from handlers import messages as msg
from handlers import visibility
from handlers.context import Services
from handlers.errors import UserError
from handlers.lookups import find_body, local_day_bounds
from handlers.paragraph_view import confidential_reply, paragraph_reply, summary_line, title_only_reply
from handlers.parsing.dnr import Dnr, find_dnrs, looks_like_dnr, parse_dnr_query
from handlers.parsing.fields import parse_fields
from handlers.parsing.paragraph_ref import ParagraphRef, looks_like_paragraph_ref, parse_paragraph_ref
from handlers.reply import Reply, Section
from handlers.scope import Scope
from handlers.weblinks import paragraph_link, public_paragraph_link
from storage.models import Body, Case, Meeting, Paragraph
from storage.search.dnr import paragraphs_with_year_number
from storage.search.query import search_paragraphs, suggest_words
from storage.search.text import fold
from storage.tenancy import scoped

MAX_LIST = 15
_SHOWN = (joinedload(Paragraph.body), joinedload(Paragraph.meeting), joinedload(Paragraph.case))


def lookup(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Answer a lookup; one hit in full, several as a list, none with what was not found."""
    fields = parse_fields(text, labels={"organ": "body"})
    query = fields.head.strip()
    if not query:
        raise UserError(msg.LOOKUP_QUERY_MISSING, usage=msg.LOOKUP_USAGE)
    body = find_body(session, scope=scope, name=fields.get("body")) if fields.get("body") else scope.body
    audience = visibility.asker(session, scope=scope, services=services)
    found = find_paragraphs(query, session=session, scope=scope, body=body, services=services, audience=audience)
    return _answer(found, query=query, session=session, scope=scope, services=services, audience=audience)


@dataclass(frozen=True)
class Found:
    """Paragraphs a query names, and how it named them (``reference``, ``dnr`` or ``words``).

    ``reference`` and ``dnr`` carry what was read, so «nothing found» can repeat it; both are None
    for a query that looks like a § but could not be read (``§ 19 abc``).
    """

    paragraphs: list[Paragraph]
    kind: str
    reference: ParagraphRef | None = None
    dnr: Dnr | None = None


def find_paragraphs(query: str, *, session: Session, scope: Scope, body, services: Services,  # type: ignore[no-untyped-def]
                    audience: visibility.Audience, limit: int = MAX_LIST) -> Found:
    """The paragraphs a query names, as this audience may know of them.

    A § reference lists sekretess §§ too (their number is public in every protocol, and the
    answer says no more than that). A diarienummer or free words find only what the audience may
    find (``visibility.may_find``): a hit that would be withheld must not confirm that a secret dnr
    or word exists.
    """
    ref = parse_paragraph_ref(query)
    if ref is not None:
        return Found(paragraphs=_by_reference(ref, session=session, scope=scope, body=body, services=services),
                     kind="reference", reference=ref)
    if looks_like_paragraph_ref(query):
        return Found(paragraphs=[], kind="reference")
    dnr = parse_dnr_query(query) or next(iter(find_dnrs(query)), None)
    if dnr is not None:
        paragraphs = [p for p in _by_dnr(dnr, session=session, scope=scope) if visibility.may_find(audience, p)]
        return Found(paragraphs=paragraphs, kind="dnr", dnr=dnr)
    if looks_like_dnr(query):
        return Found(paragraphs=[], kind="dnr")
    hits = search_paragraphs(session, tenant_id=scope.tenant.id, query=query, limit=limit)
    ids = visibility.paragraph_ids_readable(session, audience=audience, ids=[hit.paragraph_id for hit in hits])
    return Found(paragraphs=_load(session, ids=ids, tenant_id=scope.tenant.id), kind="words")


def _load(session: Session, *, ids: list[int], tenant_id: int) -> list[Paragraph]:
    """The paragraphs with these ids, in this order, with what a result line shows (one statement)."""
    if not ids:
        return []
    rows = session.scalars(select(Paragraph).where(Paragraph.id.in_(ids), Paragraph.tenant_id == tenant_id)
                           .options(*_SHOWN)).unique()
    by_id = {p.id: p for p in rows}
    return [by_id[pid] for pid in ids if pid in by_id]


def _by_reference(ref: ParagraphRef, *, session: Session, scope: Scope, body, services: Services):  # type: ignore[no-untyped-def]
    """§ N [year | day] in the asked or the channel's body — or the body its label names («Ks § 12»)."""
    labelled = _labelled_body(session, scope=scope, label=ref.label) if ref.label else None
    body = labelled or body
    stmt = (scoped(select(Paragraph), Paragraph, tenant_id=scope.tenant.id).where(Paragraph.number == ref.number)
            .options(*_SHOWN))
    if body is not None:
        stmt = stmt.where(Paragraph.body_id == body.id)
    if ref.year:
        stmt = stmt.where(Paragraph.year == ref.year)
    if ref.day:
        start, end = local_day_bounds(ref.day, zone=services.zone)
        stmt = stmt.join(Meeting, Meeting.id == Paragraph.meeting_id).where(Meeting.starts_at >= start,
                                                                           Meeting.starts_at < end)
    return list(session.scalars(stmt.order_by(Paragraph.year.desc(), Paragraph.id.desc()).limit(MAX_LIST + 1))
                .unique())


def _labelled_body(session: Session, *, scope: Scope, label: str) -> Body | None:
    """The body whose short name (or name) is the label a protocol writes before § («ONAU § 1»)."""
    wanted = fold(label)
    for body in session.scalars(scoped(select(Body), Body, tenant_id=scope.tenant.id)):
        if (body.short_name and fold(body.short_name) == wanted) or fold(body.name) == wanted:
            return body
    return None


_BY_DNR = (select(Paragraph).join(Case, Case.id == Paragraph.case_id)
           .where(Case.tenant_id == bindparam("tenant_id"), Case.dnr_key == bindparam("key"),
                  Paragraph.tenant_id == bindparam("tenant_id"))
           .options(*_SHOWN)
           .order_by(Paragraph.year.desc(), Paragraph.number.desc()).limit(MAX_LIST + 1))


def _by_dnr(dnr: Dnr, *, session: Session, scope: Scope) -> list[Paragraph]:
    """Paragraphs of the case a diarienummer names: one indexed join, prebuilt once.

    Without a register (``2014/757``) the case may be filed under any: the exact key ``:2014:757``
    and every register's 2014/757, found through the indexed dnr words of the full-text index.
    """
    found = list(session.scalars(_BY_DNR, {"tenant_id": scope.tenant.id, "key": dnr.key}).unique())
    if dnr.prefix:
        return found
    ids = paragraphs_with_year_number(session, tenant_id=scope.tenant.id, year=dnr.year, number=dnr.number)
    known = {p.id for p in found}
    found += _load(session, ids=[pid for pid in ids if pid not in known], tenant_id=scope.tenant.id)
    found.sort(key=lambda p: (-p.year, -(p.number or 0)))
    return found[:MAX_LIST + 1]


def _answer(found: Found, *, query: str, session: Session, scope: Scope, services: Services,
            audience: visibility.Audience) -> Reply:
    paragraphs = found.paragraphs
    if not paragraphs:
        return _nothing(found, query=query, session=session, scope=scope)
    today = services.now().date()
    if len(paragraphs) == 1:
        paragraph = paragraphs[0]
        if visibility.title_only(audience, paragraph):
            return title_only_reply(session, paragraph, services=services, person_id=scope.person.id)
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


def _nothing(found: Found, *, query: str, session: Session, scope: Scope) -> Reply:
    """No hit: say what was looked for; only free words get «Menade du …?»."""
    if found.kind == "reference":
        ref = found.reference
        if ref is None:
            text = msg.LOOKUP_PARAGRAPH_UNREADABLE.format(query=query)
        else:
            narrowed = f" den {ref.day.isoformat()}" if ref.day else (f" {ref.year}" if ref.year else "")
            text = msg.LOOKUP_NO_PARAGRAPH.format(number=ref.number, narrowed=narrowed)
        return Reply(text=text, tone="warning", ephemeral=True,
                     context=msg.EXAMPLE.format(example=msg.LOOKUP_REFERENCE_USAGE))
    if found.kind == "dnr":
        dnr = found.dnr
        if dnr is None:
            text = msg.NOT_A_DNR.format(text=query)
        elif dnr.prefix:
            text = msg.LOOKUP_NO_CASE.format(dnr=dnr.display)
        else:
            text = msg.LOOKUP_NO_CASE_ANY_REGISTER.format(year=dnr.year, number=dnr.number)
        return Reply(text=text, tone="warning", ephemeral=True, context=msg.EXAMPLE.format(example=msg.LOOKUP_DNR_USAGE))
    text = msg.LOOKUP_NOTHING.format(query=query)
    suggestions = suggest_words(session, tenant_id=scope.tenant.id, query=query)
    if suggestions:
        text += " " + msg.DID_YOU_MEAN.format(options=", ".join(f"«{s}»" for s in suggestions))
    return Reply(text=text, tone="warning", ephemeral=True)


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
