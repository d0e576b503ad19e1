"""A per-process memory of which rows an invocation's tenant, person and channel are.

Resolving a request's scope by external ids costs three or four queries on every command; the
mapping from (platform, workspace, user, channel) to our row ids never changes once written, so
after the first successful command it is kept here and a repeat needs one query by primary key.
Entries are stored only after the transaction that created the rows has committed, the cache
belongs to one ``Services`` (one database), and every hit is checked against the loaded rows,
so a deleted or reused id falls back to the full lookup instead of mixing people up.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from handlers.context import Invocation

MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class ScopeIds:
    """Row ids of a resolved scope."""

    tenant_id: int
    person_id: int
    binding_id: int | None


def cache_key(inv: Invocation) -> tuple[str, str, str, str, bool]:
    """What identifies a scope: platform, workspace, user, channel and whether it is a DM."""
    return (inv.tenant.platform, inv.tenant.external_id, inv.actor.user_id, inv.channel.channel_id,
            inv.channel.is_direct)


class ScopeCache:
    """A small thread-safe LRU map from ``cache_key`` to ``ScopeIds``."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[str, str, str, str, bool], ScopeIds] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, inv: Invocation) -> ScopeIds | None:
        """The remembered ids, refreshed as most recently used."""
        key = cache_key(inv)
        with self._lock:
            ids = self._entries.get(key)
            if ids is not None:
                self._entries.move_to_end(key)
            return ids

    def remember(self, inv: Invocation, ids: ScopeIds) -> None:
        """Keep ids of a committed scope, dropping the least recently used beyond the bound."""
        with self._lock:
            self._entries[cache_key(inv)] = ids
            self._entries.move_to_end(cache_key(inv))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def forget(self, inv: Invocation) -> None:
        """Drop an entry whose rows no longer match."""
        with self._lock:
            self._entries.pop(cache_key(inv), None)
