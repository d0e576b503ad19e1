"""CLI for the web pages: which bodies publish on the anslagstavla, board URLs, links, revocation.

Making a body public is an administrator's decision with legal weight (its protocols appear on
the public board), so it lives on the server's command line rather than in chat.
"""

from __future__ import annotations

import typer
from sqlalchemy import select

from bot.cli_swedish import SwedishTyper

organ_app = SwedishTyper(help="Organ: inställningar för webben.", no_args_is_help=True)
webb_app = SwedishTyper(help="Webbsidorna: anslagstavlans adress, länkar och återkallelse.", no_args_is_help=True)


def _services():  # type: ignore[no-untyped-def]
    """The services and the deployment's link signer (the full one: the CLI also revokes)."""
    from bot.cli_services import open_services
    from bot.web.links import signer_for

    services = open_services()
    return services, signer_for(services)


def _one(rows: list, what: str):  # type: ignore[no-untyped-def,type-arg]
    if not rows:
        typer.echo(f"Hittade inget {what}.", err=True)
        raise typer.Exit(1)
    if len(rows) > 1:
        typer.echo(f"Flera {what} matchar – ange --organisation (tenant-id).", err=True)
        raise typer.Exit(1)
    return rows[0]


@organ_app.command("offentlig")
def organ_public(
    name: str = typer.Argument(..., help="Organets namn eller kortnamn"),
    public: bool = typer.Option(..., "--på/--av", help="Publicera organets protokoll på anslagstavlan"),
    storage_place: str = typer.Option(None, "--forvaring", help="Förvaringsplats för protokollen"),
    tenant: int = typer.Option(None, "--organisation", help="Tenant-id när flera organisationer har organet"),
) -> None:
    """Slå på eller av att organets justerade protokoll anslås på den offentliga anslagstavlan."""
    from sqlalchemy import func, or_

    from storage.models import Body

    services, signer = _services()
    with services.sessions() as session:
        stmt = select(Body).where(or_(func.lower(Body.name) == name.lower(), func.lower(Body.short_name) == name.lower()))
        if tenant is not None:
            stmt = stmt.where(Body.tenant_id == tenant)
        body = _one(list(session.scalars(stmt)), "organ")
        body.is_public = public
        if storage_place:
            body.storage_place = storage_place
        session.commit()
        url = f"{services.public_url}/anslagstavla/{signer.tenant_slug(body.tenant_id)}"
        typer.echo(f"{body.name} är nu {'offentligt' if public else 'inte offentligt'}. Anslagstavla: {url}")


@webb_app.command("anslagstavla")
def board_urls() -> None:
    """Skriv ut anslagstavlans adress för varje organisation."""
    from storage.models import Tenant

    services, signer = _services()
    with services.sessions() as session:
        for tenant in session.scalars(select(Tenant).order_by(Tenant.id)):
            slug = signer.tenant_slug(tenant.id)
            typer.echo(f"{tenant.id}\t{tenant.name or tenant.external_id}\t{services.public_url}/anslagstavla/{slug}")


def _person(session, name: str, tenant: int | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    from storage.models import Person

    stmt = select(Person).where(func.lower(Person.name) == name.lower())
    if tenant is not None:
        stmt = stmt.where(Person.tenant_id == tenant)
    return _one(list(session.scalars(stmt)), "person")


@webb_app.command("lank")
def make_link_cmd(
    person: str = typer.Argument(..., help="Personens namn"),
    purpose: str = typer.Option("arkiv", "--syfte", help="arkiv eller uppfoljning"),
    tenant: int = typer.Option(None, "--organisation", help="Tenant-id"),
) -> None:
    """Skapa en signerad länk åt en person (samma som boten ger i chatten)."""
    services, signer = _services()
    with services.sessions() as session:
        found = _person(session, person, tenant)
        ids = (found.tenant_id, found.id)
    typer.echo(signer.make_link(tenant_id=ids[0], person_id=ids[1], purpose=purpose, now=services.now()))


@webb_app.command("aterkalla")
def revoke_cmd(
    person: str = typer.Argument(..., help="Personens namn"),
    tenant: int = typer.Option(None, "--organisation", help="Tenant-id"),
) -> None:
    """Återkalla alla webblänkar en person har fått."""
    services, signer = _services()
    with services.sessions() as session:
        found = _person(session, person, tenant)
        ids = (found.tenant_id, found.id, found.name)
    signer.revoke(tenant_id=ids[0], person_id=ids[1])
    typer.echo(f"Alla webblänkar för {ids[2]} är återkallade.")


def register_web_commands(app: typer.Typer) -> None:
    """Hook the web commands into the main CLI (two lines in bot/cli.py)."""
    app.add_typer(organ_app, name="organ")
    app.add_typer(webb_app, name="webb")
