"""``samverkan person export|radera``: a person's data, exported or erased (GDPR art. 15 and 17).

Run by the personuppgiftsansvarig on the server. ``export`` writes one JSON document (to a file
or standard output); ``radera`` pseudonymises the person (``handlers.privacy.erasure``) in one
transaction and asks for ``--ja`` first, because it cannot be undone.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bot.cli_swedish import SwedishTyper

person_app = SwedishTyper(help="Personuppgifter: registerutdrag och radering (GDPR).", no_args_is_help=True)

WHO_HELP = "Personens namn eller plattforms-id, t.ex. \"Anna Berg\" eller U0123ABCD"
ORG_HELP = "Bara en organisation, som plattform:id, t.ex. slack:T0123ABCD"


@person_app.command("export")
def export_command(
    who: str = typer.Argument(..., help=WHO_HELP, metavar="PERSON"),
    organisation: str = typer.Option(None, "--organisation", "--organization", help=ORG_HELP),
    output: Path = typer.Option(None, "--fil", "-o", help="Skriv JSON till filen i stället för till skärmen"),
) -> None:
    """Registerutdrag: allt boten har om en person, som JSON."""
    from bot.cli_services import open_services
    from handlers.privacy.export import person_export
    from handlers.privacy.people import PersonNotFound, find_subject

    services = open_services()
    try:
        with services.sessions() as session:
            try:
                subject = find_subject(session, who=who, organisation=organisation)
            except PersonNotFound as error:
                typer.echo(str(error), err=True)
                raise typer.Exit(1) from None
            document = person_export(session, subject=subject, now=services.clock())
    finally:
        services.engine.dispose()
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"Registerutdraget är skrivet till {output}.")


@person_app.command("radera")
def erase_command(
    who: str = typer.Argument(..., help=WHO_HELP, metavar="PERSON"),
    organisation: str = typer.Option(None, "--organisation", "--organization", help=ORG_HELP),
    yes: bool = typer.Option(False, "--ja", help="Bekräfta: raderingen kan inte ångras"),
) -> None:
    """Radera en person: namn och id ersätts med «[raderad person]», besluten står kvar."""
    from bot.cli_services import open_services
    from handlers.privacy.erasure import erase_person
    from handlers.privacy.people import PersonNotFound, find_subject

    services = open_services()
    try:
        with services.sessions() as session, session.begin():
            try:
                subject = find_subject(session, who=who, organisation=organisation)
            except PersonNotFound as error:
                typer.echo(str(error), err=True)
                raise typer.Exit(1) from None
            if not yes:
                typer.echo(f"«{subject.person.name}» i {subject.tenant.platform}:{subject.tenant.external_id} "
                           "raderas inte utan --ja (det kan inte ångras). Ta gärna ett registerutdrag först: "
                           f"samverkan person export \"{who}\" --fil utdrag.json", err=True)
                raise typer.Exit(2)
            changed = erase_person(session, subject=subject, now=services.clock(), operator="samverkan person radera")
    finally:
        services.engine.dispose()
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(changed.items()) if count) or "inga andra rader"
    typer.echo(f"Personen är raderad (pseudonymiserad som «[raderad person]»). Ändrat: {summary}.")
