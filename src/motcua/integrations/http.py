"""One outbound POST with a hard limit on time and on what is read back; no redirects, no exceptions escape.

Used by the webhook deliveries and by the national adapters: a receiver that is slow, answers 500 or closes the
connection costs at most ``timeout`` seconds of one worker, and is recorded as an outcome like any other.
"""

import json
import time
from dataclasses import dataclass

import requests

EXCERPT_BYTES = 1000
USER_AGENT = "motcua-integrations/1"


@dataclass(frozen=True)
class HttpAnswer:
    status: int | None  # None: no HTTP answer (timeout, refused, DNS, TLS)
    body: str  # the first EXCERPT_BYTES of the answer, decoded
    error: str  # why there was no (complete) answer; empty when there was one
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def json(self) -> dict:
        try:
            value = json.loads(self.body)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> HttpAnswer:
    """POST ``body`` to ``url``; the whole exchange is abandoned after about ``timeout`` seconds."""
    started = time.monotonic()
    deadline = started + timeout
    all_headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT, **headers}
    try:
        with requests.post(
            url, data=body, headers=all_headers, timeout=(timeout, timeout), allow_redirects=False, stream=True
        ) as response:
            read = b""
            for chunk in response.iter_content(chunk_size=256):
                read += chunk
                if len(read) >= EXCERPT_BYTES or time.monotonic() > deadline:
                    break
            text = read[:EXCERPT_BYTES].decode("utf-8", errors="replace")
            return HttpAnswer(response.status_code, text, "", time.monotonic() - started)
    except requests.Timeout:
        error = f"Hết thời gian chờ ({timeout:g} giây) mà máy chủ nhận chưa trả lời."
    except requests.ConnectionError as exc:
        error = f"Không kết nối được tới máy chủ nhận: {type(exc).__name__}."
    except requests.RequestException as exc:
        error = f"Lỗi khi gửi: {type(exc).__name__}."
    return HttpAnswer(None, "", error, time.monotonic() - started)
