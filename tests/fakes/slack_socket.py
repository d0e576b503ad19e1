"""A local fake of Slack's Socket Mode WebSocket server, for end-to-end tests.

It speaks the protocol slack_sdk's Socket Mode clients expect: the Web API fake answers
``apps.connections.open`` with this server's ``ws://`` URL; on connect the server sends
``{"type": "hello", …}``; then the test pushes envelopes (``slash_commands``, ``interactive``,
``events_api``) with ``push`` and gets back the client's acknowledgement
(``{"envelope_id": …, "payload": {…}}``) with the same ``envelope_id``.

It runs an aiohttp server in its own thread and event loop on 127.0.0.1:0. It is bounded: at
most ``max_connections`` WebSocket connections and ``max_messages`` received frames are
accepted, and it stops itself after ``lifetime`` seconds even when a test forgets ``stop()``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = "A0001"


@dataclass
class FakeSocketMode:
    """Start with ``start()``; give ``url`` to ``FakeSlack.socket_url``."""

    lifetime: float = 60.0
    max_connections: int = 5
    max_messages: int = 1000
    connections: int = 0  # WebSocket connections accepted so far
    received: list[dict[str, Any]] = field(default_factory=list)  # every frame from the client, parsed
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None
    _port: int = 0
    _socket: web.WebSocketResponse | None = None
    _acks: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _connected: threading.Event = field(default_factory=threading.Event)
    _stopped: bool = False

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/link/?ticket={uuid.uuid4().hex}&app_id={APP_ID}"

    def start(self) -> FakeSocketMode:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="fake-slack-socket")
        self._thread.start()
        self._call(self._start(), timeout=10)
        return self

    def stop(self) -> None:
        if self._loop is None or self._loop.is_closed():
            return
        with self._lock:
            expired, self._stopped = self._stopped, True
        try:
            if not expired:
                self._call(self._shutdown(), timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            assert self._thread is not None
            self._thread.join(10)
            self._loop.close()

    def wait_connected(self, *, timeout: float = 10.0) -> None:
        """Wait until a client has connected and been greeted with ``hello``."""
        if not self._connected.wait(timeout):
            raise AssertionError("no Socket Mode client connected")

    def push(self, kind: str, payload: dict[str, Any], *, timeout: float = 3.0, **extra: Any) -> dict[str, Any]:
        """Send one envelope and return the client's acknowledgement of it, which Slack wants within 3 s."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", **extra}
        return self._call(self._push(envelope), timeout=timeout + 1, inner=timeout)

    # --- inside the server's loop ---------------------------------------------------------------
    def _call(self, coroutine: Any, *, timeout: float, inner: float | None = None) -> Any:
        assert self._loop is not None
        if inner is not None:
            coroutine = asyncio.wait_for(coroutine, inner)
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._websocket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        assert self._loop is not None
        self._loop.call_later(self.lifetime, lambda: asyncio.ensure_future(self._expire()))

    async def _expire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        await self._shutdown()
        assert self._loop is not None
        self._loop.stop()

    async def _shutdown(self) -> None:
        for future in self._acks.values():
            future.cancel()
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if self.connections >= self.max_connections:
            return web.Response(status=429, text="too many connections")
        self.connections += 1
        socket = web.WebSocketResponse(autoping=True)  # answers the client's pings with pongs
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "fake-socket", "approximate_connection_time": 3600},
                                "connection_info": {"app_id": APP_ID}})
        self._connected.set()
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            self.received.append(data)
            future = self._acks.pop(str(data.get("envelope_id")), None)
            if future is not None and not future.done():
                future.set_result(data)
            if len(self.received) >= self.max_messages:
                break
        return socket

    async def _push(self, envelope: dict[str, Any]) -> dict[str, Any]:
        socket = self._socket
        if socket is None or socket.closed:
            raise AssertionError("no Socket Mode client is connected")
        assert self._loop is not None
        future: asyncio.Future[dict[str, Any]] = self._loop.create_future()
        self._acks[envelope["envelope_id"]] = future
        await socket.send_str(json.dumps(envelope, ensure_ascii=False))
        return await future
