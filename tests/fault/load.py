"""Intake load for the fault suite: client threads that retry with the same Idempotency-Key.

Each thread sends logical requests one after another (``POST /api/v1/tickets``), each with a
key of its own. An attempt that fails — connection refused or cut, a 5xx, a 409
``request_in_progress`` — is retried with the same key and body, on the other app server (as a
load balancer would), until it is acknowledged (2xx) or the request's time is up.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

REQUEST_DEADLINE = 90.0  # seconds a logical request may take, retries included


@dataclass
class Logical:
    key: str
    started: float
    attempts: int = 0
    status: int | None = None  # of the acknowledging answer
    ticket_id: int | None = None
    number: str = ""
    finished: float | None = None


@dataclass
class Load:
    ports: list[int]
    token: str
    customer: int
    tag: str
    threads: int = 16
    requests: list[Logical] = field(default_factory=list)
    attempts: list[tuple[float, str]] = field(default_factory=list)  # (time, outcome)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: list[threading.Thread] = field(default_factory=list)
    started_fault: float = 0.0

    def start(self) -> None:
        for i in range(self.threads):
            thread = threading.Thread(target=self._client, args=(i,), daemon=True)
            thread.start()
            self._pool.append(thread)

    def stop(self) -> None:
        """No new logical requests; those under way finish (or run out of time)."""
        self._stop.set()
        for thread in self._pool:
            thread.join(REQUEST_DEADLINE + 30)

    def _note(self, outcome: str) -> None:
        with self._lock:
            self.attempts.append((time.monotonic(), outcome))

    def _client(self, index: int) -> None:
        turn = index
        while not self._stop.is_set():
            key = f"{self.tag}-{uuid.uuid4().hex}"
            request = Logical(key=key, started=time.monotonic())
            with self._lock:
                self.requests.append(request)
            body = json.dumps(
                {
                    "kind": "repair",
                    "channel": "hotline",
                    "customer": self.customer,
                    "description": f"故障演练 卫生间渗水 {key}",
                }
            ).encode()
            pause = 0.1
            while time.monotonic() - request.started < REQUEST_DEADLINE:
                turn += 1
                request.attempts += 1
                status, answer = self._post(self.ports[turn % len(self.ports)], key, body)
                self._note(str(status))
                if status is not None and 200 <= status < 300:
                    request.status = status
                    request.ticket_id = answer.get("id")
                    request.number = answer.get("number", "")
                    request.finished = time.monotonic()
                    break
                if status is not None and 400 <= status < 500 and status != 409:
                    request.status = status  # a refusal is an answer: not retried
                    request.finished = time.monotonic()
                    break
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def _post(self, port: int, key: str, body: bytes) -> tuple[int | None, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(
                "POST",
                "/api/v1/tickets",
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {self.token}",
                    "Idempotency-Key": key,
                },
            )
            response = conn.getresponse()
            data = response.read()
            try:
                answer = json.loads(data) if data else {}
            except ValueError:
                answer = {}
            return response.status, answer if isinstance(answer, dict) else {}
        except (OSError, http.client.HTTPException):
            return None, {}
        finally:
            conn.close()

    # --- figures --------------------------------------------------------------------------

    def figures(self, fault_at: float) -> dict:
        acked = [r for r in self.requests if r.status is not None and 200 <= r.status < 300]
        failures = [t for t, outcome in self.attempts if not outcome.startswith("2")]
        last_failure = max(failures, default=fault_at)
        return {
            "requests": len(self.requests),
            "acknowledged": len(acked),
            "attempts": len(self.attempts),
            "retries": len(self.attempts) - len(self.requests),
            "connection_errors": sum(1 for _, o in self.attempts if o == "None"),
            "5xx": sum(1 for _, o in self.attempts if o.startswith("5")),
            "409": sum(1 for _, o in self.attempts if o == "409"),
            "unfinished": sum(1 for r in self.requests if r.status is None),
            "recover_seconds": round(max(0.0, last_failure - fault_at), 1),
        }

    def connection_errors_since(self, fault_at: float) -> int:
        with self._lock:
            return sum(1 for t, o in self.attempts if o == "None" and t >= fault_at)

    def fivexx_after(self, moment: float) -> int:
        return sum(1 for t, o in self.attempts if o.startswith("5") and t > moment)
