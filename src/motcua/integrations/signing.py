"""Signatures of what we send: ``X-Motcua-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``.

The same scheme signs partners' webhooks (each endpoint's secret) and the sandbox national adapter's pushes (the
shared national secret). A receiver recomputes the HMAC over the exact bytes it received, compares in constant
time and refuses a timestamp too far from its clock (a replayed old request). ``signature_verify`` is that
receiver's side, used by our sandbox receiver and by the tests; ``docs/integrations.md`` shows it for partners.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Motcua-Signature"
EVENT_HEADER = "X-Motcua-Event"
DELIVERY_HEADER = "X-Motcua-Delivery"
TOLERANCE_SECONDS = 300


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` signed now (or at ``timestamp``)."""
    moment = int(time.time()) if timestamp is None else timestamp
    return f"t={moment},v1={_mac(secret, moment, body)}"


def signature_verify(
    *, secret: str, body: bytes, header: str, now: int | None = None, tolerance: int = TOLERANCE_SECONDS
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and its time is within ``tolerance`` seconds of now.

    Several ``v1=`` values may be present (a sender between two secrets); one valid is enough.
    """
    if not secret or not header:
        return False
    timestamp, candidates = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((int(time.time()) if now is None else now) - timestamp) > tolerance:
        return False
    expected = _mac(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
