"""Resolve who and where a request comes from into database rows.

Tenants, people and channels are created on first sight: a workspace that installs the bot, a
member who types their first command and a channel the bot is added to need no set-up step.
Every later query is filtered by ``scope.tenant.id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, joinedload

from handlers.context import Invocation
from handlers.scope_cache import ScopeCache, ScopeIds
from storage.models import Body, ChannelBinding, Person, Tenant

NAME_IS_ID_PLATFORMS = frozenset({"console"})
"""Platforms where the typed name *is* the user's id: the local terminal, whose user is whoever runs it."""


@dataclass
class Scope:
    """The resolved request: tenant, person, the channel binding and its body (if bound)."""

    tenant: Tenant
    person: Person
    binding: ChannelBinding | None
    platform: str
    answer_in_place: bool = False  # the reply goes to everyone in the channel (the dnr watcher's thread answers)

    @property
    def body(self) -> Body | None:
        """The body the channel is bound to, which commands default to."""
        return self.binding.body if self.binding is not None else None


def resolve_scope(session: Session, inv: Invocation, *, cache: ScopeCache | None = None) -> Scope:
    """Find or create the tenant, person and channel binding of an invocation.

    With a cache, a known invocation is loaded by primary key in one query.
    """
    if cache is not None:
        ids = cache.get(inv)
        if ids is not None:
            cached = _load_cached(session, inv, ids)
            if cached is not None:
                return cached
            cache.forget(inv)
    return _resolve(session, inv)


def scope_ids(scope: Scope) -> ScopeIds:
    """The row ids of a resolved scope, for the cache."""
    return ScopeIds(tenant_id=scope.tenant.id, person_id=scope.person.id,
                    binding_id=scope.binding.id if scope.binding is not None else None)


# Built once: statement construction costs more than executing these primary-key reads.
_CACHED_DM = (select(Tenant, Person).join(Person, Person.tenant_id == Tenant.id)
              .where(Tenant.id == bindparam("t"), Person.id == bindparam("p")))
_CACHED_CHANNEL = (select(Tenant, Person, ChannelBinding)
                   .join(Person, Person.tenant_id == Tenant.id)
                   .join(ChannelBinding, ChannelBinding.tenant_id == Tenant.id)
                   .where(Tenant.id == bindparam("t"), Person.id == bindparam("p"), ChannelBinding.id == bindparam("b"))
                   .options(joinedload(ChannelBinding.body)))


def _load_cached(session: Session, inv: Invocation, ids: ScopeIds) -> Scope | None:
    """Load remembered rows in one query and check they still are who the invocation says."""
    params = {"t": ids.tenant_id, "p": ids.person_id, "b": ids.binding_id}
    if ids.binding_id is None:
        row = session.execute(_CACHED_DM, params).first()
        if row is None:
            return None
        tenant, person = row
        binding = None
    else:
        row = session.execute(_CACHED_CHANNEL, params).first()
        if row is None:
            return None
        tenant, person, binding = row
        if binding.channel_id != inv.channel.channel_id:
            return None
    if (tenant.platform, tenant.external_id) != (inv.tenant.platform, inv.tenant.external_id):
        return None
    if person.tenant_id != tenant.id or person.platform_user_id != inv.actor.user_id:
        return None
    _refresh(inv, person=person, binding=binding)
    return Scope(tenant=tenant, person=person, binding=binding, platform=inv.tenant.platform,
                 answer_in_place=inv.answer_in_place)


def _refresh(inv: Invocation, *, person: Person, binding: ChannelBinding | None) -> None:
    """Keep display names and platform references current (Teams references change)."""
    if inv.actor.display_name and person.name != inv.actor.display_name and person.name == inv.actor.user_id:
        person.name = inv.actor.display_name
    if binding is None:
        if inv.channel.is_direct and inv.channel.reference and person.dm_reference != inv.channel.reference:
            person.dm_reference = inv.channel.reference
    elif inv.channel.reference and binding.conversation_reference != inv.channel.reference:
        binding.conversation_reference = inv.channel.reference


def _resolve(session: Session, inv: Invocation) -> Scope:
    """The full lookup by external ids, creating rows on first sight."""
    tenant = _get_or_create(
        session,
        select(Tenant).where(Tenant.platform == inv.tenant.platform, Tenant.external_id == inv.tenant.external_id),
        lambda: Tenant(platform=inv.tenant.platform, external_id=inv.tenant.external_id, name=inv.tenant.name),
    )
    person = _person(session, tenant=tenant, inv=inv)
    binding: ChannelBinding | None = None
    if not inv.channel.is_direct:
        binding = _get_or_create(
            session,
            select(ChannelBinding).where(
                ChannelBinding.tenant_id == tenant.id,
                ChannelBinding.platform == inv.tenant.platform,
                ChannelBinding.channel_id == inv.channel.channel_id,
            ),
            lambda: ChannelBinding(
                tenant_id=tenant.id,
                platform=inv.tenant.platform,
                channel_id=inv.channel.channel_id,
                name=inv.channel.name,
                conversation_reference=inv.channel.reference,
                settings={},
            ),
        )
    _refresh(inv, person=person, binding=binding)
    return Scope(tenant=tenant, person=person, binding=binding, platform=inv.tenant.platform,
                 answer_in_place=inv.answer_in_place)


def _person(session: Session, *, tenant: Tenant, inv: Invocation) -> Person:
    """The actor's one person row, found by a platform id only — never by display name.

    A display name is chosen by its owner, so matching on it would let anyone take over a seat
    given by name. A row made from a mention may carry the id the mention had (Teams mentions
    carry the 29:… account id, senders the AAD object id): found by either, it takes the
    sender's primary id and keeps the other as ``platform_alt_id``.
    """
    ids = [inv.actor.user_id] + ([inv.actor.alt_id] if inv.actor.alt_id and inv.actor.alt_id != inv.actor.user_id
                                 else [])
    rows = session.scalars(select(Person).where(
        Person.tenant_id == tenant.id,
        or_(Person.platform_user_id.in_(ids), Person.platform_alt_id.in_(ids))).order_by(Person.id)).all()
    exact = next((row for row in rows if row.platform_user_id == inv.actor.user_id), None)
    person = exact or (rows[0] if rows else None)
    if person is None and inv.tenant.platform in NAME_IS_ID_PLATFORMS:
        person = session.scalars(select(Person).where(
            Person.tenant_id == tenant.id, Person.platform_user_id.is_(None), Person.platform_alt_id.is_(None),
            Person.name == inv.actor.user_id).order_by(Person.id)).first()
    if person is None:
        return _get_or_create(
            session,
            select(Person).where(Person.tenant_id == tenant.id, Person.platform_user_id == inv.actor.user_id),
            lambda: Person(tenant_id=tenant.id, platform_user_id=inv.actor.user_id, name=inv.actor.display_name,
                           platform_alt_id=ids[1] if len(ids) > 1 else None),
        )
    if person.platform_user_id != inv.actor.user_id and exact is None:
        person.platform_user_id = inv.actor.user_id
    if len(ids) > 1 and person.platform_alt_id != ids[1] and not any(
            row.platform_alt_id == ids[1] for row in rows if row is not person):
        person.platform_alt_id = ids[1]
    return person


def _get_or_create(session: Session, query, factory):  # type: ignore[no-untyped-def]
    """Select a row, or insert it in a savepoint so a concurrent insert is tolerated."""
    found = session.scalars(query).first()
    if found is not None:
        return found
    from sqlalchemy.exc import IntegrityError

    try:
        with session.begin_nested():
            row = factory()
            session.add(row)
        return row
    except IntegrityError:
        return session.scalars(query).one()
