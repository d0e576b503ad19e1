"""Assignments (uppdrag) hidden in the att-clauses of a decision.

The bot reminds people of deadlines, so every "ge X i uppdrag att …", "uppdra till X att …",
"återkomma med … senast 1/5" and "… till ett gemensamt möte 23/9 kl. 9" must become a row with
who, what, when and to whom. Clauses like "återkomma med …" name nobody: protocols mean the one
given the uppdrag in an earlier clause, so the assignee is inherited. Pure statements
("inriktning för fortsatt arbete … är …") are decisions, not assignments, and yield nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from handlers.parsing.clauses import strip_att
from handlers.parsing.dates import ParsedWhen, find_when, read_after

_WHO = r"(?P<who>[^,;.()]{1,60}?)"
_ASSIGNEE_RES = [
    re.compile(rf"\bge\s+i\s+uppdrag\s+(?:åt|till)\s+{_WHO}\s+att\b", re.IGNORECASE),
    re.compile(rf"\bge\s+(?:i\s+)?{_WHO}\s+i\s+uppdrag\b", re.IGNORECASE),
    re.compile(rf"\buppdra[rs]?\s+(?:till|åt)\s+{_WHO}\s+att\b", re.IGNORECASE),
    re.compile(rf"^{_WHO}\s+(?:får|ges|har\s+fått)\s+i\s+uppdrag\b", re.IGNORECASE),
    re.compile(rf"^{_WHO}\s+uppdras\s+att\b", re.IGNORECASE),
]
_TRAILING_RE = re.compile(r"(?<!\bkl)[.;,\s]+$", re.IGNORECASE)  # keep the dot of a dangling "kl."
_FOLLOW_UP_RE = re.compile(r"delupp?följ|delrapport|lägesrapport|avstämning", re.IGNORECASE)
# Word starts only («Tillsynsrapporterna noteras» reports nothing); «åiter…» is a scanning error the seeds carry.
_REPORT_RE = re.compile(r"\b(?:åi?ter(?:rapporter|koppl|komm)|rapporter|redovis)", re.IGNORECASE)
_DUE_LEAD_RE = re.compile(
    r"\b(?:senast|före|innan|till\s+den|klart|klar|färdigt?)\s*(?:den\s+)?$", re.IGNORECASE
)
_MEETING_RE = re.compile(
    r"\b(?:till|på|vid|inför)\s+(?:(?:ett|en|det|nästa|kommande)\s+)?"
    r"(?P<meeting>(?:[\wåäöÅÄÖ-]+\s+){0,3}?(?:möte|mötet|sammanträde|sammanträdet|\w*(?:nämnd|nämnden|"
    r"styrelsen?|utskottet?|gruppen|fullmäktige|forumet|presidiet|rådet|nätverket)))(?!\w)"
    r"(?:\s*(?P<parties>\([^)]*\)))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ExtractedAssignment:
    """One assignment read from a clause; dates are resolved against the meeting date."""

    clause_index: int
    assignee: str | None
    task: str
    due: date | None
    due_time: time | None
    report_to: str | None
    report_at: date | None
    report_time: time | None
    kind: str


def find_assignee(clause: str) -> str | None:
    """The named assignee ("skolchef", "förvaltningschef", …) or None when the clause names nobody."""
    text = strip_att(clause)
    for pattern in _ASSIGNEE_RES:
        match = pattern.search(text)
        if match and len(match.group("who").split()) <= 6:
            return match.group("who").strip()
    return None


def _meeting_before(segment: str) -> str | None:
    """The last meeting/body named in ``segment`` ("gemensamt möte (skola, …)", "utbildningsnämnden")."""
    matches = list(_MEETING_RE.finditer(segment))
    if not matches:
        return None
    last = matches[-1]
    parties = f" {last.group('parties')}" if last.group("parties") else ""
    return last.group("meeting").strip() + parties


def _classify(
    clause: str, whens: list[ParsedWhen]
) -> tuple[ParsedWhen | None, ParsedWhen | None, str | None]:
    """Split the clause's dates into (due, report meeting date, report_to)."""
    due: ParsedWhen | None = None
    report: ParsedWhen | None = None
    report_to: str | None = None
    previous_end = 0
    for when in whens:
        before = clause[previous_end : when.span[0]]
        meeting = _meeting_before(before)
        if _DUE_LEAD_RE.search(before.rstrip()) and due is None:
            due = when
        elif meeting and report is None:
            report, report_to = when, meeting
        elif due is None:
            due = when
        previous_end = when.span[1]
    if report_to is None:
        report_to = _meeting_before(clause[previous_end:]) if _REPORT_RE.search(clause) else None
    return due, report, report_to


def _kind(clause: str, *, own_assignee: bool) -> str | None:
    if _FOLLOW_UP_RE.search(clause):
        return "deluppföljning"
    if own_assignee:
        return "uppdrag"
    if re.search(r"\btill\s+handlingarna\b", clause, re.IGNORECASE):
        return None  # "lägga redovisningen till handlingarna" closes a matter, it assigns nothing
    if _REPORT_RE.search(clause):
        return "återrapportering"
    return None


def extract_assignments(clauses: list[str], *, reference: date) -> list[ExtractedAssignment]:
    """Assignments in clause order; ``reference`` is the meeting date that gives "1/5" its year."""
    result: list[ExtractedAssignment] = []
    inherited: str | None = None
    for index, clause in enumerate(clauses):
        own = find_assignee(clause)
        inherited = own or inherited
        whens = [w for w in find_when(clause, reference=reference, strict=False) if w.kind != "time"]
        due, report, report_to = _classify(clause, whens)
        kind = _kind(clause, own_assignee=own is not None)
        if kind is None and due is not None and re.search(r"\bsenast\b", clause, re.IGNORECASE):
            kind = "uppdrag"  # "Detta arbete ska vara klart senast 3/6": a deadline is an obligation
        if kind is None:
            continue
        if due is None and report is not None:
            due = report
        elif due is not None and report is not None:
            report = read_after(report, anchor=due.day)  # "senast 31/10 … möte 9/12": not a year apart
        result.append(
            ExtractedAssignment(
                clause_index=index,
                assignee=own or inherited,
                task=_TRAILING_RE.sub("", strip_att(clause)),
                due=due.day if due else None,
                due_time=due.start if due else None,
                report_to=report_to,
                report_at=report.day if report else None,
                report_time=report.start if report else None,
                kind=kind,
            )
        )
    return result
