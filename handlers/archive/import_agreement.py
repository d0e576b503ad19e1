"""Writing a samverkansavtal: the Agreement row and the body it sets up.

An agreement has no paragraphs and none are invented: it becomes one Agreement and the body it
organises (a styrgrupp) with one seat per function, since seats belong to a befattning and not
to a person. The meeting rhythm goes into the body's settings, where reminder planning reads it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.archive.import_meeting import find_or_create_body
from handlers.archive.model import ParsedAgreement, ParsedPerson
from storage.models import Agreement, Body, Membership


def agreement_body_name(agreement: ParsedAgreement) -> str:
    """"Styrgrupp Bildningsförvaltningen–Socialförvaltningen": the kind and the parties that share it."""
    kind = (agreement.body_kind or "styrgrupp").capitalize()
    if agreement.parties:
        return f"{kind} {'–'.join(agreement.parties)}"
    return f"{kind} ({agreement.title[:120]})"


def write_agreement(session: Session, *, tenant_id: int, agreement: ParsedAgreement,
                    source_document_id: int) -> tuple[Agreement, list[int]]:
    """The agreement, its body and the function seats; returns the ids of the seats created."""
    body = find_or_create_body(session, tenant_id=tenant_id, name=agreement_body_name(agreement),
                               kind=agreement.body_kind or "styrgrupp")
    if agreement.meetings_per_year:
        body.settings = {**(body.settings or {}), "meetings_per_year": agreement.meetings_per_year}
    seats = _seats(session, tenant_id=tenant_id, body=body, functions=agreement.member_functions)
    row = Agreement(
        tenant_id=tenant_id, body_id=body.id, source_document_id=source_document_id, title=agreement.title[:500],
        parties=list(agreement.parties), period=(agreement.period or None) and agreement.period[:200],
        meetings_per_year=agreement.meetings_per_year, member_functions=list(agreement.member_functions),
        duties=list(agreement.duties), signed_on=agreement.signed_on,
        signatories=[_signatory(person) for person in agreement.signatories],
    )
    session.add(row)
    session.flush()
    return row, seats


def _seats(session: Session, *, tenant_id: int, body: Body, functions: list[str]) -> list[int]:
    """One ledamot seat per function not already seated in the body."""
    query = select(Membership.function).where(Membership.tenant_id == tenant_id, Membership.body_id == body.id)
    seated = {(function or "").lower() for function in session.scalars(query)}
    created: list[Membership] = []
    for function in functions:
        if function.lower() in seated:
            continue
        seated.add(function.lower())
        created.append(Membership(tenant_id=tenant_id, body_id=body.id, function=function[:200], role="ledamot"))
    session.add_all(created)
    session.flush()
    return [m.id for m in created]


def _signatory(person: ParsedPerson) -> str:
    return ", ".join(part for part in (person.name, person.role, person.organisation) if part)
