"""Tenant scoping of queries.

Every repository query goes through ``scoped`` so the tenant filter is written once; a query
that forgets it is visible in review because it does not call this.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

T = TypeVar("T", bound=Select[Any])


def scoped(query: T, model: Any, *, tenant_id: int) -> T:
    """Restrict ``query`` to rows of ``model`` that belong to ``tenant_id``."""
    return query.where(model.tenant_id == tenant_id)
