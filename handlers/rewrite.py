"""Changing a recorded § in place (``ersätt`` before justering, ``rätta`` after it).

People act on a decision as soon as it is recorded: an uppdrag is marked done, a deadline is
moved with a reason, a report-back lands on a meeting's agenda. Deleting the § and writing it
again threw all that away (new assignment ids, everything open again, moved deadlines lost) and
silently dropped every field the new text did not repeat. So a rewrite keeps the § row and its
id, pairs the old clauses with the new ones (same wording first, then same place), keeps each
paired clause's assignment row with its status and history, ends the assignments whose clause is
gone, and adds rows only for clauses that assign something new. A field the new text leaves out
(``None``) keeps its old value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.lookups import get_or_create_case
from handlers.parsing.assignments import ExtractedAssignment, extract_assignments
from handlers.parsing.dnr import Dnr
from handlers.recording import assignment_rows
from handlers.report_back import link_report_backs, unlink_report_back
from storage.models import Assignment, Clause, Meeting, Paragraph
from storage.search import index_paragraph


@dataclass
class Rewrite:
    """The new text of a §; every ``None`` means "not given: keep what the § has"."""

    clauses: list[str]
    title: str | None = None
    dnr: Dnr | None = None
    proposal: str | None = None
    intro: str | None = None
    distribution: list[str] | None = None
    documents: list[str] | None = None
    confidential: bool | None = None
    meeting: Meeting | None = None


@dataclass
class Changes:
    """What a rewrite did, for the reply and the audit row (positions are 1-based, as cited)."""

    added_clauses: list[tuple[int, str]] = field(default_factory=list)
    removed_clauses: list[tuple[int, str]] = field(default_factory=list)
    reworded_clauses: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    fields_kept: list[str] = field(default_factory=list)
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)

    def audit(self) -> dict[str, object]:
        """Before/after and the assignment ids, as stored in the audit trail."""
        return {"before": self.before, "after": self.after,
                "assignments": {"kept": self.kept, "ended": self.ended, "added": self.added}}

    def lines(self, *, with_fields: bool = True) -> tuple[str, ...]:
        """The Swedish summary shown with the reply (a correction has no fields to report)."""
        out = [msg.CHANGE_CLAUSE_ADDED.format(position=p, text=t) for p, t in self.added_clauses]
        out += [msg.CHANGE_CLAUSE_REMOVED.format(position=p, text=t) for p, t in self.removed_clauses]
        out += [msg.CHANGE_CLAUSE_REWORDED.format(position=p) for p in self.reworded_clauses]
        if not out:
            out.append(msg.CHANGE_CLAUSES_SAME)
        for template, ids in ((msg.CHANGE_ASSIGNMENTS_KEPT, self.kept), (msg.CHANGE_ASSIGNMENTS_ENDED, self.ended),
                              (msg.CHANGE_ASSIGNMENTS_ADDED, self.added)):
            if ids:
                out.append(template.format(ids=", ".join(f"#{i}" for i in ids)))
        if with_fields and self.fields_kept:
            out.append(msg.CHANGE_FIELDS_KEPT.format(fields=", ".join(self.fields_kept)))
        return tuple(out)


def clause_key(text: str) -> str:
    """Wording that counts as the same clause: case, spacing and end punctuation do not matter."""
    return " ".join(text.casefold().split()).strip(" .;,:")


def pair_clauses(old: list[str], new: list[str]) -> dict[int, int]:
    """Old index → new index: the same wording wherever it moved, else the same place."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for j, text in enumerate(new):
        i = next((i for i, o in enumerate(old) if i not in pairs and clause_key(o) == clause_key(text)), None)
        if i is not None:
            pairs[i] = j
            taken.add(j)
    for j in range(len(new)):
        if j not in taken and j < len(old) and j not in pairs:
            pairs[j] = j
            taken.add(j)
    return pairs


def snapshot(paragraph: Paragraph) -> dict[str, object]:
    """The fields a rewrite may change, as plain values for the audit trail."""
    return {"title": paragraph.title, "dnr": paragraph.case.dnr_written if paragraph.case else None,
            "proposal": paragraph.proposal, "intro": paragraph.decision_intro,
            "clauses": [c.text for c in paragraph.clauses], "distribution": list(paragraph.distribution or []),
            "documents": list(paragraph.documents or []), "confidential": bool(paragraph.confidential),
            "meeting_id": paragraph.meeting_id}


def rewrite_paragraph(session: Session, *, paragraph: Paragraph, rewrite: Rewrite, reference: date,
                      zone) -> Changes:  # type: ignore[no-untyped-def]
    """Apply ``rewrite`` to ``paragraph`` in place: fields, clauses, assignments and index entry."""
    changes = Changes(before=snapshot(paragraph))
    _apply_fields(session, paragraph=paragraph, rewrite=rewrite, changes=changes)
    old = [c.text for c in paragraph.clauses]
    pairs = pair_clauses(old, rewrite.clauses)
    paired_new = set(pairs.values())
    changes.added_clauses = [(j + 1, t) for j, t in enumerate(rewrite.clauses) if j not in paired_new]
    changes.removed_clauses = [(i + 1, t) for i, t in enumerate(old) if i not in pairs]
    changes.reworded_clauses = sorted(j + 1 for i, j in pairs.items() if clause_key(old[i]) != clause_key(
        rewrite.clauses[j]))
    paragraph.clauses.clear()
    session.flush()
    for position, text in enumerate(rewrite.clauses):
        paragraph.clauses.append(Clause(tenant_id=paragraph.tenant_id, position=position, text=text))
    _reconcile_assignments(session, paragraph=paragraph, old=old, new=rewrite.clauses, pairs=pairs,
                           reference=reference, zone=zone, changes=changes)
    session.flush()
    index_paragraph(session, paragraph, clause_texts=rewrite.clauses)
    link_report_backs(session, tenant_id=paragraph.tenant_id, paragraph=paragraph, zone=zone)
    changes.after = snapshot(paragraph)
    return changes


