"""The domain model (SQLAlchemy 2, typed). Importing this package registers every table.

Every table and index the migrations create is declared here (the schema-drift test holds the two
together); only the dialect-specific full-text index is not — see ``storage/models/search.py``.
"""

from storage.models import slack_oauth
from storage.models.archive import Agreement, SourceDocument
from storage.models.assignments import Assignment
from storage.models.audit import AuditEvent
from storage.models.base import Base, TenantOwned
from storage.models.decisions import Case, Clause, Paragraph
from storage.models.meetings import Adjustment, AgendaItem, Attendance, Meeting
from storage.models.org import Body, ChannelBinding, Membership, Person, Tenant
from storage.models.outbox import OutboxMessage, ProcessedEvent
from storage.models.planner import ReminderPlannerState
from storage.models.search import SearchWord
from storage.models.web import WebLinkGeneration, WebSecret
from storage.models.year import DispatchReceipt, ParagraphAttendance

__all__ = [
    "Adjustment", "AgendaItem", "Agreement", "Assignment", "Attendance", "AuditEvent", "Base", "Body",
    "Case", "ChannelBinding", "Clause", "DispatchReceipt", "Meeting", "Membership", "OutboxMessage", "Paragraph", "ParagraphAttendance", "Person",
    "ProcessedEvent", "ReminderPlannerState", "SearchWord", "SourceDocument", "Tenant", "TenantOwned",
    "WebLinkGeneration", "WebSecret", "slack_oauth",
]
