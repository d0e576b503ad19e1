"""The ``samverkan`` command line (typer): database, terminal chat, server and tools.

Every app is a ``SwedishTyper`` (help and usage errors in Swedish, ``bot.cli_swedish``), and every
command that opens the database builds its services with ``bot.cli_services.open_services``, which
migrates the embedded SQLite file first.
"""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli_swedish import SwedishTyper
from bot.config import get_settings, legacy_database_hint

app = SwedishTyper(help="Samverkan – mötes- och beslutsbot.", no_args_is_help=True, add_completion=False)
db_app = SwedishTyper(help="Databasen: migreringar, säkerhetskopior.", no_args_is_help=True)
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
    hint = legacy_database_hint(settings)
    if hint:
        typer.echo(hint, err=True)


from bot.cli_archive import archive_command  # noqa: E402
from bot.cli_audit import audit_command  # noqa: E402
from bot.cli_gallra import gallra_command  # noqa: E402
from bot.cli_person import person_app  # noqa: E402
from bot.cli_slack import slack_app  # noqa: E402
from bot.cli_web import register_web_commands  # noqa: E402

app.command("audit")(audit_command)
app.add_typer(slack_app, name="slack")
app.add_typer(person_app, name="person")
app.command("gallra")(gallra_command)
app.command("arkiv")(archive_command)
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


@db_app.command("backup")
def db_backup(target: Path = typer.Argument(..., help="Filen att skriva, t.ex. samverkan-2026-12-04.backup")) -> None:
    """Säkerhetskopiera databasen (SQLite: en kopia medan servern kör; PostgreSQL: pg_dump)."""
    from storage.backup import BackupError, backup

    try:
        written = backup(url=get_settings().database_url, target=target)
    except BackupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Säkerhetskopian är skriven till {written}.")


@db_app.command("restore")
def db_restore(
    source: Path = typer.Argument(..., help="Säkerhetskopian att läsa tillbaka"),
    replace: bool = typer.Option(False, "--skriv-over", help="Ersätt en databas som redan har data"),
) -> None:
    """Läs tillbaka en säkerhetskopia. Stoppa servern först; kör sedan «samverkan db upgrade»."""
    from storage.backup import BackupError, restore

    try:
        restore(url=get_settings().database_url, source=source, replace=replace)
    except BackupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Databasen är återställd från {source}.")


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
    _require_token_key(settings)
    serve(services=open_services(settings=settings), host=host or settings.host, port=port or settings.port)


def _require_token_key(settings) -> None:  # type: ignore[no-untyped-def]
    """OAuth mode keeps workspace tokens in the database: refuse to start without their encryption key."""
    from bot.slack.app import uses_oauth
    from storage.token_cipher import TokenCipher, TokenKeyError

    if uses_oauth(settings):
        try:
            TokenCipher.from_setting(settings.slack_token_key.get_secret_value())
        except TokenKeyError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(2) from None


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
    output: str = typer.Option(None, "--output", "-o",
                               help="Zip-filen att skriva (standard: SAMVERKAN_TEAMS_PACKAGE + .zip)"),
) -> None:
    """Skriv Teams-appaketet (manifest.json, sv-se.json, ikonerna) med appens id, namn och utvecklare."""
    from bot.teams.manifest import APP_ID, PLACEHOLDER_BOT_ID, write_package
    from bot.teams_package_settings import package_problems

    settings = get_settings()
    problems = package_problems(settings)
    if problems:
        typer.echo("\n".join(problems), err=True)
        raise typer.Exit(1)
    if not settings.microsoft_app_id:
        typer.echo("MICROSOFT_APP_ID är inte satt: paketet får en platshållare som bot-id "
                   "och kan inte installeras i en riktig Teams-klient.", err=True)
    written = write_package(Path(output or f"{settings.teams_package_name}.zip"),
                            bot_id=settings.microsoft_app_id or PLACEHOLDER_BOT_ID,
                            public_url=settings.public_base_url, app_id=settings.teams_app_id or APP_ID,
                            app_name=settings.teams_app_name, developer=settings.teams_developer_name)
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
