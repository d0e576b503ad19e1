"""The Bot Framework's token side, offline: an OpenID metadata document with a JWKS, a signer
for channel tokens, and an outbound token provider with a fixed token.

The documents are served from a plain thread (``ThreadingHTTPServer``), apart from the event
loop of the server under test, as Microsoft's login service is.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.test"


class OpenIdServer:
    """Serves ``/.well-known/openid-configuration`` and ``/keys`` on 127.0.0.1:0."""

    def __init__(self, *, kid: str = "test-key", endorsements: tuple[str, ...] = ("msteams",)) -> None:
        self.kid = kid
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": kid, "use": "sig", "endorsements": list(endorsements)})
        self._jwks = {"keys": [jwk]}

    def __enter__(self) -> OpenIdServer:
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": ISSUER, "jwks_uri": f"{server_self.base}/keys",
                            "id_token_signing_alg_values_supported": ["RS256"]}
                elif self.path == "/keys":
                    body = server_self._jwks
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def token(self, *, audience: str, service_url: str, expires_in: int = 3600, issuer: str = ISSUER,
              key: Any = None, kid: str | None = None) -> str:
        """A channel token as the Bot Connector signs it."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "serviceurl": service_url, "nbf": now - 60,
                  "iat": now - 60, "exp": now + expires_in}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})


class StaticTokenProvider:
    """Outbound tokens without login.microsoftonline.com: always ``TOKEN``, and it records what
    the bot asked for (the resource and scopes MSAL would be asked for)."""

    TOKEN = "outbound-test-token"

    def __init__(self) -> None:
        self.requests: list[tuple[str, tuple[str, ...]]] = []

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        self.requests.append((resource_url, tuple(scopes)))
        return self.TOKEN
