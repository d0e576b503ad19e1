"""``samverkan audit``: the audit trail of a case (by dnr) or of the whole organisation.

The trail of a case is every event on the case and its paragraphs (recording, replacing,
corrections), on the assignments decided in those paragraphs (deadline moves, done) and on the
meetings where they were decided (justerare, justering). ``--organisation platform:external_id``
limits the listing to one Slack workspace or Teams tenant; without it every organisation in the
database is listed, each row naming its organisation.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select


def audit_command(
    dnr: str = typer.Argument(None, help="Diarienummer, t.ex. 'UTB 22/30' (utelämna för alla händelser)"),
    organisation: str = typer.Option(
        None, "--organisation", "--organization",
        help="Bara en organisation, som plattform:id, t.ex. slack:T0123ABCD eller teams:<tenant-id>",
    ),
    as_json: bool = typer.Option(False, "--json", help="En JSON-rad per händelse i stället för en tabell"),
    limit: int = typer.Option(200, help="Högst så många rader"),
) -> None:
    """Visa granskningsloggen: vem gjorde vad och när, för ett ärende eller allt."""
    from bot.cli_services import open_services
    from handlers.parsing.dnr import parse_dnr
    from storage.models import Assignment, AuditEvent, Case, Paragraph, Tenant

    services = open_services()
    sessions = services.sessions
    console = Console()
    with sessions() as session:
        query = select(AuditEvent, Tenant).join(Tenant, Tenant.id == AuditEvent.tenant_id)
        if organisation:
            platform, _, external_id = organisation.partition(":")
            tenant_ids = session.scalars(select(Tenant.id).where(
                Tenant.platform == platform.strip().lower(), Tenant.external_id == external_id.strip())).all()
            if not external_id.strip() or not tenant_ids:
                console.print(f"Ingen organisation «{organisation}». Ange plattform:id, t.ex. slack:T0123ABCD.")
                raise typer.Exit(2)
            query = query.where(AuditEvent.tenant_id.in_(tenant_ids))
        if dnr:
            parsed = parse_dnr(dnr)
            if parsed is None:
                console.print(f"«{dnr}» är inget diarienummer. Exempel: samverkan audit 'UTB 22/30'")
                raise typer.Exit(2)
            case_ids = select(Case.id).where(Case.dnr_key == parsed.key)
            paragraph_ids = select(Paragraph.id).where(Paragraph.case_id.in_(case_ids))
            assignment_ids = select(Assignment.id).where(Assignment.paragraph_id.in_(paragraph_ids))
            meeting_ids = select(Paragraph.meeting_id).where(Paragraph.case_id.in_(case_ids),
                                                             Paragraph.meeting_id.is_not(None))
            query = query.where(
                AuditEvent.case_id.in_(case_ids)
                | ((AuditEvent.subject_type == "paragraph") & AuditEvent.subject_id.in_(paragraph_ids))
                | ((AuditEvent.subject_type == "assignment") & AuditEvent.subject_id.in_(assignment_ids))
                | ((AuditEvent.subject_type == "meeting") & AuditEvent.subject_id.in_(meeting_ids))
            )
        rows = session.execute(query.order_by(AuditEvent.created_at, AuditEvent.id).limit(limit)).all()
    services.engine.dispose()
    if as_json:
        for event, tenant in rows:
            typer.echo(json.dumps({
                "tid": event.created_at.isoformat(), "organisation": f"{tenant.platform}:{tenant.external_id}",
                "vem": event.actor_name, "vad": event.action, "objekt": event.subject_type,
                "objekt_id": event.subject_id, "detaljer": event.details or {},
            }, ensure_ascii=False))
        return
    if not rows:
        console.print("Inga händelser.")
        return
    table = Table(title="Granskningslogg" + (f" – {dnr}" if dnr else ""))
    for column in ("Tid (UTC)", "Organisation", "Vem", "Vad", "Objekt", "Detaljer"):
        table.add_column(column, overflow="fold")  # an audit trail never hides part of a row
    for event, tenant in rows:
        details = ", ".join(f"{k}={v}" for k, v in (event.details or {}).items())
        table.add_row(event.created_at.strftime("%Y-%m-%d %H:%M:%S"), f"{tenant.platform}:{tenant.external_id}",
                      event.actor_name, event.action, f"{event.subject_type} {event.subject_id or ''}", details)
    console.print(table)
