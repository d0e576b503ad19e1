"""``/samverkan``: help, bodies, channel binding, members and dnr watching."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.help import help_reply
from handlers.lookups import body_for, find_body
from handlers.parsing.fields import parse_fields, split_words
from handlers.people import is_linked, person_for
from handlers.reply import Reply, Section
from handlers.roles import MANAGERS, ROLES, normalise_role, require_role
from handlers.scope import Scope
from handlers.seats import link_seat
from storage.collation import swedish
from storage.models import Body, Membership
from storage.tenancy import scoped

BODY_KINDS = ("nämnd", "arbetsutskott", "styrgrupp", "beredningsgrupp", "strategigrupp", "arbetsgrupp",
              "samverkansforum", "nätverk", "organ")
_MEMBER_RE = re.compile(r"^(?P<who>.+?)\s+som\s+(?P<role>[\wåäöÅÄÖ ]+?)(?:\s+i\s+(?P<body>.+))?$", re.I)
_REMOVE_RE = re.compile(r"^(?P<who>.+?)(?:\s+i\s+(?P<body>.+))?$", re.I)


@handler("samverkan")
def samverkan(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /samverkan; with nothing else, the help overview."""
    words = inv.text.split(maxsplit=1)
    sub = words[0].lower() if words else "hjälp"
    rest = words[1].strip() if len(words) > 1 else ""
    if sub in ("hjälp", "hjalp", "help", "?"):
        return help_reply(rest)
    if sub == "organ":
        return _bodies(rest, session=session, scope=scope)
    if sub == "kanal":
        return _channel(rest, session=session, scope=scope)
    if sub in ("medlem", "medlemmar"):
        return _members(rest if sub == "medlem" else "lista " + rest, session=session, scope=scope,
                        services=services)
    if sub == "bevakning":
        return _watch(rest, session=session, scope=scope)
    if sub == "avtal":  # the samverkansavtal that drives the body's year (issue 18)
        from handlers.agreement_year import show_agreement

        return show_agreement(rest, session=session, scope=scope, services=services)
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/samverkan", sub=sub), usage=msg.USAGE_HELP_SAMVERKAN)


def _bodies(text: str, *, session: Session, scope: Scope) -> Reply:
    verb, _, rest = text.partition(" ")
    if verb.lower() in ("", "lista"):
        bodies = session.scalars(scoped(select(Body), Body, tenant_id=scope.tenant.id).order_by(swedish(Body.name))).all()
        if not bodies:
            return Reply(text=msg.BODY_LIST_EMPTY)
        lines = tuple(f"{b.name}" + (f" ({b.short_name})" if b.short_name else "") + f" – {b.kind}" for b in bodies)
        return Reply(title=msg.BODY_LIST_TITLE, sections=(Section(lines=lines),))
    if verb.lower() != "ny":
        raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/samverkan organ", sub=verb),
                        usage=msg.USAGE_BODY_NEW)
    fields = parse_fields(rest, labels={"kort": "short", "typ": "kind", "under": "parent"})
    name = fields.head
    if not name:
        raise UserError(msg.NEED_BODY_NAME, usage=msg.USAGE_BODY_NEW)
    kind = (fields.get("kind") or _guess_kind(name)).lower()
    if kind not in BODY_KINDS:
        raise UserError(msg.UNKNOWN_BODY_KIND.format(kind=kind, kinds=", ".join(BODY_KINDS)))
    existing = session.scalars(scoped(select(Body), Body, tenant_id=scope.tenant.id).where(Body.name == name)).first()
    if existing is not None:
        raise UserError(msg.BODY_EXISTS.format(name=name))
    parent = find_body(session, scope=scope, name=fields.get("parent")) if fields.get("parent") else None
    body = Body(tenant_id=scope.tenant.id, name=name, short_name=fields.get("short"), kind=kind,
                parent_id=parent.id if parent else None, settings={})
    session.add(body)
    session.flush()
    session.add(Membership(tenant_id=scope.tenant.id, body_id=body.id, person_id=scope.person.id, role="sekreterare"))
    audit.record(session, scope=scope, action="body.create", subject_type="body", subject_id=body.id,
                 details={"name": name, "kind": kind})
    return Reply(text=msg.BODY_CREATED.format(name=name), tone="success")


def _guess_kind(name: str) -> str:
    lowered = name.lower()
    return next((k for k in BODY_KINDS if k in lowered), "organ")


def _channel(text: str, *, session: Session, scope: Scope) -> Reply:
    if scope.binding is None:
        raise UserError(msg.CHANNEL_ONLY)
    if not text.strip():
        if scope.binding.body is None:
            return Reply(text=msg.CHANNEL_UNBOUND + " " + msg.NO_BODY_HINT)
        return Reply(text=msg.CHANNEL_STATUS.format(name=scope.binding.body.name))
    body = find_body(session, scope=scope, name=text)
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="koppla kanaler")
    scope.binding.body_id = body.id
    scope.binding.body = body
    audit.record(session, scope=scope, action="channel.bind", subject_type="channel", subject_id=scope.binding.id,
                 details={"body": body.name, "channel": scope.binding.channel_id})
    return Reply(text=msg.CHANNEL_BOUND.format(name=body.name), tone="success")


