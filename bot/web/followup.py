"""The follow-up board (verkställighet): HTML with filters, CSV export and the SVG chart.

Opened only through the signed link ``/uppdrag tavla`` hands out. The filter form is a plain
GET form, so it works without JavaScript and a filtered view can be bookmarked (until the
link expires).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from aiohttp import web
from markupsafe import Markup

from bot.web.access import grant_of, scope_of, services_of, slug_of
from bot.web.chart import status_chart
from bot.web.followup_data import STATUS_LABELS, Filters, bodies, counts, rows
from bot.web.followup_pdf import report_pdf
from bot.web.ids import parse_id
from bot.web.links import LinkError
from bot.web.render import page, refusal

CSV_COLUMNS = ("Uppdrag", "Organ", "Beslut", "Ansvarig", "Uppgift", "Senast", "Återrapport till", "Återrapport",
               "Status")


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def filters_of(query: dict[str, str]) -> Filters:
    """The form values, with anything malformed ignored rather than refused."""
    body = query.get("organ", "")
    status = query.get("status", "")
    return Filters(body_id=parse_id(body), status=status if status in STATUS_LABELS else "",
                   since=_date(query.get("fran")), until=_date(query.get("till")))


def _period(filters: Filters) -> str:
    if not (filters.since or filters.until):
        return ""
    return f"sista dag {filters.since or '…'} – {filters.until or '…'}"


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """The cell as text, defused: a task typed in chat as ``=HYPERLINK(…)`` must stay text when
    the secretary opens the export in Excel, so a leading ``'`` makes it a string there."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(board_rows: list) -> bytes:  # type: ignore[type-arg]
    """Semicolon CSV with a BOM: what Swedish Excel opens correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for r in board_rows:
        writer.writerow([csv_cell(cell) for cell in (r.id, r.body, r.decision, r.assignee, r.task, r.due,
                                                     r.report_to, r.report_at, r.status_label)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


async def board(request: web.Request) -> web.Response:
    """GET /uppfoljning?t=…&organ=…&status=…&fran=…&till=…[&format=csv]."""
    try:
        grant = grant_of(request, page="uppfoljning")
    except LinkError as error:
        return refusal(error)
    services = services_of(request)
    filters = filters_of(dict(request.query))
    today = services.now().date()
    with services.sessions() as session:
        scope = scope_of(session, grant=grant)
        board_rows = rows(session, scope=scope, filters=filters, today=today, zone=services.zone)
        options = [(b.id, b.name) for b in bodies(session, tenant_id=scope.tenant.id)]
        org = scope.tenant.name or "Organisationen"
        slug = slug_of(services, tenant_id=scope.tenant.id)
    if request.query.get("format") == "csv":
        return web.Response(body=to_csv(board_rows), content_type="text/csv", charset="utf-8", headers={
            "Content-Disposition": f'attachment; filename="uppfoljning-{today.isoformat()}.csv"',
            "Cache-Control": "private, no-store"})
    data = counts(board_rows)
    if request.query.get("format") == "pdf":
        chosen = dict(options).get(filters.body_id or 0, "alla organ")
        scope_text = ", ".join(p for p in (chosen, STATUS_LABELS.get(filters.status, "alla statusar"),
                                           _period(filters)) if p)
        pdf = report_pdf(org=org, rows=board_rows, counts=data, today=today, scope_text=scope_text)
        return web.Response(body=pdf, content_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="verkstallighetsrapport-{today.isoformat()}.pdf"',
            "Cache-Control": "private, no-store"})
    groups: dict[str, list] = {}  # type: ignore[type-arg]
    for row in board_rows:
        groups.setdefault(f"{row.body} – {row.decision}", []).append(row)
    query_csv = dict(request.query) | {"format": "csv"}
    query_pdf = dict(request.query) | {"format": "pdf"}
    return page("followup.html", title="Uppföljning av beslut", org=org, token=grant.token, slug=slug,
                groups=groups, filters=filters, options=options, statuses=STATUS_LABELS,
                chart=Markup(status_chart(data=data)), counts=data, today=today, total=len(board_rows),
                overdue=sum(1 for r in board_rows if r.status == "overdue"),
                csv_query=query_csv, pdf_query=query_pdf)
