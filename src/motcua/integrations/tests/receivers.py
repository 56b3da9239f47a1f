"""Real HTTP servers on 127.0.0.1 standing in for the other side: a partner's webhook receiver, a national portal.

Each records what it received and answers as told (status, body, a delay to make the sender time out).
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Plan:
    status: int = 200
    body: dict = field(default_factory=lambda: {"ok": True})
    delay: float = 0.0


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Received] = []
        self.plans: list[Plan] = []  # answers for the next requests, in order; then ``default``
        self.default = Plan()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, *plans: Plan) -> None:
        self.plans.extend(plans)

    def next_plan(self) -> Plan:
        return self.plans.pop(0) if self.plans else self.default


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append(Received(self.path, dict(self.headers.items()), body))
        plan = self.server.next_plan()
        if plan.delay:
            time.sleep(plan.delay)
        data = json.dumps(plan.body).encode()
        try:
            self.send_response(plan.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting: what a slow receiver sees
            pass


def start() -> Receiver:
    server = Receiver()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server
