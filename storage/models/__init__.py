"""The domain model (SQLAlchemy 2, typed). Importing this package registers every table."""

from storage.models.archive import Agreement, SourceDocument
from storage.models.assignments import Assignment
from storage.models.audit import AuditEvent
from storage.models.base import Base, TenantOwned
from storage.models.decisions import Case, Clause, Paragraph
from storage.models.meetings import Adjustment, AgendaItem, Attendance, Meeting
from storage.models.org import Body, ChannelBinding, Membership, Person, Tenant
from storage.models.outbox import OutboxMessage, ProcessedEvent

__all__ = [
    "Adjustment", "AgendaItem", "Agreement", "Assignment", "Attendance", "AuditEvent", "Base", "Body",
    "Case", "ChannelBinding", "Clause", "Meeting", "Membership", "OutboxMessage", "Paragraph", "Person",
    "ProcessedEvent", "SourceDocument", "Tenant", "TenantOwned",
]
