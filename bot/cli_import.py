"""``samverkan import PATH…``: bring an archive of old protocols into the bot.

Folders are read recursively. Each file is imported in its own transaction, so a broken PDF
is reported and the rest go in. The summary is a table a secretary can read (Swedish); the
exit code is 1 only when every file failed, so a nightly re-import of an unchanged folder is a
success.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from bot.import_report import default_report_path, technical_log, write_report
from handlers.archive import texts
from handlers.archive.importer import ImportResult, describe
from handlers.context import TenantRef


def import_command(
    paths: list[Path] = typer.Argument(..., help="Filer eller mappar (.txt, .md, .pdf; mappar läses rekursivt)"),
    organisation: str = typer.Option("local", "--organisation", help="Terminalens organisation (standard: local)"),
    slack_team: str | None = typer.Option(None, "--slack-team", help="Importera till Slack-arbetsytan T…"),
    teams_tenant: str | None = typer.Option(None, "--teams-tenant", help="Importera till Teams-klientorganisationen"),
    reference: str | None = typer.Option(None, "--referensdatum",
                                         help="ÅÅÅÅ-MM-DD som årslösa datum tolkas från när dokumentet saknar datum"),
    report: Path | None = typer.Option(None, "--rapport",
                                       help="Fil för rapporten per fil (TSV); standard: en ny fil i tempkatalogen"),
) -> None:
    """Importera gamla protokoll, beslutsförslag och samverkansavtal (idempotent)."""
    from bot.cli_services import open_services
    from handlers.archive.batch import collect_files, import_files, source_name_for

    tenant = _tenant(organisation=organisation, slack_team=slack_team, teams_tenant=teams_tenant)
    reference_day = _reference(reference)
    console = Console(width=None if Console().is_terminal else 120)
    files = collect_files(paths)
    if not files:
        console.print(texts.NO_FILES.format(paths=", ".join(str(p) for p in paths)))
        raise typer.Exit(1)
    services = open_services()
    roots = [p for p in paths if p.is_dir()]
    results: list[ImportResult] = []
    report_path = report or default_report_path()
    with technical_log(report_path.with_suffix(".log")) as logged, Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, disable=len(files) < 2, transient=True) as progress:
        task = progress.add_task(texts.PROGRESS, total=len(files))
        named = [(path, source_name_for(path, roots=roots)) for path in files]
        # Many files are parsed by worker processes while this one writes, in file order.
        for result in import_files(services, tenant=tenant, files=named, reference=reference_day):
            results.append(result)
            progress.advance(task)
    print_summary(console, results)
    write_report(report_path, results)
    console.print(texts.REPORT_WRITTEN.format(path=report_path), markup=False)
    if logged():
        console.print(texts.LOG_WRITTEN.format(path=report_path.with_suffix(".log")), markup=False)
    services.engine.dispose()
    # A file in which no protocol was found has failed too: an archive of only such files imported nothing.
    raise typer.Exit(1 if all(r.status in ("failed", "empty") for r in results) else 0)


def print_summary(console: Console, results: list[ImportResult]) -> None:
    """Totals, then one line per file that could not be read, then the warnings worth checking."""
    table = Table(title=texts.SUMMARY_TITLE)
    for column in texts.SUMMARY_COLUMNS:
        table.add_column(column, justify="right")
    done = [r for r in results if r.status != "failed"]
    table.add_row(str(len(results)), *(str(sum(getattr(r, f) for r in done))
                                       for f in ("meetings", "paragraphs", "assignments", "agreements")),
                  str(sum(r.status == "unchanged" for r in results)), str(sum(r.status == "failed" for r in results)))
    console.print(table)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        console.print(f"[bold]{texts.FAILED_TITLE}[/bold]")
        for r in failed:
            console.print(f"  {r.source_name}: {r.error}", markup=False)
    warned = [r for r in results if r.warnings and r.status in ("imported", "updated")]
    if warned:
        console.print(f"[bold]{texts.WARNINGS_TITLE}[/bold]")
        for r in warned:
            for warning in r.warnings:
                console.print(f"  {r.source_name}: {warning}", markup=False)
    for r in results:
        if r.status in ("imported", "updated"):
            console.print(f"  {r.source_name}: {texts.STATUS[r.status]} – {describe(r)}", markup=False)
        elif r.status != "failed":
            console.print(f"  {r.source_name}: {texts.STATUS[r.status]}", markup=False)


def _tenant(*, organisation: str, slack_team: str | None, teams_tenant: str | None) -> TenantRef:
    """Where the rows go: a Slack workspace, a Teams tenant, or the terminal organisation."""
    if slack_team and teams_tenant:
        raise typer.BadParameter("Ange antingen --slack-team eller --teams-tenant, inte båda.")
    if slack_team:
        return TenantRef(platform="slack", external_id=slack_team)
    if teams_tenant:
        return TenantRef(platform="teams", external_id=teams_tenant)
    from bot.console import CONSOLE_TENANT

    if organisation == CONSOLE_TENANT.external_id:
        return CONSOLE_TENANT
    return TenantRef(platform="console", external_id=organisation, name=organisation)


def _reference(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"«{value}» är inget datum (ÅÅÅÅ-MM-DD).") from error
