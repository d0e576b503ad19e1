"""A fake Bot Framework connector: the service a Teams bot posts its replies to.

It runs its own event loop in a thread (the bot's connector client is blocking ``requests``
under the hood, and a proactive post may come from any thread), listens on 127.0.0.1:0,
records every request, and fails on demand with the statuses Teams uses for throttling, with
no answer until the client gives up, or with a closed connection (``misbehave_next``). Files
added with ``add_file`` are served at a ``downloadUrl`` on the same server, as SharePoint serves
the files people send the bot in a personal chat.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Received:
    """One request the connector got, with the status it answered."""

    method: str
    path: str
    conversation_id: str | None
    reply_to_id: str | None
    body: dict[str, Any]
    authorization: str | None
    status: int

    @property
    def activity(self) -> dict[str, Any]:
        """The posted activity (for a new conversation, the one inside its parameters)."""
        if self.conversation_id is None:
            return self.body.get("activity") or {}
        return self.body


NO_ANSWER = -1  # the status recorded for a request that got no HTTP answer at all


@dataclass
class _Failure:
    status: int
    retry_after: float | None = None
    mode: str = ""  # "" answers ``status``; "sleep", "drop" and "late" send no answer (see misbehave_next)
    sleep: float = 0.0
    matching: str = ""  # only a request whose JSON body contains this text takes the failure


@dataclass
class FakeConnector:
    """Start with ``with FakeConnector() as connector:``; ``connector.url`` is the serviceUrl."""

    received: list[Received] = field(default_factory=list)
    _failures: deque[_Failure] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    files: dict[str, bytes] = field(default_factory=dict)  # key → content
    downloads: list[str] = field(default_factory=list)  # paths fetched (not part of ``received``)
    url: str = ""

    def add_file(self, name: str, content: bytes) -> str:
        """Store a file; the pre-authorised download URL Teams would put in ``content.downloadUrl``."""
        key = f"file-{next(self._ids)}"
        with self._lock:
            self.files[key] = content
        return f"{self.url}files/{key}/{name}"

    def fail_next(self, *statuses: int, retry_after: float | None = None, matching: str = "") -> None:
        """The next requests answer these statuses, in order, before normal service resumes; with
        ``matching`` only requests whose body contains that text take them."""
        with self._lock:
            self._failures.extend(_Failure(status, retry_after, matching=matching) for status in statuses)

    def misbehave_next(self, *modes: str, sleep: float = 1.5, matching: str = "") -> None:
        """The next requests get no answer: ``"sleep"`` waits ``sleep`` seconds (past the client's
        timeout) and closes the connection without accepting the post; ``"drop"`` closes the
        connection at once; ``"late"`` accepts the post (Teams shows it) but sleeps past the
        client's timeout instead of answering. Unanswered requests are recorded with status
        ``NO_ANSWER``. With ``matching`` only requests whose body contains that text misbehave."""
        unknown = set(modes) - {"sleep", "drop", "late"}
        if unknown:
            raise ValueError(f"unknown fault modes: {sorted(unknown)}")
        with self._lock:
            self._failures.extend(_Failure(NO_ANSWER, mode=mode, sleep=sleep, matching=matching) for mode in modes)

    @property
    def delivered(self) -> list[Received]:
        """Posts that were accepted (what a Teams user would see), answered or not; edits of a
        posted card (``updates``) are kept apart."""
        with self._lock:
            return [item for item in self.received if 200 <= item.status < 300 and item.method != "PUT"]

    def clear(self) -> None:
        with self._lock:
            self.received.clear()

    # --- server -------------------------------------------------------------------------------
    def __enter__(self) -> FakeConnector:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True, name="fake-bf-connector")
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake connector did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{reply_to}", self._update)
        app.router.add_get("/files/{key}/{name}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/"
        ready.set()
        self._loop.run_forever()

    def _take_failure(self, body: dict[str, Any] | None = None) -> _Failure | None:
        text = json.dumps(body, ensure_ascii=False) if body is not None else ""
        with self._lock:
            for failure in self._failures:
                if not failure.matching or failure.matching in text:
                    self._failures.remove(failure)
                    return failure
            return None

    def _record(self, request: web.Request, body: dict[str, Any], status: int, *,
                conversation_id: str | None, reply_to_id: str | None) -> None:
        with self._lock:
            self.received.append(Received(
                method=request.method, path=request.path, conversation_id=conversation_id,
                reply_to_id=reply_to_id, body=body, authorization=request.headers.get("Authorization"),
                status=status,
            ))

    async def _respond(self, request: web.Request, *, conversation_id: str | None,
                       reply_to_id: str | None, ok: dict[str, Any]) -> web.Response:
        body = await request.json()
        failure = self._take_failure(body)
        if failure is not None and failure.mode:
            return await self._no_answer(request, body, failure, conversation_id=conversation_id,
                                         reply_to_id=reply_to_id)
        if failure is not None:
            self._record(request, body, failure.status, conversation_id=conversation_id, reply_to_id=reply_to_id)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response({"error": {"code": "Throttled" if failure.status == 429 else "Failure",
                                                "message": "fake failure"}}, status=failure.status, headers=headers)
        self._record(request, body, 201, conversation_id=conversation_id, reply_to_id=reply_to_id)
        return web.json_response(ok, status=201)

    async def _no_answer(self, request: web.Request, body: dict[str, Any], failure: _Failure, *,
                         conversation_id: str | None, reply_to_id: str | None) -> web.Response:
        accepted = failure.mode == "late"  # recorded at once: the post is shown, its answer withheld
        self._record(request, body, 201 if accepted else NO_ANSWER, conversation_id=conversation_id,
                     reply_to_id=reply_to_id)
        if failure.mode in ("sleep", "late"):
            await asyncio.sleep(failure.sleep)
        if request.transport is not None:
            request.transport.close()  # no status line ever reaches the client
        raise asyncio.CancelledError  # aiohttp drops the request without writing a response

    async def _activity(self, request: web.Request) -> web.Response:
        return await self._respond(
            request, conversation_id=request.match_info["conversation"],
            reply_to_id=request.match_info.get("reply_to"), ok={"id": f"msg-{next(self._ids)}"},
        )

    async def _update(self, request: web.Request) -> web.Response:
        """updateActivity: the bot edits a message it posted (recorded with method PUT; the
        activity id is in ``reply_to_id``). Answers 200 with the id, as the connector does."""
        response = await self._respond(request, conversation_id=request.match_info["conversation"],
                                       reply_to_id=request.match_info["reply_to"],
                                       ok={"id": request.match_info["reply_to"]})
        return web.json_response({"id": request.match_info["reply_to"]}) if response.status == 201 else response

    @property
    def updates(self) -> list[Received]:
        """Accepted updateActivity calls (edits of a card in place)."""
        with self._lock:
            return [item for item in self.received if 200 <= item.status < 300 and item.method == "PUT"]

    async def _download(self, request: web.Request) -> web.Response:
        with self._lock:
            self.downloads.append(request.path)
            content = self.files.get(request.match_info["key"])
        if content is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=content, content_type="application/octet-stream")

    async def _create_conversation(self, request: web.Request) -> web.Response:
        number = next(self._ids)
        body = await request.json()
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id", "conversation")
        request_body = body
        failure = self._take_failure()
        if failure is not None:
            self._record(request, request_body, failure.status, conversation_id=None, reply_to_id=None)
            return web.json_response({"error": {"code": "Failure", "message": "fake"}}, status=failure.status)
        self._record(request, request_body, 201, conversation_id=None, reply_to_id=None)
        return web.json_response({"id": f"{channel};messageid=thread-{number}", "activityId": f"thread-{number}"},
                                 status=201)
