"""The ``samverkan`` command line (typer): database, terminal chat, server and tools.

Every app is a ``SwedishTyper`` (help and usage errors in Swedish, ``bot.cli_swedish``), and every
command that opens the database builds its services with ``bot.cli_services.open_services``, which
migrates the embedded SQLite file first.
"""

from __future__ import annotations

import typer

from bot.cli_swedish import SwedishTyper
from bot.config import get_settings

app = SwedishTyper(help="Samverkan – mötes- och beslutsbot.", no_args_is_help=True, add_completion=False)
db_app = SwedishTyper(help="Databasen: migreringar.", no_args_is_help=True)
app.add_typer(db_app, name="db")
from bot.cli_reminders import reminders_app  # noqa: E402 - the reminders sub-app (dispatch, preview)

app.add_typer(reminders_app, name="reminders")


@app.callback()
def _setup_logging() -> None:
    """Configure logging once for every sub-command."""
    from bot.logs import configure_logging, new_request_id

    settings = get_settings()
    configure_logging(json_lines=settings.log_json, level=settings.log_level)
    new_request_id()


from bot.cli_audit import audit_command  # noqa: E402
from bot.cli_web import register_web_commands  # noqa: E402

app.command("audit")(audit_command)
register_web_commands(app)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Målversion")) -> None:
    """Migrera databasen till senaste (eller angiven) version."""
    from storage.migrate import upgrade

    upgrade(get_settings().database_url, revision=revision)
    typer.echo(f"Databasen är migrerad till {revision}.")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Målversion, t.ex. base")) -> None:
    """Backa databasen till en tidigare version."""
    from storage.migrate import downgrade

    downgrade(get_settings().database_url, revision=revision)
    typer.echo(f"Databasen är backad till {revision}.")


@app.command("chat")
def chat(
    user: str = typer.Option("sekreterare", "--user", help="Ditt namn i chatten"),
    channel: str = typer.Option("allmänt", "--channel", help="Kanalens namn"),
) -> None:
    """Terminalchatt med samma kommandon som i Slack och Teams."""
    import sys

    from bot.cli_services import open_services
    from bot.console import run_console

    # The streams of this call, not the ones bound when bot.console was imported (a test runner swaps them).
    raise typer.Exit(run_console(services=open_services(), user=user, channel=channel, stdin=sys.stdin,
                                 stdout=sys.stdout))


@app.command("serve")
def serve_cmd(
    host: str = typer.Option(None, help="Adress att lyssna på (standard: SAMVERKAN_HOST)"),
    port: int = typer.Option(None, help="Port (standard: SAMVERKAN_PORT)"),
) -> None:
    """Starta HTTP-servern (Slack, Teams, webbsidor, /healthz) och schemaläggaren."""
    from bot.cli_services import open_services
    from bot.server import serve

    settings = get_settings()
    serve(services=open_services(settings=settings), host=host or settings.host, port=port or settings.port)


@app.command("slack-manifest")
def slack_manifest(
    url: str = typer.Option(None, "--url", help="Serverns publika adress (standard: SAMVERKAN_PUBLIC_URL)"),
    socket: bool = typer.Option(None, "--socket/--http", help="Socket Mode (standard: om SLACK_APP_TOKEN är satt)"),
) -> None:
    """Skriv ut Slack-appens manifest (JSON) att klistra in i «Create New App → From a manifest»."""
    import json

    from bot.slack.manifest import build_manifest

    settings = get_settings()
    socket_mode = bool(settings.slack_app_token) if socket is None else socket
    manifest = build_manifest(public_url=url or settings.public_base_url, socket_mode=socket_mode,
                              oauth=bool(settings.slack_client_id))
    typer.echo(json.dumps(manifest, ensure_ascii=False, indent=2))


@app.command("teams-manifest")
def teams_manifest(
    path: str = typer.Option("manifest.json", "--path", help="Filen att skriva (standard: manifest.json)"),
) -> None:
    """Skriv om manifest.json (Teams) från kommandoregistret – den incheckade versionen."""
    from pathlib import Path

    from bot.teams.manifest import write_manifest

    typer.echo(f"Skrev {write_manifest(Path(path))}.")


@app.command("teams-package")
def teams_package(
    output: str = typer.Option("samverkan-teams.zip", "--output", "-o", help="Zip-filen att skriva"),
) -> None:
    """Skriv Teams-appaketet (manifest.json, color.png, outline.png) med MICROSOFT_APP_ID ifyllt."""
    from pathlib import Path

    from bot.teams.manifest import PLACEHOLDER_BOT_ID, write_package

    settings = get_settings()
    if not settings.microsoft_app_id:
        typer.echo("MICROSOFT_APP_ID är inte satt: paketet får en platshållare som bot-id "
                   "och kan inte installeras i en riktig Teams-klient.", err=True)
    written = write_package(Path(output), bot_id=settings.microsoft_app_id or PLACEHOLDER_BOT_ID,
                            public_url=settings.public_base_url)
    typer.echo(f"Skrev {written}.")


@app.command("run")
def run_cmd() -> None:
    """Det `make run` startar: servern när Slack/Teams är konfigurerat, annars terminalchatten."""
    settings = get_settings()
    if settings.slack_configured or settings.microsoft_app_id:
        serve_cmd(host=None, port=None)
    else:
        typer.echo("Inga Slack- eller Teams-uppgifter är satta: startar terminalchatten.")
        chat(user="sekreterare", channel="allmänt")


from bot.cli_import import import_command  # noqa: E402 - registered after the core commands

app.command("import")(import_command)
from bot.cli_export import export_app  # noqa: E402 - protocol, iCal and OParl exports

app.add_typer(export_app, name="export")


def main() -> None:  # pragma: no cover - console script entry
    app()
