"""Prebuilt Core statements for the public pages (built once, compiled once, cached by SQLAlchemy).

The anslagstavla and the paragraph pages are what the public and crawlers hit; building ORM
queries and loading entities per request cost more than the page itself, so these read plain
rows with bound parameters. Every statement filters on ``:tenant_id``.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from storage.models import AgendaItem, Body, Case, Clause, Meeting, Paragraph, Tenant

TENANT = select(Tenant.id, Tenant.name).where(Tenant.id == bindparam("tenant_id"))

_NOTICE_COLUMNS = (Meeting.id, Meeting.starts_at, Meeting.adjusted_at, Meeting.posted_on, Meeting.taken_down_on,
                   Meeting.appeal_ends_on, Meeting.storage_place, Body.name.label("body_name"),
                   Body.storage_place.label("body_storage"))
_POSTED = (select(*_NOTICE_COLUMNS).join(Body, Body.id == Meeting.body_id)
           .where(Meeting.tenant_id == bindparam("tenant_id"), Body.tenant_id == bindparam("tenant_id"),
                  Body.is_public.is_(True), Meeting.state == "justerat", Meeting.posted_on.is_not(None),
                  Meeting.posted_on <= bindparam("today")))
CURRENT = _POSTED.where(Meeting.posted_on >= bindparam("since")).order_by(Meeting.posted_on.desc(), Meeting.id.desc())
ARCHIVE = (_POSTED.order_by(Meeting.posted_on.desc(), Meeting.id.desc())
           .limit(bindparam("limit")).offset(bindparam("offset")))
_OF_MEETINGS = (Paragraph.tenant_id == bindparam("tenant_id"),
                Paragraph.meeting_id.in_(bindparam("ids", expanding=True)), Paragraph.number.is_not(None))
# Protocols number their §§ without gaps, so (min, max, count) names them; the full list only on a gap.
SPANS = (select(Paragraph.meeting_id, func.min(Paragraph.number), func.max(Paragraph.number),
                func.count(func.distinct(Paragraph.number))).where(*_OF_MEETINGS).group_by(Paragraph.meeting_id))
NUMBERS = select(Paragraph.meeting_id, Paragraph.number).where(*_OF_MEETINGS)

SUMMONSES = (select(Meeting.id, Meeting.starts_at, Meeting.has_time, Meeting.place, Body.name.label("body_name"))
             .join(Body, Body.id == Meeting.body_id)
             .where(Meeting.tenant_id == bindparam("tenant_id"), Body.tenant_id == bindparam("tenant_id"),
                    Body.is_public.is_(True), Meeting.state == "planerat", Meeting.starts_at > bindparam("now"))
             .order_by(Meeting.starts_at).limit(50))
AGENDA = (select(AgendaItem.meeting_id, AgendaItem.title)
          .where(AgendaItem.tenant_id == bindparam("tenant_id"),
                 AgendaItem.meeting_id.in_(bindparam("ids", expanding=True)))
          .order_by(AgendaItem.meeting_id, AgendaItem.position))

PARAGRAPH = (select(Paragraph.id, Paragraph.number, Paragraph.year, Paragraph.title, Paragraph.decision_intro,
                    Paragraph.proposal, Paragraph.body_text, Paragraph.distribution, Paragraph.documents,
                    Paragraph.confidential, Paragraph.locked, Paragraph.body_id, Paragraph.meeting_id,
                    Body.name.label("body_name"), Body.is_public, Meeting.state.label("meeting_state"),
                    Meeting.starts_at, Case.dnr_written)
             .join(Body, Body.id == Paragraph.body_id)
             .outerjoin(Meeting, Meeting.id == Paragraph.meeting_id)
             .outerjoin(Case, Case.id == Paragraph.case_id)
             .where(Paragraph.tenant_id == bindparam("tenant_id"), Paragraph.id == bindparam("paragraph_id")))
CLAUSES = (select(Clause.text).where(Clause.tenant_id == bindparam("tenant_id"),
                                     Clause.paragraph_id == bindparam("paragraph_id")).order_by(Clause.position))
