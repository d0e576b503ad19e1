"""``samverkan audit``: the audit trail of a case (by dnr) or of the whole organisation."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.config import get_settings


def audit_command(
    dnr: str = typer.Argument(None, help="Diarienummer, t.ex. 'UTB 22/30' (utelämna för alla händelser)"),
    limit: int = typer.Option(200, help="Högst så många rader"),
) -> None:
    """Visa granskningsloggen: vem gjorde vad och när, för ett ärende eller allt."""
    from handlers.parsing.dnr import parse_dnr
    from storage.db import make_engine, make_session_factory
    from storage.models import AuditEvent, Case, Paragraph, Tenant

    settings = get_settings()
    sessions = make_session_factory(make_engine(settings.database_url))
    console = Console()
    with sessions() as session:
        query = select(AuditEvent, Tenant).join(Tenant, Tenant.id == AuditEvent.tenant_id)
        if dnr:
            parsed = parse_dnr(dnr)
            if parsed is None:
                console.print(f"«{dnr}» är inget diarienummer. Exempel: samverkan audit 'UTB 22/30'")
                raise typer.Exit(2)
            case_ids = select(Case.id).where(Case.dnr_key == parsed.key)
            paragraph_ids = select(Paragraph.id).where(Paragraph.case_id.in_(case_ids))
            query = query.where(
                AuditEvent.case_id.in_(case_ids)
                | ((AuditEvent.subject_type == "paragraph") & AuditEvent.subject_id.in_(paragraph_ids))
            )
        rows = session.execute(query.order_by(AuditEvent.created_at, AuditEvent.id).limit(limit)).all()
    if not rows:
        console.print("Inga händelser.")
        return
    table = Table(title="Granskningslogg" + (f" – {dnr}" if dnr else ""))
    for column in ("Tid (UTC)", "Organisation", "Vem", "Vad", "Objekt", "Detaljer"):
        table.add_column(column)
    for event, tenant in rows:
        details = ", ".join(f"{k}={v}" for k, v in (event.details or {}).items())
        table.add_row(event.created_at.strftime("%Y-%m-%d %H:%M:%S"), f"{tenant.platform}:{tenant.external_id}",
                      event.actor_name, event.action, f"{event.subject_type} {event.subject_id or ''}", details[:80])
    console.print(table)
