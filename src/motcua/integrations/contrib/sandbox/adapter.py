"""The ``sandbox`` national adapter: each message as JSON, POSTed and signed (``integrations.signing``).

By default it pushes to this server's own sandbox receiver (``/sandbox/cong-dvc-quoc-gia/api/dong-bo/``, on
MOTCUA_PUBLIC_URL) with a secret derived from SECRET_KEY; MOTCUA_NATIONAL_URL / MOTCUA_NATIONAL_SECRET send it to
another server that speaks the same JSON (another motcua's sandbox, a test bench). The answer it understands is the
receiver's: ``{"ma_loi": "00" | "01", …}`` accepted (01: already had it), a 4xx with ``mo_ta`` refused, anything
else (no answer, 5xx, 401/403, 408, 429) transient. It is NOT the real national portal's protocol, which is not
published (``docs/integrations.md``).
"""

import hashlib
import json

from django.conf import settings
from django.urls import reverse

from motcua.integrations import http
from motcua.integrations.national.base import (
    ACCEPTED,
    REJECTED,
    TRANSIENT,
    NationalAdapter,
    OutgoingMessage,
    PushResult,
    adapters,
)
from motcua.integrations.signing import SIGNATURE_HEADER, signature_header

ACCEPTED_CODES = frozenset({"00", "01"})
_RETRYABLE_4XX = frozenset({401, 403, 408, 429})


def national_secret() -> str:
    """The shared secret of the pushes: configured, or (sandbox on) derived from SECRET_KEY; else empty."""
    configured = settings.MOTCUA_NATIONAL.get("SECRET", "")
    if configured or not settings.MOTCUA_NATIONAL_SANDBOX:
        return configured
    return hashlib.sha256(f"national-sandbox:{settings.SECRET_KEY}".encode()).hexdigest()


def receiver_url() -> str:
    configured = settings.MOTCUA_NATIONAL.get("URL", "")
    if configured or not settings.MOTCUA_NATIONAL_SANDBOX:
        return configured
    return f"{settings.MOTCUA_PUBLIC_URL}{reverse('national_sandbox:receive')}"


@adapters.register("sandbox")
class SandboxAdapter(NationalAdapter):
    key = "sandbox"
    label = "Cổng Dịch vụ công quốc gia thử nghiệm"

    def check_config(self) -> list[str]:
        problems = []
        url = receiver_url()
        if not url:
            problems.append("MOTCUA_NATIONAL_URL is required when the sandbox receiver is off")
        elif settings.PRODUCTION and not url.startswith("https://"):
            problems.append("MOTCUA_NATIONAL_URL must use https:// in production")
        if not national_secret():
            problems.append("MOTCUA_NATIONAL_SECRET is required when the sandbox receiver is off")
        return problems

    def push(self, message: OutgoingMessage) -> PushResult:
        body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timeout = float(self.config.get("TIMEOUT_SECONDS", 10))
        headers = {SIGNATURE_HEADER: signature_header(secret=national_secret(), body=body)}
        answer = http.post(receiver_url(), body=body, headers=headers, timeout=timeout)
        if answer.status is None:
            return PushResult(TRANSIENT, answer.error)
        data = answer.json()
        code, text = str(data.get("ma_loi", "")), str(data.get("mo_ta", "") or answer.body[:300])
        if answer.ok and code in ACCEPTED_CODES:
            return PushResult(ACCEPTED, response=data)
        if answer.status in (401, 403):
            reason = f"Cổng quốc gia từ chối xác thực (HTTP {answer.status}): kiểm tra MOTCUA_NATIONAL_SECRET."
            return PushResult(TRANSIENT, reason, data)
        if 400 <= answer.status < 500 and answer.status not in _RETRYABLE_4XX:
            return PushResult(REJECTED, f"Cổng quốc gia từ chối bản tin (mã {code or answer.status}): {text}", data)
        return PushResult(TRANSIENT, f"Cổng quốc gia trả lời HTTP {answer.status}: {text}", data)
