"""Only reads of already-known users may run on an adapter's event loop.

A first-time user's lookup creates their tenant, person and channel rows; on the event loop, with
a writer holding SQLite's lock, that froze the whole server (``/healthz`` for seconds).
"""

from __future__ import annotations

from bot.console import invocation_for
from handlers.dispatch import dispatch, may_run_on_event_loop


def test_a_first_lookup_goes_to_the_worker_pool_and_a_known_users_read_may_stay(services) -> None:  # type: ignore[no-untyped-def]
    lookup = invocation_for("beslut UTB 22/30", user="Ny Användare", channel="allmänt")
    assert not may_run_on_event_loop(lookup, services=services)  # resolving would insert rows
    dispatch(lookup, services=services)
    assert may_run_on_event_loop(lookup, services=services)  # known now: a pure read
    for line in ("beslut registrera § 1 X: att Y", 'samverkan organ ny "Z"', "uppdrag klar 3", "mote ny 2022-04-01"):
        assert not may_run_on_event_loop(invocation_for(line, user="Ny Användare", channel="allmänt"),
                                         services=services), line
