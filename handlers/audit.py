"""Writing the audit trail: every change a user makes is recorded with who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handlers.scope import Scope
from storage.models import AuditEvent


def record(
    session: Session,
    *,
    scope: Scope,
    action: str,
    subject_type: str,
    subject_id: int | None,
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an audit row in the same transaction as the change it describes."""
    session.add(
        AuditEvent(
            tenant_id=scope.tenant.id,
            actor_person_id=scope.person.id,
            actor_name=scope.person.name,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            case_id=case_id,
            details=details or {},
        )
    )
