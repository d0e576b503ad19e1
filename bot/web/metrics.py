"""Prometheus metrics at ``/metrics``: requests, latency, outbox depth and failed deliveries.

Each ``serve`` replica counts its own requests (Prometheus scrapes every replica and sums them);
the outbox figures are read from the shared database at scrape time, so every replica reports the
same value and dashboards take ``max``, not ``sum``, of them. The route label is the route's
template (``/anslagstavla/{slug}``), never the path someone typed, so a scanner cannot grow the
series without bound. ``SAMVERKAN_METRICS_TOKEN`` makes the page ask for ``Authorization: Bearer``;
the nginx recipe in docs/operations.md also keeps it off the public address.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Iterator

from aiohttp import web
from aiohttp.typedefs import Handler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from handlers.context import Services
from storage.models.outbox import OUTBOX_STATES, OutboxMessage

log = logging.getLogger("samverkan.metrics")

UNMATCHED = "(okänd)"  # a path no route matched: one label for all of them
DUE_STATES = ("pending", "claimed")


class OutboxCollector(Collector):
    """Outbox rows by state, and how many are due and not yet sent, read when Prometheus scrapes."""

    def __init__(self, *, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("samverkan_database_up", "1 när databasen svarade vid senaste skrapningen")
        try:
            with self.services.sessions() as session:
                by_state = dict(session.execute(
                    select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
                due = session.scalar(select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.state.in_(DUE_STATES), OutboxMessage.send_at <= self.services.now())) or 0
        except SQLAlchemyError:
            log.warning("metrics: the outbox could not be read", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        states = GaugeMetricFamily("samverkan_outbox_messages", "Utskick i utkorgen per tillstånd (failed = "
                                   "misslyckade leveranser)", labels=["state"])
        for state in OUTBOX_STATES:
            states.add_metric([state], by_state.get(state, 0))
        yield states
        depth = GaugeMetricFamily("samverkan_outbox_due", "Utskick vars tid har kommit men som inte är skickade")
        depth.add_metric([], due)
        yield depth


class Metrics:
    """One registry per application (tests start many apps in one process)."""

    def __init__(self, *, services: Services, token: str) -> None:
        self.token = token  # empty: no Authorization asked for
        self.registry = CollectorRegistry()
        self.requests = Counter("samverkan_http_requests", "HTTP-anrop per route, metod och status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("samverkan_http_request_duration_seconds", "Svarstid per route",
                                 ["route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.registry.register(OutboxCollector(services=services))


METRICS_KEY: web.AppKey[Metrics] = web.AppKey("samverkan.metrics", Metrics)


def route_label(request: web.Request) -> str:
    """The matched route's template, or one fixed label for unmatched paths."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNMATCHED


@web.middleware
async def metrics_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count and time every request; errors count with the status the client got."""
    metrics = request.app[METRICS_KEY]
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status
        raise
    finally:
        route = route_label(request)
        metrics.requests.labels(route, request.method, str(status)).inc()
        metrics.latency.labels(route).observe(time.perf_counter() - started)


def _authorised(request: web.Request) -> bool:
    token = request.app[METRICS_KEY].token
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


async def metrics_page(request: web.Request) -> web.Response:
    """The text format Prometheus scrapes; built in a thread because the outbox is read then."""
    if not _authorised(request):
        return web.Response(status=401, text="Ange Authorization: Bearer med SAMVERKAN_METRICS_TOKEN.\n",
                            headers={"WWW-Authenticate": "Bearer"})
    body = await asyncio.to_thread(generate_latest, request.app[METRICS_KEY].registry)
    response = web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
    response.headers["Cache-Control"] = "no-store"
    return response


def install(app: web.Application, *, services: Services) -> None:
    """Add ``/metrics`` and the counting middleware to ``app``."""
    disable_created_metrics()  # no «…_created» twin of every series: Prometheus does not need them
    secret = getattr(services.extras.get("settings"), "metrics_token", None)
    app[METRICS_KEY] = Metrics(services=services, token=secret.get_secret_value() if secret is not None else "")
    app.middlewares.append(metrics_middleware)
    app.router.add_get("/metrics", metrics_page)
