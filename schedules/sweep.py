"""The sweep: claim due outbox rows, combine, render, post, record — retrying with backoff.

Delivery semantics. A row is posted only by the process holding its claim, and marked ``sent``
in a transaction right after the platform accepted the post. The claiming transaction also
records a post attempt marker on the rows (``schedules.claim``), and every post carries it to the
platform (``PostMarker``; on Slack as message metadata). The one window for a duplicate used to
be a process dying (or losing its database) *after* the platform accepted a post and *before*
that commit: after the lease the rows are reclaimed. Now a sweep that claims rows carrying an
older attempt first asks the notifier (``find_posted``) whether that attempt's post exists; if it
does, the rows are recorded as sent with its message id and not posted again; if it does not,
they are posted; if the lookup fails (429, 5xx) they are retried later — neither posted twice
nor given up. Slack answers the question (conversations.history with message metadata):
exactly once across crashes. Teams and the terminal cannot look back ("unknown"): there the
window remains — at-least-once, at most the messages in flight when the process died (one per
worker thread) posted a second time, after the lease. Nothing is ever lost: an unrecorded row
stays claimed until it is reclaimed. Each destination is served by one worker, paced to the
platform's per-channel rate (``Pacer``); a 429 is waited out when short, else the rows go back
until ``Retry-After``.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from handlers.notify import DeliveryError, Destination, PostMarker, can_look_back, lookup_posted, post_marked
from handlers.reply_codec import reply_from_dict
from schedules.batches import Message, is_immediate, plan_messages, to_reminder
from schedules.calendar import DEFAULT_ZONE
from schedules.claim import (
    DestinationKey,
    claim_destination,
    due_destinations,
    reclaim_expired,
    restart_attempt,
)
from schedules.facts import policy_for
from schedules.pacing import Pacer
from schedules.render import describe, render_digest, render_notice, render_reminders
from schedules.retry import RetryPolicy, mark_failed_attempt, mark_sent, release, settle
from schedules.undelivered import report_undelivered
from schedules.views import load_digest, load_views, reference_for
from storage.models import OutboxMessage

log = logging.getLogger("samverkan.reminders")
INLINE_WAIT = 5.0  # a Retry-After up to this long is waited out by the worker, keeping the claim
INLINE_RETRIES = 3
_PACER = Pacer()  # for registries without their own


@dataclass(frozen=True, kw_only=True)
class SweepConfig:
    """Knobs of one sweep; the defaults suit ``serve`` (a 5-minute lease ≫ any single post)."""

    lease: timedelta = timedelta(minutes=5)
    workers: int = 16  # destinations posted in parallel; threads mostly wait on pacing
    claim_limit: int = 200
    max_per_message: int = 20
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass
class SweepResult:
    """Counts of one sweep (rows, except ``messages``); ``recovered`` rows were found already
    posted by an earlier attempt and recorded without posting (they count in ``sent`` too)."""

    reclaimed: int = 0
    claimed: int = 0
    sent: int = 0
    recovered: int = 0
    messages: int = 0
    retried: int = 0
    failed: int = 0
    missed: int = 0
    cancelled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


def run_sweep(
    *, sessions: sessionmaker[Session], registry: object, clock: Callable[[], datetime],
    config: SweepConfig | None = None, rng: random.Random | None = None, zone: ZoneInfo = DEFAULT_ZONE,
) -> SweepResult:
    """Post everything due now on the platforms ``registry`` serves; returns counts.

    ``zone`` is the deployment's time zone: messages say "idag", "kl. 13:00" and group "the same
    minute" in it, as the planning pass planned them."""
    config = config or SweepConfig()
    result = SweepResult()
    token = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with sessions() as session, session.begin():
        result.reclaimed = reclaim_expired(session=session, now=clock(), lease=config.lease)
    with sessions() as session:
        targets = due_destinations(session=session, now=clock(), platforms=registry.platforms)  # type: ignore[attr-defined]
    (rng or random.Random()).shuffle(targets)  # processes sweeping together start in different places
    worker = _DestinationWorker(sessions=sessions, registry=registry, clock=clock, config=config, token=token,
                                result=result, rng=rng or random.Random(), zone=zone)
    with ThreadPoolExecutor(max_workers=max(1, min(config.workers, len(targets) or 1))) as pool:
        for outcome in pool.map(worker.run, targets):
            del outcome
    return result