_KEPT_UNLESS_GIVEN = {"proposal": "proposal", "intro": "decision_intro", "distribution": "distribution",
                      "documents": "documents", "confidential": "confidential"}


def _apply_fields(session: Session, *, paragraph: Paragraph, rewrite: Rewrite, changes: Changes) -> None:
    if rewrite.title:
        paragraph.title = rewrite.title
    if rewrite.meeting is not None:
        paragraph.meeting = rewrite.meeting
    if rewrite.dnr is not None:
        paragraph.case = get_or_create_case(session, tenant_id=paragraph.tenant_id, dnr=rewrite.dnr,
                                            title=paragraph.title)
    elif paragraph.case is not None:
        changes.fields_kept.append(msg.REWRITE_FIELD_NAMES["dnr"])
    for name, column in _KEPT_UNLESS_GIVEN.items():
        value = getattr(rewrite, name)
        if value is None:
            if getattr(paragraph, column):
                changes.fields_kept.append(msg.REWRITE_FIELD_NAMES[name])
        elif isinstance(value, list):
            setattr(paragraph, column, list(value))
        else:
            setattr(paragraph, column, value if value != "" else None)  # given empty: cleared


def _reconcile_assignments(session: Session, *, paragraph: Paragraph, old: list[str], new: list[str],
                           pairs: dict[int, int], reference: date, zone, changes: Changes) -> None:  # type: ignore[no-untyped-def]
    """Keep, end or add assignment rows so they follow their clauses (see the module docstring)."""
    rows = list(session.scalars(select(Assignment).where(
        Assignment.tenant_id == paragraph.tenant_id, Assignment.paragraph_id == paragraph.id,
        Assignment.clause_position.is_not(None)).order_by(Assignment.clause_position, Assignment.id)))
    stated = {e.clause_index: e for e in extract_assignments(old, reference=reference)}
    found = {e.clause_index: e for e in extract_assignments(new, reference=reference)}
    served: set[int] = set()
    for row in rows:
        i = row.clause_position
        j = pairs.get(i) if i is not None else None
        now = found.get(j) if j is not None else None
        if j is None or now is None or j in served or not _same_assignee(stated.get(i), now):
            _end(session, row)
            changes.ended.append(row.id)
            continue
        _follow(row, before=stated.get(i), now=now, position=j, zone=zone)
        served.add(j)
        changes.kept.append(row.id)
    wanted = [j for j in sorted(found) if j not in served]
    if not wanted:
        return
    for values in assignment_rows(tenant_id=paragraph.tenant_id, body_id=paragraph.body_id, paragraph_id=paragraph.id,
                                  clauses=new, reference=reference, zone=zone, assignment_status=None):
        if values["clause_position"] in wanted:
            row = Assignment(**values)
            session.add(row)
            session.flush()
            changes.added.append(row.id)


def _same_assignee(before: ExtractedAssignment | None, now: ExtractedAssignment) -> bool:
    """A reworded clause keeps its assignment unless it now names someone else."""
    if before is None or before.assignee is None or now.assignee is None:
        return True
    return clause_key(before.assignee) == clause_key(now.assignee)


def _end(session: Session, row: Assignment) -> None:
    """Its clause is gone: an open assignment is cancelled; done work stays done. Nothing points at a clause.

    A cancelled uppdrag reports nothing: its item leaves the agenda of a meeting still to come.
    """
    if row.status == "open":
        row.status = "cancelled"
        unlink_report_back(session, row)
    row.clause_position = None


def _follow(row: Assignment, *, before: ExtractedAssignment | None, now: ExtractedAssignment, position: int,
            zone) -> None:  # type: ignore[no-untyped-def]
    """Take the new wording; dates only where the text's own date changed, so a moved deadline stands."""
    row.clause_position = position
    row.task = now.task
    row.kind = now.kind
    if row.assignee_person_id is None and now.assignee:
        row.assignee_name = now.assignee
    if before is None or (before.due, before.due_time) != (now.due, now.due_time):
        row.due_on, row.due_time = now.due, now.due_time
    if before is None or (before.report_at, before.report_time, before.report_to) != (
            now.report_at, now.report_time, now.report_to):
        report_at = None
        if now.report_at is not None:
            report_at = datetime.combine(now.report_at, now.report_time or time(0), tzinfo=zone)
        if report_at != row.report_at:
            row.report_to_meeting_id = None  # linked again below to the meeting of the new date
        row.report_to_text, row.report_at = now.report_to, report_at