def _member_line(membership: Membership) -> str:
    """«Lina – justerare», «skolchef (innehas av Eva) – ledamot», «Nisse – ledamot (ej kopplad)»."""
    person = membership.person
    if membership.function:
        who = (msg.MEMBER_LIST_FUNCTION_HELD.format(function=membership.function, who=person.name)
               if person is not None else membership.function)
        return f"{who} – {membership.role}"
    if person is None:
        return f"– – {membership.role}"
    unlinked = "" if is_linked(person) else f" ({msg.MEMBER_LIST_UNLINKED})"
    return f"{person.name} – {membership.role}{unlinked}"


def _members(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    lowered = text.lower()
    if lowered.startswith("lägg till "):
        return _add_member(text[len("lägg till "):], session=session, scope=scope)
    if lowered.startswith("ta bort "):
        return _remove_member(text[len("ta bort "):], session=session, scope=scope)
    if lowered.startswith("koppla"):
        return link_seat(text[len("koppla"):].strip(), session=session, scope=scope, services=services)
    if lowered.startswith("lista"):
        body = body_for(session, scope=scope, name=text[5:].strip() or None)
        rows = session.scalars(scoped(select(Membership), Membership, tenant_id=scope.tenant.id)
                               .where(Membership.body_id == body.id, Membership.end_on.is_(None))
                               .order_by(Membership.id)).all()
        # as a protocol lists them: ordförande first, then by role, in the order they were added
        rows = sorted(rows, key=lambda m: (ROLES.index(m.role) if m.role in ROLES else len(ROLES), m.id))
        return Reply(title=msg.MEMBERS_TITLE.format(body=body.name),
                     sections=(Section(lines=tuple(_member_line(m) for m in rows)),))
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/samverkan medlem", sub=text.split(" ")[0]),
                    usage=msg.USAGE_MEMBER)


def _add_member(text: str, *, session: Session, scope: Scope) -> Reply:
    match = _MEMBER_RE.match(text.strip())
    usage = msg.USAGE_MEMBER
    if not match:
        raise UserError(msg.NEED_WHO_AND_ROLE, usage=usage)
    role = normalise_role(match.group("role"))
    if role is None:
        raise UserError(msg.UNKNOWN_ROLE.format(role=match.group("role"), roles=", ".join(ROLES)), usage=usage)
    body = body_for(session, scope=scope, name=match.group("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="hantera medlemmar")
    who = match.group("who").strip()
    membership = Membership(tenant_id=scope.tenant.id, body_id=body.id, role=role)
    person = None
    if who.lower().startswith("funktion "):
        membership.function = " ".join(split_words(who[len("funktion "):]))
        label = membership.function
    else:
        person = person_for(session, scope=scope, text=who)
        membership.person_id = person.id
        label = person.name
    session.add(membership)
    session.flush()
    audit.record(session, scope=scope, action="member.add", subject_type="membership", subject_id=membership.id,
                 details={"body": body.name, "who": label, "role": role})
    unlinked = person is not None and not is_linked(person)
    return Reply(text=msg.MEMBER_ADDED.format(who=label, role=role, body=body.name), tone="success",
                 context=msg.MEMBER_UNLINKED_NOTE.format(name=label) if unlinked else None)


def _remove_member(text: str, *, session: Session, scope: Scope) -> Reply:
    match = _REMOVE_RE.match(text.strip())
    assert match is not None  # the pattern accepts any non-empty text
    body = body_for(session, scope=scope, name=match.group("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="hantera medlemmar")
    who = match.group("who").strip()
    person = person_for(session, scope=scope, text=who, create=False)
    query = scoped(select(Membership), Membership, tenant_id=scope.tenant.id).where(Membership.body_id == body.id)
    if person is not None:
        query = query.where(Membership.person_id == person.id)
    else:
        query = query.where(Membership.function == who.removeprefix("funktion ").strip())
    rows = session.scalars(query).all()
    if not rows:
        raise UserError(msg.MEMBER_NOT_FOUND.format(who=who, body=body.name))
    for row in rows:
        session.delete(row)
    audit.record(session, scope=scope, action="member.remove", subject_type="body", subject_id=body.id,
                 details={"who": who})
    return Reply(text=msg.MEMBER_REMOVED.format(who=who, body=body.name), tone="success")


def _watch(text: str, *, session: Session, scope: Scope) -> Reply:
    if scope.platform == "teams":  # without the ChannelMessage.Read.Group consent no other message reaches the bot
        raise UserError(msg.WATCH_NOT_IN_TEAMS, usage=msg.USAGE_WATCH_TEAMS)
    if scope.binding is None:
        raise UserError(msg.CHANNEL_ONLY)
    value = text.strip().lower()
    if value not in ("på", "av"):
        raise UserError(msg.NEED_ON_OFF, usage=msg.USAGE_WATCH)
    if scope.binding.body is None:
        raise UserError(msg.NO_BODY_HERE, usage=msg.NO_BODY_HINT)
    require_role(session, scope=scope, body=scope.binding.body, roles=MANAGERS, action="ändra bevakningen")
    scope.binding.settings = {**(scope.binding.settings or {}), "watch": value == "på"}
    audit.record(session, scope=scope, action="channel.watch", subject_type="channel", subject_id=scope.binding.id,
                 details={"watch": value})
    return Reply(text=msg.WATCH_ON if value == "på" else msg.WATCH_OFF, tone="success")
