"""The one visibility rule: who may read a sekretess paragraph and what hangs on it.

A paragraph marked sekretess, and every assignment taken from its clauses, may be read only by
the members of the body that decided it. Every output is written for an *audience*: one person
(a reply only they see — an ephemeral Slack answer, a personal chat, their own signed web link)
or everyone who can see a place (a channel post, a digest, a reminder, another body's agenda, a
feed, a public page). A channel's readers cannot be enumerated, so a place's audience is never a
member of anything: sekretess text reaches it only as «§ 20 Sekretess».

A deployment may go further (setting SAMVERKAN_SEKRETESS_I_CHATT=aldrig): then sekretess text never
passes through the chat provider at all, not even to members. A chat audience of members is then
*titles only*: it may find the § and read its title, and is sent to the web page for the rest.

Every read path — chat replies, lists, digests, reminders, notices, kallelser, agendas, exports,
feeds, web pages, search suggestions and error messages — asks this module instead of testing
``confidential`` itself, so the rule is stated once and a new surface cannot forget it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.context import Services
from handlers.scope import Scope
from storage.models import Assignment, Membership, Paragraph


class Audience:
    """Who will read an output: the bodies whose sekretess they may read (none, for a place).

    A person's bodies are read from the database only when a sekretess paragraph is actually met:
    most answers hold none, and the query was a third of a lookup's cost.
    """

    __slots__ = ("tenant_id", "_member_of", "_load", "titles_only")

    def __init__(self, *, tenant_id: int, member_of: frozenset[int] | None = None,
                 load: Callable[[], frozenset[int]] | None = None, titles_only: bool = False) -> None:
        self.tenant_id = tenant_id
        self.titles_only = titles_only  # members read a sekretess § here as its title and a link only
        self._member_of = member_of if member_of is not None or load is not None else frozenset()
        self._load = load

    @property
    def member_of(self) -> frozenset[int]:
        """The bodies whose sekretess this audience may read (loaded on first use)."""
        if self._member_of is None:
            assert self._load is not None
            self._member_of = self._load()
        return self._member_of


def everyone(*, tenant_id: int) -> Audience:
    """A place (channel, feed, public page): nobody in it is assumed to be a member of anything."""
    return Audience(tenant_id=tenant_id)


CHAT_MEMBERS_READ = "medlemmar"  # SAMVERKAN_SEKRETESS_I_CHATT: members read sekretess in chat (default)
CHAT_TITLES_ONLY = "aldrig"  # ... or nobody does: title and a link to the web page only


def person(session: Session, *, tenant_id: int, person_id: int, titles_only: bool = False) -> Audience:
    """One person: the bodies they hold a current seat in, in their own name or by a function they hold."""
    query = select(Membership.body_id).where(Membership.tenant_id == tenant_id, Membership.person_id == person_id,
                                             Membership.end_on.is_(None))
    return Audience(tenant_id=tenant_id, load=lambda: frozenset(session.scalars(query)), titles_only=titles_only)


def may_find(audience: Audience, paragraph: Paragraph) -> bool:
    """Whether the paragraph may be found and named for the audience (``may_read`` says how much of it)."""
    if paragraph.tenant_id != audience.tenant_id:
        return False
    return not paragraph.confidential or paragraph.body_id in audience.member_of


def may_read(audience: Audience, paragraph: Paragraph) -> bool:
    """Whether the audience may read the paragraph's title, dnr, clauses and assignments."""
    return may_find(audience, paragraph) and not (paragraph.confidential and audience.titles_only)


def title_only(audience: Audience, paragraph: Paragraph) -> bool:
    """A member reading in chat under «aldrig»: show the § as its title and a link to its web page."""
    return bool(paragraph.confidential) and audience.titles_only and may_find(audience, paragraph)


def readable(audience: Audience) -> ColumnElement[bool]:
    """The SQL form of ``may_read`` for queries over ``Paragraph`` (tenant filtering is the caller's).

    What may be *found*: a titles-only audience finds its bodies' sekretess §§ too (and is then
    shown them through ``may_read``/``title_only``, never their text).
    """
    if not audience.member_of:
        return Paragraph.confidential.is_(False)
    return or_(Paragraph.confidential.is_(False), Paragraph.body_id.in_(sorted(audience.member_of)))


def readable_assignments(audience: Audience) -> ColumnElement[bool]:
    """For queries over ``Assignment`` outer-joined to its ``Paragraph``: the rows the audience may read."""
    return or_(Assignment.paragraph_id.is_(None), readable(audience))


def is_secret_assignment(assignment: Assignment) -> bool:
    """An assignment is sekretess when the paragraph it was taken from is."""
    paragraph = assignment.paragraph
    return paragraph is not None and bool(paragraph.confidential)


def masked_paragraph(paragraph: Paragraph) -> str:
    """What a non-member may know of a sekretess §: its number and that it is sekretess."""
    return f"§ {paragraph.number if paragraph.number is not None else '–'} {msg.CONFIDENTIAL_MARK}"


def paragraph_title(audience: Audience | None, paragraph: Paragraph) -> str:
    """The title, or «Sekretess» for an audience that may not read it (None means a place)."""
    if audience is not None and (may_read(audience, paragraph) or title_only(audience, paragraph)):
        return paragraph.title
    return msg.CONFIDENTIAL_MARK if paragraph.confidential else paragraph.title


def task_text(audience: Audience | None, assignment: Assignment) -> str:
    """The task as the audience may read it: a sekretess uppdrag is only «§ 20 Sekretess» to others."""
    paragraph = assignment.paragraph
    if paragraph is None or not paragraph.confidential:
        return assignment.task
    if audience is not None and may_read(audience, paragraph):
        return assignment.task
    return masked_paragraph(paragraph)


def public_task(assignment: Assignment) -> str:
    """The task as any place may read it (digests, reminders, agendas of other bodies)."""
    return task_text(None, assignment)


def paragraph_ids_readable(session: Session, *, audience: Audience, ids: list[int]) -> list[int]:
    """Keep the ids, in order, of the paragraphs the audience may find (one query; see ``readable``)."""
    if not ids:
        return []
    rows = session.execute(select(Paragraph.id, Paragraph.confidential, Paragraph.body_id).where(
        Paragraph.id.in_(ids), Paragraph.tenant_id == audience.tenant_id)).all()
    allowed = {pid for pid, secret, body_id in rows if not secret or body_id in audience.member_of}
    return [pid for pid in ids if pid in allowed]


def _titles_only(services: Services) -> bool:
    return services.confidential_in_chat == CHAT_TITLES_ONLY


def asker(session: Session, *, scope: Scope, services: Services) -> Audience:
    """Who reads a reply that is only the asker's own (marked private when it holds sekretess).

    Everyone in the channel when the adapter will post the answer there whatever it says (the
    dnr watcher answers in a thread): then nobody is a member.
    """
    if scope.answer_in_place:
        return everyone(tenant_id=scope.tenant.id)
    return person(session, tenant_id=scope.tenant.id, person_id=scope.person.id, titles_only=_titles_only(services))


def where_typed(session: Session, *, scope: Scope, services: Services) -> Audience:
    """Who reads a reply posted where the command was typed: the asker in a direct chat, else the channel."""
    if scope.binding is None and not scope.answer_in_place:
        return person(session, tenant_id=scope.tenant.id, person_id=scope.person.id,
                      titles_only=_titles_only(services))
    return everyone(tenant_id=scope.tenant.id)
