"""Locust users for ``bench/submission.py`` (which prepares the data and runs locust headless).

``HealthUser`` loops GET ``/healthz``: the baseline. ``SubmissionUser`` signs in once as its own citizen, then
loops whole online submissions as a browser makes them: every step a form post followed by a GET of the next
page, the uploads as the page's script sends them. Each user connects from its own loopback address
(127.0.1.x), like citizens at home: allauth limits sign-ins to 30 a minute per address, a limit meant for one
person, not for 50 people behind one address.

Every request and every whole submission is recorded and written to ``$BENCH_DUMP`` (JSON) when locust quits;
``$BENCH_CONFIG`` names the JSON the benchmark wrote (accounts, password, procedure, components, the 1 MB PDF).
"""

import itertools
import json
import os
import random
import re
import secrets
import time
from pathlib import Path

import gevent
from locust import HttpUser, constant, events, task
from requests.adapters import HTTPAdapter
from requests.exceptions import ConnectionError as ConnectionFailed

CONFIG = json.loads(Path(os.environ["BENCH_CONFIG"]).read_text()) if os.environ.get("BENCH_CONFIG") else {}
RECORDS: list[dict] = []
# Seconds a person pauses after each page (reading, typing), 0.5x to 1.5x at random; 0: no pause (a stress test).
THINK = float(os.environ.get("BENCH_THINK") or 0)
_accounts = itertools.count()


def think() -> float:
    pause = THINK * random.uniform(0.5, 1.5) if THINK else 0.0
    if pause:
        gevent.sleep(pause)
    return pause


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time=None, response=None, **_kwargs) -> None:
    RECORDS.append(
        {
            "status": getattr(response, "status_code", 0) or 0,
            "kind": "request",
            "name": name if name.startswith(request_type) else f"{request_type} {name}",
            "ms": response_time,
            "start": start_time or time.time() - response_time / 1000,
            "error": str(exception)[:300] if exception else "",
        }
    )


@events.quitting.add_listener
def _dump(environment, **_kwargs) -> None:
    if os.environ.get("BENCH_DUMP"):
        Path(os.environ["BENCH_DUMP"]).write_text(json.dumps(RECORDS))


class SourceAddressAdapter(HTTPAdapter):
    """Connections from a given local address (any 127.x.y.z reaches a server on 127.0.0.1)."""

    def __init__(self, address: str, **kwargs) -> None:
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class StepFailed(Exception):
    pass


class HealthUser(HttpUser):
    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        with self.client.get("/healthz", name="/healthz", catch_response=True) as response:
            reset = response.status_code == 0 and isinstance(response.error, ConnectionFailed)
            if reset:  # as in SubmissionUser._call: sent again once, reported apart
                response.failure(f"RETRIED {response.error!r}"[:300])
        if reset:
            self.client.get("/healthz", name="/healthz")
        think()


class SubmissionUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        number = next(_accounts)
        self.username = CONFIG["accounts"][number % len(CONFIG["accounts"])]
        self.client.mount("http://", SourceAddressAdapter(f"127.0.{1 + number // 250}.{2 + number % 250}"))
        self.pdf = Path(CONFIG["pdf"]).read_bytes()
        self.nonce = CONFIG["nonce"].encode()
        self.signed_in = False
        self.paused = 0.0

    # --- one request, checked ---------------------------------------------------------------------------------
    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def _headers(self) -> dict:
        return {"X-CSRFToken": self._csrf(), "Referer": self.host + "/"}

    def _call(self, method: str, path: str, name: str, expect: tuple[int, ...], *, retried: bool = False, **kwargs):
        """One request; a status other than ``expect`` fails it (and the submission it belongs to).

        A connection reset before any answer (the server closed an idle keep-alive connection just as the request
        went out) is sent again once, as browsers do; it is recorded as ``RETRIED …`` and reported apart.
        """
        kwargs.setdefault("allow_redirects", False)
        extra = kwargs.pop("extra_headers", {})
        if method == "POST":
            kwargs["headers"] = self._headers() | extra
        with self.client.request(method, path, name=name, catch_response=True, timeout=60, **kwargs) as response:
            if response.status_code not in expect:
                if response.status_code == 0:  # no answer at all: the connection failed
                    detail = repr(response.error)
                    if not retried and isinstance(response.error, ConnectionFailed):
                        response.failure(f"RETRIED {detail}"[:300])
                        resend = {k: v for k, v in kwargs.items() if k != "headers"} | {"extra_headers": extra}
                        return self._call(method, path, name, expect, retried=True, **resend)
                else:
                    detail = response.headers.get("Location") or _page_message(response.text)
                response.failure(f"HTTP {response.status_code} {detail}"[:300])
                if detail.startswith("/tai-khoan/dang-nhap/"):  # the session was lost: sign in again, as people do
                    self.signed_in = False
                raise StepFailed(name)
            response.success()
            self.last_page = response.text
        self.paused += think()
        return response

    def _follow(self, response, name: str, prefix: str = "/") -> str:
        location = response.headers.get("Location", "").split("#", 1)[0]
        if not location.startswith(prefix):
            raise StepFailed(f"{name}: unexpected redirect to {location!r}")
        self._call("GET", location, name, (200,))
        return location

    def _sign_in(self) -> None:
        self._call("GET", "/tai-khoan/dang-nhap/", "/tai-khoan/dang-nhap/", (200,))
        self._call(
            "POST",
            "/tai-khoan/dang-nhap/",
            "/tai-khoan/dang-nhap/",
            (302,),
            data={"login": self.username, "password": CONFIG["password"], "csrfmiddlewaretoken": self._csrf()},
        )
        self.signed_in = True

    def _pdf(self) -> bytes:
        """The 1 MB PDF with a fresh nonce: every upload is a different document (same size, same offsets)."""
        unique = b"%bench-nonce-" + secrets.token_hex(16).encode() + b"\n"
        return self.pdf.replace(self.nonce, unique, 1)

    @task
    def submit(self) -> None:
        if not self.signed_in:
            try:
                self._sign_in()
            except StepFailed:
                return  # the failed request is counted; the next iteration signs in again
        started, self.paused, self.code, error = time.perf_counter(), 0.0, "", ""
        try:
            self._submission()
        except StepFailed as failed:
            error = str(failed)
        waited = (time.perf_counter() - started - self.paused) * 1000  # the person's pauses are not the server's
        RECORDS.append({"kind": "flow", "ms": waited, "error": error, "code": self.code})

    def _submission(self) -> None:
        """13 requests, as the browser makes them: every step is a form post, then a GET of the next page; the
        uploads go the way the page's script sends them (``HX-Request``: the component's row comes back)."""
        start = f"/thu-tuc/{CONFIG['procedure']}/nop-ho-so/"
        self._call("GET", start, "GET /thu-tuc/[code]/nop-ho-so/", (200,))
        created = self._call("POST", start, "POST /thu-tuc/[code]/nop-ho-so/", (302,))
        step = self._follow(created, "GET /nop-ho-so/[id]/nguoi-nop/", "/nop-ho-so/")
        draft = step.split("/")[2]
        base = f"/nop-ho-so/{draft}"
        applicant = CONFIG["applicants"][self.username]
        saved = self._call(
            "POST",
            f"{base}/nguoi-nop/",
            "POST /nop-ho-so/[id]/nguoi-nop/",
            (302,),
            data={**applicant, "action": "tiep-tuc", "csrfmiddlewaretoken": self._csrf()},
        )
        self._follow(saved, "GET /nop-ho-so/[id]/thanh-phan/", f"{base}/thanh-phan/")
        for component in CONFIG["components"]:
            self._call(
                "POST",
                f"{base}/thanh-phan/{component}/tai-len/",
                "POST /nop-ho-so/[id]/thanh-phan/[c]/tai-len/ (1 MB)",
                (200,),
                files={"tep": ("ban-quet.pdf", self._pdf(), "application/pdf")},
                extra_headers={"HX-Request": "true"},
            )
        saved = self._call(
            "POST", f"{base}/thanh-phan/", "POST /nop-ho-so/[id]/thanh-phan/", (302,), data={"action": "tiep-tuc"}
        )
        self._follow(saved, "GET /nop-ho-so/[id]/nhan-ket-qua/", f"{base}/nhan-ket-qua/")
        saved = self._call(
            "POST",
            f"{base}/nhan-ket-qua/",
            "POST /nop-ho-so/[id]/nhan-ket-qua/",
            (302,),
            data={"result_delivery": "online", "action": "tiep-tuc", "csrfmiddlewaretoken": self._csrf()},
        )
        review = self._follow(saved, "GET /nop-ho-so/[id]/kiem-tra/", f"{base}/kiem-tra/")
        key = re.search(r'name="idempotency_key" value="([^"]+)"', self.last_page)
        if key is None:
            raise StepFailed(f"no idempotency key on {review}")
        submitted = self._call(
            "POST",
            f"{base}/nop/",
            "POST /nop-ho-so/[id]/nop/",
            (302, 303),  # the URL contract says 303; the report counts which one came
            data={"idempotency_key": key.group(1), "captcha": "", "csrfmiddlewaretoken": self._csrf()},
        )
        done = self._follow(submitted, "GET /ca-nhan/ho-so/[code]/da-nop/", "/ca-nhan/ho-so/")
        self.code = done.split("/")[3]


def _page_message(html: str) -> str:
    """The first error or notice on a page, for the failure report."""
    found = re.search(r'class="[^"]*(?:errorlist|notice--error|error)[^"]*"[^>]*>(.*?)</', html or "", re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()[:200] if found else ""
