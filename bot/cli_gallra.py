"""``samverkan gallra``: delete operational rows older than the gallring settings allow.

Meant for a daily timer (systemd or cron, see the README); ``--torrkörning`` only counts.
"""

from __future__ import annotations

import typer


def gallra_command(
    dry_run: bool = typer.Option(False, "--torrkörning", help="Räkna bara, radera inget"),
) -> None:
    """Gallra: radera utskick och (om inställt) loggrader som är äldre än reglerna tillåter."""
    from bot.cli_services import open_services
    from bot.config import get_settings
    from handlers.privacy.retention import Rules, gallra

    settings = get_settings()
    rules = Rules(outbox_days=settings.retention_outbox_days, audit_years=settings.retention_audit_years)
    services = open_services(settings=settings)
    try:
        with services.sessions() as session, session.begin():
            done = gallra(session, rules=rules, now=services.clock(), dry_run=dry_run)
    finally:
        services.engine.dispose()
    verb = "Skulle gallra" if dry_run else "Gallrade"
    audit = f"{done.audit} loggrader" if rules.audit_years else "inga loggrader (SAMVERKAN_GALLRING_LOGG_AR=0)"
    outbox = f"{done.outbox} utskick" if rules.outbox_days else "inga utskick (SAMVERKAN_GALLRING_UTSKICK_DAGAR=0)"
    typer.echo(f"{verb} {outbox} och {audit}.")
