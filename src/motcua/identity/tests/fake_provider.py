"""A small, real OpenID Connect provider over HTTP, for the relying party's tests (no mocking of requests).

It behaves correctly by default (checks client authentication, the redirect URI, PKCE and single use of
codes) and can be told to misbehave: a token signed with another key, a wrong audience or issuer, an expired
token, a wrong nonce, ``alg: none``, a low ``acr``, errors, non-JSON answers and slow answers.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey, RSAKey

SIGNING_KEY = RSAKey.generate_key(2048, parameters={"kid": "op-key-1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "op-key-1"})

PERSON = {
    "SoDinhDanh": "001099012345",
    "HoVaTen": "Nguyễn Văn An",
    "NgayThangNamSinh": "19900115",
    "GioiTinh": "Nam",
    "QuocTich": "Việt Nam",
    "DiaChiThuongTru": "Phường Quyết Thắng, TP Kon Tum, tỉnh Kon Tum",
    "LoaiTaiKhoan": "1",
    "TechID": "tech-42",
    "loginIdp": "BCA",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Misbehaviour:
    id_token_claims: dict[str, Any] = field(default_factory=dict)  # merged into (or, with None, removed from)
    id_token_header: dict[str, Any] = field(default_factory=dict)
    sign_with: Any = None  # another key: bad signature
    unsigned: bool = False  # alg "none"
    hs256_with: str = ""  # HS256 keyed with this secret
    no_id_token: bool = False
    token_status: int = 0  # with token_body: a crafted token endpoint answer
    token_body: str = ""
    discovery: dict[str, Any] | None = None
    discovery_body: str = ""
    discovery_status: int = 0
    jwks_status: int = 0
    jwks: dict[str, Any] | None = None
    userinfo: dict[str, Any] | None = None
    delay: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering


class FakeProvider:
    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.person: dict[str, Any] = dict(PERSON, sub="vneid-sub-001")
        self.acr = "LoA2"
        self.bad = Misbehaviour()
        self.keys = [SIGNING_KEY]
        self.client_public_key: RSAKey | None = None  # set for private_key_jwt
        self.codes: dict[str, dict] = {}
        self.hits: list[tuple[str, str]] = []
        self.authorize_params: dict[str, str] = {}
        self.token_requests: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = self.url
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def hit_count(self, path: str) -> int:
        return sum(1 for _method, hit in self.hits if hit == path)

    # --- documents --------------------------------------------------------------------------------
    def discovery_document(self) -> dict:
        if self.bad.discovery is not None:
            return self.bad.discovery
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["LoA1", "LoA2"],
        }

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "acr": self.acr,
            **self.person,
        }
        for name, value in self.bad.id_token_claims.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        if self.bad.unsigned:
            header = {"alg": "none", "kid": "op-key-1"}
            return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}."
        if self.bad.hs256_with:
            return jwt.encode({"alg": "HS256", "kid": "op-key-1"}, claims, OctKey.import_key(self.bad.hs256_with))
        key = self.bad.sign_with or self.keys[0]
        header = {"alg": "RS256", "kid": key.kid, **self.bad.id_token_header}
        return jwt.encode(header, claims, key, algorithms=[header["alg"]])

    def client_authenticated(self, headers, form: dict[str, str]) -> bool:
        if self.client_public_key is not None:
            assertion = form.get("client_assertion", "")
            try:
                token = jwt.decode(assertion, self.client_public_key, algorithms=["RS256"])
            except JoseError:
                return False
            return token.claims.get("iss") == self.client_id and token.claims.get("aud") == f"{self.url}/token"
        authorization = headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            return decoded == f"{self.client_id}:{self.client_secret}"
        return form.get("client_id") == self.client_id and form.get("client_secret") == self.client_secret

    def token_answer(self, headers, form: dict[str, str]) -> tuple[int, dict]:
        self.token_requests.append(form)
        if not self.client_authenticated(headers, form):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # single use: a replayed code is unknown
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant", "error_description": "code unknown or already used"}
        if form.get("redirect_uri") != self.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        challenge = b64url(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if challenge != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        body = {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300}
        if not self.bad.no_id_token:
            body["id_token"] = self.id_token(grant["nonce"])
        return 200, body


def _handler(op: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return None

        def _send(self, status: int, body: str | dict, content_type: str = "application/json", **extra) -> None:
            data = (json.dumps(body) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _start(self) -> tuple[str, dict[str, str]]:
            parts = urlsplit(self.path)
            op.hits.append((self.command, parts.path))
            time.sleep(op.bad.delay.get(parts.path, 0))
            return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}

        def do_GET(self) -> None:
            path, query = self._start()
            if path == "/.well-known/openid-configuration":
                if op.bad.discovery_status or op.bad.discovery_body:
                    return self._send(op.bad.discovery_status or 200, op.bad.discovery_body, "text/html")
                return self._send(200, op.discovery_document())
            if path == "/jwks":
                if op.bad.jwks_status:
                    return self._send(op.bad.jwks_status, "<h1>down</h1>", "text/html")
                if op.bad.jwks is not None:
                    return self._send(200, op.bad.jwks)
                return self._send(200, {"keys": [key.as_dict(private=False) for key in op.keys]})
            if path == "/authorize":
                return self._authorize(query)
            if path == "/userinfo":
                if not self.headers.get("Authorization", "").startswith("Bearer "):
                    return self._send(401, {"error": "invalid_token"})
                claims = op.bad.userinfo if op.bad.userinfo is not None else op.person
                return self._send(200, claims)
            return self._send(404, {"error": "not_found"})

        def _authorize(self, query: dict[str, str]) -> None:
            op.authorize_params = query
            if query.get("client_id") != op.client_id or query.get("redirect_uri") != op.redirect_uri:
                return self._send(400, "<h1>unknown client or redirect_uri</h1>", "text/html")
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return self._send(400, "<h1>PKCE S256 required</h1>", "text/html")
            code = secrets.token_urlsafe(16)
            op.codes[code] = {"nonce": query.get("nonce", ""), "code_challenge": query["code_challenge"]}
            target = f"{op.redirect_uri}?{urlencode({'code': code, 'state': query.get('state', '')})}"
            return self._send(302, "", "text/html", Location=target)

        def do_POST(self) -> None:
            path, _query = self._start()
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if path != "/token":
                return self._send(404, {"error": "not_found"})
            if op.bad.token_status:
                return self._send(op.bad.token_status, op.bad.token_body, "application/json")
            status, body = op.token_answer(self.headers, form)
            return self._send(status, body)

    return Handler
