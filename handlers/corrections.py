"""``/beslut rätta``: the only way to change a justerad paragraph — recorded and audited.

After justering the protocol is a public record. A correction does not silently rewrite it: the
old clauses are kept in the paragraph's correction history and in the audit trail with who and
when, and the reply says so. The clauses change in place like ``ersätt`` (``handlers.rewrite``):
an assignment whose clause is only reworded keeps its id, status and moved deadline; one whose
clause the correction drops is ended, and the audit row names it.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.lookups import body_for
from handlers.parsing.clauses import split_clauses
from handlers.parsing.fields import parse_fields
from handlers.recording import existing_paragraph, is_closed
from handlers.reply import Reply, Section
from handlers.rewrite import Rewrite, rewrite_paragraph
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope

USAGE = msg.USAGE_CORRECTION
_HEAD = re.compile(r"^\s*§\s*(?P<n>\d+)\s*(?P<year>\d{4})?\s*(?P<rest>.*)$", re.S)


def correct(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Replace the clauses of a locked paragraph, keeping the old ones on record."""
    head, colon, new_text = text.partition(":")
    match = _HEAD.match(head)
    if not colon or not match or not new_text.strip():
        raise UserError(msg.NEED_CORRECTION, usage=USAGE)
    fields = parse_fields(match.group("rest"), labels={"organ": "body"})
    body = body_for(session, scope=scope, name=fields.get("body"))
    require_role(session, scope=scope, body=body, roles=RECORDERS, action="rätta beslut")
    year = int(match.group("year")) if match.group("year") else services.now().year
    number = int(match.group("n"))
    paragraph = existing_paragraph(session, tenant_id=scope.tenant.id, body=body, year=year, number=number)
    if paragraph is None:
        raise UserError(msg.PARAGRAPH_MISSING.format(number=number, year=year, body=body.name), usage=USAGE)
    if not (paragraph.locked or is_closed(paragraph.meeting)):
        raise UserError(msg.DECISION_NOT_LOCKED.format(number=number))
    clauses = split_clauses(new_text.strip())
    if not clauses:
        raise UserError(msg.DECISION_NO_CLAUSES, usage=USAGE)
    before = [c.text for c in paragraph.clauses]
    history = list((paragraph.extra or {}).get("corrections", []))
    history.append({"at": services.now().isoformat(), "by": scope.person.name, "before": before, "after": clauses})
    paragraph.extra = {**(paragraph.extra or {}), "corrections": history}
    reference = (paragraph.meeting.starts_at.astimezone(services.zone).date() if paragraph.meeting
                 else services.now().date())
    changes = rewrite_paragraph(session, paragraph=paragraph, rewrite=Rewrite(clauses=clauses), reference=reference,
                                zone=services.zone)
    audit.record(session, scope=scope, action="paragraph.correct", subject_type="paragraph", subject_id=paragraph.id,
                 case_id=paragraph.case_id, details={"before": before, "after": clauses,
                                                     "assignments": changes.audit()["assignments"]})
    return Reply(text=msg.DECISION_CORRECTED.format(number=number, year=year), tone="success",
                 sections=(Section(heading=msg.DECISION_CHANGES_HEADING, lines=changes.lines(with_fields=False)),))
