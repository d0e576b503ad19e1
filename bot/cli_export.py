"""``samverkan export``: the protocol (or minnesanteckningar) as a file, and a body's iCalendar and OParl JSON.

For the secretary who wants the PDF to sign and archive, and for operators wiring a body's
calendar or an OParl client by hand. Bodies are named as in chat (name or short name); when two
organisations have a body of that name, ``--organisation`` picks one.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer

from bot.cli_swedish import SwedishTyper

export_app = SwedishTyper(help="Exportera protokoll, kalender (iCal) och OParl-data.", no_args_is_help=True)


def _services():  # type: ignore[no-untyped-def]
    from bot.cli_services import open_services

    return open_services()


def _find_body(session, organ: str, organisation: str | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from storage.models import Body, Tenant
    from storage.search.text import fold

    query = select(Body, Tenant).join(Tenant, Tenant.id == Body.tenant_id)
    wanted = fold(organ.strip().strip('"'))
    found = [(b, t) for b, t in session.execute(query)
             if wanted in (fold(b.name), fold(b.short_name or "")) and organisation in (None, t.external_id)]
    if not found:
        raise typer.BadParameter(f"Inget organ heter «{organ}».", param_hint="--organ")
    if len(found) > 1:
        orgs = ", ".join(t.external_id for _b, t in found)
        raise typer.BadParameter(f"«{organ}» finns i flera organisationer ({orgs}); ange --organisation.")
    return found[0]


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out.write_bytes(data)
    typer.echo(f"Skrev {out} ({len(data)} byte).", err=True)


@export_app.command("protocol")
def export_protocol(
    organ: str = typer.Option(..., "--organ", help="Organets namn eller kortnamn"),
    datum: str = typer.Option(..., "--datum", help="Mötets datum, ÅÅÅÅ-MM-DD"),
    fmt: str = typer.Option("pdf", "--format", help="md, html eller pdf"),
    out: Path | None = typer.Option(None, "--out", help="Fil att skriva (standard: standard ut)"),
    paragraph: int | None = typer.Option(None, "--paragraf", help="Bara ett protokollsutdrag av denna §"),
    confidential: bool = typer.Option(False, "--med-sekretess", help="Ta med sekretessparagrafernas text"),
    organisation: str | None = typer.Option(None, "--organisation", help="Organisationens id (Slack/Teams)"),
) -> None:
    """Protokollet (eller ett protokollsutdrag) för ett möte som Markdown, HTML eller PDF.

    Ett organ som skriver minnesanteckningar (arbetsgrupp, tjänstepersonsorgan) får dem i stället."""
    from handlers.lookups import local_day_bounds
    from handlers.minutes import build_minutes, render_minutes, writes_minutes
    from handlers.minutes_pdf import render_minutes_pdf
    from handlers.protocol.model import build_extract, build_protocol, meeting_paragraphs
    from handlers.protocol.render import FORMATS, render
    from storage.models import Meeting

    if fmt not in FORMATS:
        raise typer.BadParameter(f"välj {', '.join(FORMATS)}", param_hint="--format")
    try:
        day = date.fromisoformat(datum)
    except ValueError as error:
        raise typer.BadParameter("skriv datumet som ÅÅÅÅ-MM-DD", param_hint="--datum") from error
    services = _services()
    with services.sessions() as session:
        body, _tenant = _find_body(session, organ, organisation)
        start, end = local_day_bounds(day, zone=services.zone)
        meeting = session.query(Meeting).filter(Meeting.tenant_id == body.tenant_id, Meeting.body_id == body.id,
                                                Meeting.starts_at >= start, Meeting.starts_at < end).first()
        if meeting is None:
            raise typer.BadParameter(f"{body.name} har inget möte {day.isoformat()}.", param_hint="--datum")
        if writes_minutes(body):  # an arbetsgrupp's minnesanteckningar, exported like a protocol
            if paragraph is not None:
                raise typer.BadParameter(f"{body.name} skriver minnesanteckningar, utan paragrafer.",
                                         param_hint="--paragraf")
            minutes = build_minutes(session, meeting, zone=services.zone)
            data = render_minutes_pdf(minutes) if fmt == "pdf" else render_minutes(minutes, fmt=fmt)
            _write(data, out)
            return
        if paragraph is None:
            view = build_protocol(session, meeting, zone=services.zone, include_confidential=confidential)
        else:
            match = [p for p in meeting_paragraphs(session, meeting) if p.number == paragraph]
            if not match:
                raise typer.BadParameter(f"§ {paragraph} finns inte i mötet {day.isoformat()}.", param_hint="--paragraf")
            view = build_extract(session, match[0], zone=services.zone, include_confidential=confidential)
        data = render(view, fmt=fmt)
    _write(data, out)


def _feed_base(services, tenant) -> str:  # type: ignore[no-untyped-def]
    from handlers.exports.links import link_secret, tenant_key

    secret = link_secret(services)
    return f"{services.public_url}/oparl/{tenant_key(secret=secret, tenant=tenant) if secret else 'export'}"


@export_app.command("ical")
def export_ical(
    organ: str = typer.Option(..., "--organ", help="Organets namn eller kortnamn"),
    out: Path | None = typer.Option(None, "--out", help="Fil att skriva (standard: standard ut)"),
    organisation: str | None = typer.Option(None, "--organisation", help="Organisationens id (Slack/Teams)"),
) -> None:
    """Organets möten och uppdrag (som att-göra-poster) i iCalendar-format."""
    from handlers.exports.ical import body_calendar

    services = _services()
    with services.sessions() as session:
        body, tenant = _find_body(session, organ, organisation)
        base = _feed_base(services, tenant)
        data = body_calendar(session, body=body, zone=services.zone, now=services.now(),
                             paper_url=lambda pid: f"{base}/paper/{pid}")
    _write(data, out)


@export_app.command("oparl")
def export_oparl(
    organ: str = typer.Option(..., "--organ", help="Organets namn eller kortnamn"),
    out: Path | None = typer.Option(None, "--out", help="Fil att skriva (standard: standard ut)"),
    organisation: str | None = typer.Option(None, "--organisation", help="Organisationens id (Slack/Teams)"),
) -> None:
    """Organet som OParl 1.1-objekt (System, Body, Organization, Person, Meeting, AgendaItem, Paper)."""
    from handlers.exports.oparl import body_bundle

    services = _services()
    with services.sessions() as session:
        body, tenant = _find_body(session, organ, organisation)
        bundle = body_bundle(session, body, base=_feed_base(services, tenant), zone=services.zone,
                             system_name=tenant.name or "Samverkan")
    _write((json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), out)