@dataclass(kw_only=True)
class _DestinationWorker:
    sessions: sessionmaker[Session]
    registry: object
    clock: Callable[[], datetime]
    config: SweepConfig
    token: str
    result: SweepResult
    rng: random.Random
    zone: ZoneInfo = DEFAULT_ZONE

    def run(self, target: DestinationKey) -> None:
        try:
            self._run(target)
        except Exception:  # one broken destination must not stop the others
            log.exception("sweep failed for %s", target)

    def _run(self, target: DestinationKey) -> None:
        notifier = self.registry.get(target.platform)  # type: ignore[attr-defined]
        interval = self.registry.min_interval(target.platform)  # type: ignore[attr-defined]
        pacer: Pacer = getattr(self.registry, "pacer", None) or _PACER
        pace_key = f"{target.tenant_id}:{target.platform}:{target.destination}"
        while True:
            batch = uuid.uuid4().hex[:16]  # this claim's post attempt marker
            with self.sessions() as session:
                rows = claim_destination(session=session, key=target, now=self.clock(), token=self.token,
                                         limit=self.config.claim_limit, attempt=batch)
            if not rows:
                return
            self.result.add(claimed=len(rows))
            with self.sessions() as session:
                now = self.clock()
                views = load_views(session=session, tenant_id=target.tenant_id, rows=rows, now=now, zone=self.zone)
                kind, reference = reference_for(session=session, route=rows[0].payload.get("route", ""))
                destination = Destination(platform=target.platform, tenant_external_id=views.tenant_external_id,
                                          kind=kind, address=target.destination, reference=reference)
                rows = self._verify(session=session, notifier=notifier, destination=destination, rows=rows,
                                    attempt=batch, target=target)
                if not rows:
                    continue
                live, dead, old = [], [], []
                for row in rows:
                    policy = policy_for(policies=views.policies, body_id=row.body_id)
                    if is_immediate(row):  # a command's post: owed as written, however late
                        live.append(row)
                    elif (row.subject_type, row.subject_id) not in views.alive:
                        dead.append(row.id)
                    elif now - row.send_at > policy.missed_max_age:
                        old.append(row.id)
                    else:
                        live.append(row)
                settle(session=session, ids=dead, token=self.token, state="cancelled", reason="subject closed")
                settle(session=session, ids=old, token=self.token, state="missed", reason="older than missed_max_age")
                self.result.add(cancelled=len(dead), missed=len(old))
                messages = plan_messages(rows=live, max_per_message=self.config.max_per_message, zone=self.zone)
                for index, message in enumerate(messages):
                    for attempt in range(INLINE_RETRIES + 1):
                        pacer.wait(key=pace_key)
                        started = time.monotonic()
                        limited = self._post(session=session, notifier=notifier, destination=destination,
                                             views=views, message=message, target=target, batch=batch)
                        pacer.posted(key=pace_key, interval=interval, started=started)
                        if limited is None:
                            break
                        pacer.block(key=pace_key, seconds=limited.retry_after or 0.0)
                        if (limited.retry_after or 0.0) > INLINE_WAIT or attempt == INLINE_RETRIES:
                            # A long wait: give the rows back with next_attempt_at, free this worker.
                            self._failed(session=session, message=message, error=limited, target=target)
                            rest = [row.id for later in messages[index + 1:] for row in later.rows]
                            until = self.clock() + timedelta(seconds=limited.retry_after or 0.0)
                            release(session=session, ids=rest, token=self.token, not_before=until)
                            return

    def _verify(self, *, session: Session, notifier: object, destination: Destination, rows: list[OutboxMessage],
                attempt: str, target: DestinationKey) -> list[OutboxMessage]:
        """Rows of an older attempt may be on the platform already: ask before posting them.

        Returns the rows still to post (all now carrying ``attempt``). Rows the platform has are
        recorded as sent with the message id found; when the lookup fails they go back for a
        later retry, keeping their marker."""
        inherited = [row for row in rows if row.post_attempt and row.post_attempt != attempt]
        if not inherited:
            return rows
        settled: set[int] = set()
        if can_look_back(notifier):
            batches: dict[str, list[OutboxMessage]] = {}
            for row in inherited:
                batches.setdefault(str(row.post_attempt), []).append(row)
            for batch, members in batches.items():
                started = [row.post_attempt_at for row in members if row.post_attempt_at is not None]
                since = min(started) if started else self.clock() - self.config.lease
                until = (max(started) if started else self.clock()) + self.config.lease
                try:
                    found = lookup_posted(notifier, destination=destination, since=since, until=until,
                                          marker=PostMarker(batch=batch, rows=tuple(row.id for row in members)))
                except DeliveryError as error:
                    self._failed(session=session, message=Message(kind="lookup", rows=tuple(members)), error=error,
                                 target=target, maybe_posted=True)
                    settled.update(row.id for row in members)
                    continue
                by_message: dict[str, list[int]] = {}
                for row_id, message_id in (found or {}).items():
                    by_message.setdefault(message_id, []).append(row_id)
                for message_id, ids in by_message.items():
                    sent = mark_sent(session=session, ids=ids, token=self.token, now=self.clock(),
                                     message_id=message_id)
                    self.result.add(sent=sent, recovered=sent)
                    settled.update(ids)
                if by_message:
                    log.warning("%d row(s) of attempt %s were already posted to %s: recorded, not posted again",
                                sum(len(ids) for ids in by_message.values()), batch, target.destination)
        restart_attempt(session=session, ids=[row.id for row in inherited if row.id not in settled],
                        token=self.token, attempt=attempt, now=self.clock())
        return [row for row in rows if row.id not in settled]

    def _failed(self, *, session: Session, message: Message, error: DeliveryError, target: DestinationKey,
                maybe_posted: bool | None = None) -> None:
        ids = [row.id for row in message.rows]
        attempts = max(row.attempts for row in message.rows)  # counted when claimed
        if maybe_posted is None:  # a refused post (429, permanent) cannot have been accepted; a 5xx may have been
            maybe_posted = error.retry_after is None and not error.permanent
        state = mark_failed_attempt(session=session, ids=ids, token=self.token, now=self.clock(), error=error,
                                    attempts=attempts, policy=self.config.retry, rng=self.rng,
                                    maybe_posted=maybe_posted)
        self.result.add(failed=len(ids) if state == "failed" else 0, retried=len(ids) if state == "pending" else 0)
        log.warning("post to %s failed (%s): %s", target.destination, state, error)
        if state == "failed" and message.kind != "lookup":  # a DM given up: the secretary is told
            try:
                report_undelivered(session=session, rows=list(message.rows), error=str(error), now=self.clock())
            except Exception:  # the report is a courtesy: it must not stop this destination's other posts
                session.rollback()
                log.exception("could not report the lost post to %s", target.destination)

    def _post(self, *, session: Session, notifier: object, destination: Destination, views: object,
              message: Message, target: DestinationKey, batch: str) -> DeliveryError | None:
        """Render and post one message; returns the error when the destination is rate limited
        (the rows stay claimed: the caller waits and retries, or gives them back)."""
        now = self.clock()
        ids = [row.id for row in message.rows]
        missed_ids: list[int] = []
        if message.kind == "digest":
            row = message.rows[0]
            missed = list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.tenant_id == target.tenant_id, OutboxMessage.platform == target.platform,
                OutboxMessage.destination == target.destination, OutboxMessage.state == "missed",
                OutboxMessage.sent_at.is_(None), OutboxMessage.kind != "digest").order_by(OutboxMessage.send_at)))
            missed_views = load_views(session=session, tenant_id=target.tenant_id, rows=missed, now=now,
                                      zone=self.zone)
            missed_ids = [m.id for m in missed]
            lines = [f"{m.send_at.astimezone(self.zone):%Y-%m-%d}: "
                     + describe(reminder=to_reminder(m), view=missed_views.views.get((m.subject_type, m.subject_id)),
                                zone=self.zone)
                     for m in missed]
            content = load_digest(session=session, tenant_id=target.tenant_id, body_id=row.body_id, now=now,
                                  zone=self.zone)
            reply = render_digest(body=views.bodies.get(row.body_id or 0, ""), content=content, missed=lines,  # type: ignore[attr-defined]
                                  zone=self.zone)
        elif message.kind == "reply":
            reply = reply_from_dict(message.rows[0].payload["reply"])
        elif message.kind == "meeting_notice":
            reply = render_notice(view=views.views[("meeting", message.rows[0].subject_id)], zone=self.zone)  # type: ignore[attr-defined]
        else:
            reply = render_reminders(items=[(to_reminder(r), views.views.get((r.subject_type, r.subject_id)))  # type: ignore[attr-defined]
                                            for r in message.rows], zone=self.zone,
                                     notify=destination.kind == "channel")
        try:
            message_id = post_marked(notifier, destination=destination, reply=reply,
                                     marker=PostMarker(batch=batch, rows=tuple(ids)))
        except DeliveryError as error:
            if error.retry_after is not None and not error.permanent:
                return error
            self._failed(session=session, message=message, error=error, target=target)
            return None
        sent = mark_sent(session=session, ids=ids, token=self.token, now=self.clock(), message_id=message_id)
        if missed_ids:  # listed in this digest: recorded so the next digest does not repeat them
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(missed_ids)).values(
                sent_at=now, platform_message_id=message_id[:128]))
            session.commit()
        self.result.add(sent=sent, messages=1)
        return None
