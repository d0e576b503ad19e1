"""A local fake of the Slack Web API and of ``response_url``, for end-to-end tests.

It runs an ``http.server`` in a thread on 127.0.0.1:0, answers the methods the bot calls with
Slack-shaped JSON, records every request (method, arguments, headers), serves files added with
``add_file`` through ``files.info`` and a ``url_private_download`` on itself, and can be told to
fail: an HTTP 429 with ``Retry-After``, a 500, or an ``{"ok": false, "error": …}`` answer.
Posted messages are kept per channel (with their ``metadata``) and ``conversations.history``
answers from them, newest first, honouring ``oldest``/``latest``/``inclusive``/``limit``/``cursor``
and returning metadata only with ``include_all_metadata`` — as Slack does. With ``real_ts`` the
timestamps follow the clock (so ``oldest`` windows in real time work); by default they count
from 1700000001.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"


@dataclass
class Call:
    """One request the fake received."""

    method: str  # Web API method, or "response_url"
    args: dict[str, Any]
    path: str
    headers: dict[str, str]


@dataclass
class Failure:
    status: int
    error: str | None
    retry_after: int | None
    times: int


@dataclass
class FakeSlack:
    """Start with ``start()``; ``api_url`` goes into ``SLACK_API_URL``."""

    team_id: str = "T0001"
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, Failure] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # id → real name for users.info
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id → (name, content)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    real_ts: bool = False
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel → messages, oldest first
    _last_ts: float = 0.0
    socket_url: str | None = None  # what apps.connections.open answers (tests.fakes.slack_socket)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id → bytes sent to its upload URL
    shared: dict[str, dict[str, Any]] = field(default_factory=dict)  # file id → files.completeUploadExternal args

    @property
    def base(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                fake._handle(self)

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self)

            def log_message(self, *_args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
             times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail."""
        self.failures[method] = Failure(status=status, error=error, retry_after=retry_after, times=times)

    def add_file(self, file_id: str, *, name: str, content: bytes) -> dict[str, Any]:
        """Store a file and return it as a message event's ``files`` entry (id and name only, as Slack may)."""
        with self._lock:
            self.files[file_id] = (name, content)
        return {"id": file_id, "name": name, "file_access": "check_file_info"}

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, predicate: Callable[[FakeSlack], bool], *, timeout: float = 5.0) -> None:
        """Wait until ``predicate`` holds (lazy listeners answer after the HTTP response)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return
            time.sleep(0.01)
        raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")

    def next_ts(self) -> str:
        """A message ts: counted from 1700000001, or (``real_ts``) the clock, strictly increasing."""
        if not self.real_ts:
            return f"{1700000000 + next(self._ts)}.000100"
        with self._lock:
            self._last_ts = max(time.time(), self._last_ts + 0.000001)
            return f"{self._last_ts:.6f}"

    def remember_post(self, *, channel: str, ts: str, args: dict[str, Any]) -> None:
        """Keep an accepted post for ``conversations.history``."""
        metadata = args.get("metadata")
        if isinstance(metadata, str) and metadata.startswith("{"):
            metadata = json.loads(metadata)
        message = {"type": "message", "ts": ts, "text": args.get("text"), "bot_id": BOT_ID, "user": BOT_USER}
        if metadata:
            message["metadata"] = metadata
        with self._lock:
            self.history.setdefault(channel, []).append(message)

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or 0) or float("inf")
        with self._lock:
            messages = list(self.history.get(str(args.get("channel")), []))
        messages = [m for m in reversed(messages)
                    if (oldest <= float(m["ts"]) if inclusive else oldest < float(m["ts"]))
                    and (float(m["ts"]) <= latest if inclusive else float(m["ts"]) < latest)]
        if str(args.get("include_all_metadata", "")).lower() not in ("1", "true"):
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        page = messages[start:start + limit]
        more = start + limit < len(messages)
        return {"ok": True, "messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    # --- request handling ---------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        if request.path.startswith("/upload/"):  # files.uploadV2 step 2: raw bytes, not form data
            self._receive_upload(request)
            return
        args = read_args(request)
        path, _, query = request.path.partition("?")
        args.update({key: values[0] for key, values in parse_qs(query).items()})
        if path.startswith("/response/"):
            method = "response_url"
        elif path.startswith("/api/"):
            method = path.removeprefix("/api/")
        else:
            method = path
        headers = {key.lower(): value for key, value in request.headers.items()}
        with self._lock:
            self.calls.append(Call(method=method, args=args, path=path, headers=headers))
            failure = self.failures.get(method)
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self.failures[method]
        if failure is not None:
            body = {"ok": False, "error": failure.error or ("ratelimited" if failure.status == 429 else "fatal_error")}
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            self._send(request, failure.status, body, extra)
            return
        if method == "response_url":
            self._send(request, 200, None, {})
            return
        if path.startswith("/files-pri/"):
            self._send_file(request, path=path, authorization=headers.get("authorization", ""))
            return
        self._send(request, 200, self._answer(method, args), {})

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = self.next_ts()
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "samverkan",
                    "team_id": self.team_id, "user_id": BOT_USER, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            self.remember_post(channel=str(args.get("channel")), ts=ts, args=args)
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"text": args.get("text")}}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}
        if method == "conversations.history":
            return self._history(args)
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).lstrip("UW")}}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {**(view or {}), "id": f"V{next(self._ts)}"}}
        if method == "files.info":
            file_id = str(args.get("file", ""))
            if file_id not in self.files:
                return {"ok": False, "error": "file_not_found"}
            name, content = self.files[file_id]
            url = f"{self.base}/files-pri/{self.team_id}-{file_id}"
            return {"ok": True, "file": {"id": file_id, "name": name, "size": len(content), "mimetype": "text/plain",
                                         "url_private": f"{url}/{name}", "url_private_download": f"{url}/download/{name}"}}
        if method == "users.info":
            user = str(args.get("user", ""))
            name = self.users.get(user, user)
            return {"ok": True, "user": {"id": user, "name": name.lower(), "real_name": name,
                                         "profile": {"real_name": name}}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):07d}"
            if not args.get("filename") or not str(args.get("length", "")).isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            with self._lock:
                missing = [f["id"] for f in files if f.get("id") not in self.uploads]
                for f in files:
                    self.shared[f["id"]] = {**args, "files": files}
            if missing or not files:
                return {"ok": False, "error": "file_not_found" if missing else "invalid_arguments"}
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title"), "name": f.get("title")}
                                          for f in files]}
        if method == "oauth.v2.access":
            return {"ok": True, "access_token": "xoxb-installed", "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": BOT_USER, "app_id": "A0001", "team": {"id": "T0NEW", "name": "Ny"},
                    "enterprise": None, "authed_user": {"id": "U0INSTALL"}, "is_enterprise_install": False}
        return {"ok": True}

    def _receive_upload(self, request: BaseHTTPRequestHandler) -> None:
        """Like files.slack.com's upload URL: keeps the bytes, answers ``OK - <length>``."""
        length = int(request.headers.get("Content-Length") or 0)
        data = request.rfile.read(length) if length else b""
        file_id = request.path.removeprefix("/upload/").split("/", 1)[0]
        headers = {key.lower(): value for key, value in request.headers.items()}
        with self._lock:
            self.calls.append(Call(method="upload", args={"file_id": file_id, "length": len(data)},
                                   path=request.path, headers=headers))
            self.uploads[file_id] = data
        body = f"OK - {len(data)}".encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _send_file(self, request: BaseHTTPRequestHandler, *, path: str, authorization: str) -> None:
        """Like files.slack.com: the bytes for a bot token, the sign-in page (HTML, 200) without one."""
        file_id = path.removeprefix("/files-pri/").split("/", 1)[0].removeprefix(f"{self.team_id}-")
        stored = self.files.get(file_id)
        if stored is None or not authorization.startswith("Bearer xoxb-"):
            page = b"<html><body>Sign in to Slack</body></html>"
            status, kind = (404, "text/plain") if stored is None else (200, "text/html")
            data = page if stored is not None else b"not found"
        else:
            status, kind, data = 200, "application/octet-stream", stored[1]
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any] | None, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode() if body is not None else b"ok"
        request.send_response(status)
        request.send_header("Content-Type", "application/json" if body is not None else "text/plain")
        request.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)


def read_args(request: BaseHTTPRequestHandler) -> dict[str, Any]:
    """The Web API call's arguments from its body (form-encoded or JSON), as Slack reads them."""
    length = int(request.headers.get("Content-Length") or 0)
    raw = request.rfile.read(length).decode("utf-8") if length else ""
    return _parse(raw, request.headers.get("Content-Type", ""))


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    parsed = {key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()}
    for key in ("blocks", "view"):
        if isinstance(parsed.get(key), str) and parsed[key].startswith(("[", "{")):
            parsed[key] = json.loads(parsed[key])
    return parsed
