"""``samverkan arkiv``: a body's justerade protocols as an e-archive package (PDF/A-2B + JSON)."""

from __future__ import annotations

from pathlib import Path

import typer


def archive_command(
    organ: str = typer.Option(..., "--organ", help="Organets namn eller kortnamn, t.ex. UTB"),
    folder: Path = typer.Option(..., "--mapp", help="Ny mapp att skriva paketet i, t.ex. arkiv/utb-2022"),
    year: int = typer.Option(None, "--år", help="Bara ett år, t.ex. 2022"),
    confidential: bool = typer.Option(False, "--med-sekretess", help="Ta med sekretessparagrafernas text"),
    organisation: str = typer.Option(None, "--organisation", help="Organisationens id (Slack/Teams)"),
) -> None:
    """E-arkiv: organets justerade protokoll som PDF/A-2B med metadata.json (SHA-256 per fil)."""
    from bot.cli_export import _find_body
    from bot.cli_services import open_services
    from handlers.exports.earchive import write_package

    services = open_services()
    try:
        with services.sessions() as session:
            body, tenant = _find_body(session, organ, organisation)
            try:
                done = write_package(session, body=body, tenant=tenant, target=folder, zone=services.zone,
                                     now=services.now(), year=year, include_confidential=confidential)
            except FileExistsError as error:
                typer.echo(str(error), err=True)
                raise typer.Exit(1) from None
    finally:
        services.engine.dispose()
    typer.echo(f"Arkivpaketet är skrivet till {done.folder}: {done.protocols} justerade protokoll.")
