"""``bot.server.build_app`` served on 127.0.0.1:0 from its own event loop thread, as in production.

Shared by the Slack, Teams, web and trust end-to-end tests: the real server, a real socket, and
the test talking to it over HTTP like a platform would.
"""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web


class ServerThread:
    """Start with ``with ServerThread(app) as server:``; ``server.url`` is its base URL."""

    def __init__(self, app: web.Application, *, name: str = "samverkan-test-server") -> None:
        self.app = app
        self.url = ""
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def __enter__(self) -> ServerThread:
        self._thread.start()
        self._runner = web.AppRunner(self.app, access_log=None)

        async def start() -> str:
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", 0).start()
            host, port = self._runner.addresses[0][:2]
            return f"http://{host}:{port}"

        self.url = asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()
