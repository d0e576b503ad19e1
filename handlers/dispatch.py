"""Route an invocation to its handler inside one transaction.

One place decides the error policy: a ``UserError`` is shown with its usage and the
transaction is rolled back (nothing half-written); any other exception is logged with a request
id and the user gets one polite sentence. Handlers therefore never catch broadly themselves.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers import deliveries, registry
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.errors import UserError
from handlers.reply import Reply
from handlers.scope import Scope, resolve_scope, scope_ids
from handlers.scope_cache import ScopeCache

log = logging.getLogger("samverkan.dispatch")

MAX_TEXT = 8000

Handler = Callable[..., Reply]

DUPLICATE_DELIVERY = Reply(text="", ephemeral=True)
"""Returned (compare by identity) for a retried delivery that was already applied; answer nothing."""
_HANDLERS: dict[str, Handler] = {}
_load_lock = threading.Lock()
_loaded = False


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register the function that serves the registry command ``name``."""

    def register(func: Handler) -> Handler:
        if registry.find(name) is None:
            raise ValueError(f"{name} is not in the command registry")
        _HANDLERS[name] = func
        return func

    return register


def dispatch(inv: Invocation, *, services: Services) -> Reply:
    """Run one command and return its reply; never raises."""
    load_handlers()
    if not inv.command:
        return Reply(text=msg.EMPTY_INPUT, tone="warning", ephemeral=True)
    spec = registry.find(inv.command)
    if spec is None:
        return unknown_command(inv.command)
    if len(inv.text) > MAX_TEXT:
        return error_reply(UserError(msg.TOO_LONG.format(length=len(inv.text), limit=MAX_TEXT)))
    func = _HANDLERS.get(spec.name)
    recent = _recent_keys(services)
    if inv.delivery_key and not recent.first(inv.delivery_key):
        return DUPLICATE_DELIVERY
    return _run(inv, spec=spec, func=func, services=services)


def _run(inv: Invocation, *, spec: registry.CommandSpec, func: Handler | None, services: Services) -> Reply:
    """The command in its transaction, under the one error policy."""
    with services.sessions() as session:
        try:
            if inv.delivery_key and inv.redelivery and deliveries.seen(session, key=inv.delivery_key):
                return DUPLICATE_DELIVERY
            cache = _scope_cache(services)
            scope: Scope = resolve_scope(session, inv, cache=cache)
            reply = func(inv, session=session, scope=scope, services=services) if func else None
            if reply is None:
                session.rollback()
                return Reply(text=msg.NOT_AVAILABLE.format(command=spec.name, sub=inv.text), tone="warning")
            if not _commit(session, inv=inv, services=services):
                return DUPLICATE_DELIVERY
            cache.remember(inv, scope_ids(scope))
            return reply
        except UserError as error:
            session.rollback()
            return error_reply(error)
        except Exception:
            session.rollback()
            log.exception("command failed", extra={"command": spec.name})
            if inv.delivery_key:
                _recent_keys(services).forget(inv.delivery_key)  # a retry may succeed
            return Reply(text=msg.GENERIC_FAILURE, tone="error", ephemeral=True)


def _commit(session: Session, *, inv: Invocation, services: Services) -> bool:
    """Commit; a command that changed something records its delivery key in the same transaction.

    So a retried delivery can never apply twice (the key's primary key decides a race between the
    original and its retry), while a lookup, which changes nothing, costs no write at all.
    Returns False when this delivery had already been applied and has now been rolled back.
    """
    if inv.delivery_key and (session.new or session.dirty or session.deleted):
        deliveries.record(session, key=inv.delivery_key, now=services.clock())
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if not inv.delivery_key or not deliveries.seen(session, key=inv.delivery_key):
            raise
        log.info("duplicate delivery skipped", extra={"key": inv.delivery_key})
        return False
    return True


def _scope_cache(services: Services) -> ScopeCache:
    """The scope cache of this Services (one per database), created on first use."""
    cache = services.extras.get("scope_cache")
    if cache is None:
        cache = services.extras.setdefault("scope_cache", ScopeCache())
    return cache


def may_run_on_event_loop(inv: Invocation, *, services: Services) -> bool:
    """Whether an adapter may run this command on its event loop instead of a worker thread.

    Only a read (``registry.is_quick_read``) whose tenant, person and channel are already known
    (the scope cache has them, so resolving writes nothing): a first-time user's lookup creates
    rows, and a write waiting for SQLite's lock on the event loop froze every other request,
    ``/healthz`` included. Everything else runs in the worker pool.
    """
    if inv.form_values is not None or not registry.is_quick_read(command=inv.command, text=inv.text):
        return False
    return _scope_cache(services).get(inv) is not None


def _recent_keys(services: Services) -> deliveries.RecentKeys:
    """The process's memory of answered deliveries (one per Services, like the scope cache)."""
    keys = services.extras.get("recent_deliveries")
    if keys is None:
        keys = services.extras.setdefault("recent_deliveries", deliveries.RecentKeys())
    return keys


def error_reply(error: UserError) -> Reply:
    """A user error, ephemeral, with the right way to do it."""
    text = error.message
    if error.usage:
        text += "\n" + msg.USAGE.format(usage=error.usage)
    return Reply(text=text, tone="error", ephemeral=True)


def unknown_command(word: str) -> Reply:
    """'Menade du …?' for a command that does not exist."""
    text = msg.UNKNOWN_COMMAND.format(word=word)
    suggestions = registry.suggest(word)
    if suggestions:
        text += " " + msg.DID_YOU_MEAN.format(options=", ".join(f"/{s}" for s in suggestions))
    return Reply(text=text + " " + msg.TRY_HELP, tone="warning", ephemeral=True)


def load_handlers() -> None:
    """Import the handler modules once so their ``@handler`` registrations run.

    Guarded by a lock and a flag set only after the import finished: checking the (partly filled)
    registry itself let a second thread see some handlers and answer "finns inte ännu" for others.
    """
    global _loaded
    if _loaded:
        return
    with _load_lock:
        if not _loaded:
            import handlers.commands  # noqa: F401

            _loaded = True
