"""``samverkan reminders``: dispatch once (for cron) and preview what would be posted.

``dispatch`` is the same planning pass + sweep that ``serve`` runs on its schedule, so a
deployment can run it from cron instead; several may run at once on PostgreSQL. ``preview``
only reads: it plans the given dates and prints when, where and what, without touching the outbox.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import typer
from sqlalchemy import func, or_, select

from bot.cli_swedish import SwedishTyper
from bot.config import get_settings

reminders_app = SwedishTyper(help="Påminnelser: skicka det som är dags, eller förhandsgranska.", no_args_is_help=True)


@reminders_app.command("dispatch")
def dispatch(
    console: bool = typer.Option(False, "--console", help="Skriv ut inläggen i terminalen i stället för att posta"),
    lease_seconds: int = typer.Option(300, "--lease-seconds", help="Efter så många sekunder tas en övergiven rad över"),
    pace: float = typer.Option(None, "--pace", help="Sekunder mellan två inlägg i samma kanal (standard: plattformens)"),
    workers: int = typer.Option(16, "--workers", help="Antal kanaler som postas parallellt"),
    backoff_seconds: float = typer.Option(30.0, "--backoff-seconds", help="Första väntetiden efter ett misslyckat inlägg"),
) -> None:
    """Planera och skicka allt som är dags nu, en gång, och avsluta."""
    from bot.cli_services import open_services
    from bot.notifiers import build_registry, nothing_configured
    from schedules.planning_pass import run_planning_pass
    from schedules.retry import RetryPolicy
    from schedules.sweep import SweepConfig, run_sweep

    settings = get_settings()
    services = open_services(settings=settings)
    use_console = console or nothing_configured(settings=settings)
    intervals = {p: pace for p in ("slack", "teams", "console")} if pace is not None else None
    registry = build_registry(settings=settings, services=services, console_only=use_console, intervals=intervals)
    planned = run_planning_pass(sessions=services.sessions, now=services.clock(), zone=services.zone)
    swept = run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, zone=services.zone,
                      config=SweepConfig(lease=timedelta(seconds=lease_seconds), workers=workers,
                                         retry=RetryPolicy(base=timedelta(seconds=backoff_seconds))))
    typer.echo(f"Planerat: {planned.written} nya eller ändrade, {planned.cancelled} avbokade"
               f"{' (hela planen)' if planned.full else ''}.")
    typer.echo(f"Skickat: {swept.sent} påminnelser i {swept.messages} meddelanden; försöks igen: {swept.retried}; "
               f"misslyckade: {swept.failed}; missade: {swept.missed}; avbokade: {swept.cancelled}; "
               f"övertagna: {swept.reclaimed} (varav redan postade, antecknade utan nytt inlägg: {swept.recovered}).")
    services.engine.dispose()


def _day(value: str, *, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2025-04-08 (fick «{value}»).",
                                 param_hint=name) from error


@reminders_app.command("preview")
def preview(
    from_: str = typer.Option(..., "--from", help="Första dag, ÅÅÅÅ-MM-DD"),
    to: str = typer.Option(..., "--to", help="Sista dag, ÅÅÅÅ-MM-DD"),
    organ: str = typer.Option(None, "--organ", help="Bara detta organ (namn eller förkortning) och dess underorgan"),
) -> None:
    """Visa vad som skulle skickas när, och var – utan att skicka eller spara något."""
    from bot.cli_services import open_services
    from schedules.planning_pass import collect_plan
    from schedules.render import describe
    from schedules.views import load_views
    from storage.models import Body, Tenant

    first, last = _day(from_, name="--from"), _day(to, name="--to")
    if last < first:
        raise typer.BadParameter("--to ligger före --from.")
    services = open_services(settings=get_settings())
    zone = services.zone  # the deployment's (SAMVERKAN_TIMEZONE): days and times are its
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(last, time(23, 59, 59), tzinfo=zone)
    printed = 0
    with services.sessions() as session:
        for tenant_id in session.scalars(select(Tenant.id).order_by(Tenant.id)):
            bodies: set[int] | None = None
            if organ:
                wanted = organ.strip().lower()
                roots = set(session.scalars(select(Body.id).where(Body.tenant_id == tenant_id, or_(
                    func.lower(Body.name) == wanted, func.lower(Body.short_name) == wanted))))
                children = set(session.scalars(select(Body.id).where(Body.parent_id.in_(roots)))) if roots else set()
                bodies = roots | children
            plan = collect_plan(session=session, tenant_id=tenant_id, now=start, horizon=end, changed_since=None,
                                zone=zone)
            entries = sorted((e for e in plan.entries if e.reminder.send_at >= start
                              and (bodies is None or e.reminder.body_id in bodies)),
                             key=lambda e: (e.reminder.send_at, e.route.label, e.reminder.key))
            subjects = [SimpleNamespace(subject_type=e.reminder.subject_type, subject_id=e.reminder.subject_id)
                        for e in entries]
            views = load_views(session=session, tenant_id=tenant_id, rows=subjects, now=start,  # type: ignore[arg-type]
                               zone=zone)
            for entry in entries:
                r = entry.reminder
                where = f"@{entry.route.label}" if entry.route.key.startswith("dm:") else f"#{entry.route.label}"
                what = describe(reminder=r, view=views.views.get((r.subject_type, r.subject_id)), zone=zone)
                if r.kind == "digest":
                    what = "Veckosammanfattning"
                typer.echo(f"{r.send_at.astimezone(zone):%Y-%m-%d %H:%M}  {where}  {what}")
                printed += 1
    typer.echo(f"{printed} inlägg mellan {start:%Y-%m-%d} och {end:%Y-%m-%d}.")
    services.engine.dispose()
