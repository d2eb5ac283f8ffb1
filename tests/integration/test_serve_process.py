"""A real `circleup serve` (gunicorn's ASGI worker, two processes), as Discourse and operators meet it.

The receiver answers on the event loop and everything else goes to Flask on threads: both are
checked here through real sockets. /metrics adds up what every process counted: counters live in
the process that counts, and prometheus_client's multiprocess mode sums the files they write in
the instance folder. That mode has to be chosen before the first metric is built, so only a real
`circleup serve` shows whether it was.
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from sqlite3 import connect

import pytest

from circleup.integration.store.migrate import upgrade
from tests.conftest import FORUM_URL, WEBHOOK_SECRET, delivery

pytestmark = pytest.mark.slow
CIRCLEUP = str(Path(sys.executable).parent / "circleup")
DELIVERIES = 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_metrics_add_up_every_web_process(tmp_path):
    (tmp_path / "circleup.yaml").write_text("logging:\n  level: WARNING\n")
    # The defaults (SQLite files in the instance folder), whatever the developer's shell exports.
    env = {
        key: value for key, value in os.environ.items()
        if key not in ("PROMETHEUS_MULTIPROC_DIR", "DATABASE_URL", "QUEUE_URL")
    } | {
        "DISCOURSE_URL": FORUM_URL, "DISCOURSE_API_KEY": "unused-here", "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance"), "CIRCLEUP_CONFIG": str(tmp_path / "circleup.yaml"),
    }
    upgrade(f"sqlite:///{tmp_path / 'instance' / 'circleup.db'}")
    port = _free_port()
    server = subprocess.Popen([CIRCLEUP, "serve", "--port", str(port), "--workers", "2", "--threads", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "circleup serve did not start"
            time.sleep(0.1)
        for i in range(DELIVERIES):
            body, headers = delivery({"post": {"id": 7000 + i, "topic_id": 512, "post_number": 2 + i, "username": "amara"}},
                                     event="post_created", event_id=str(7000 + i))
            assert _request(port, "POST", "/webhooks/discourse", body, headers)[0] == 200
        assert _request(port, "POST", "/webhooks/discourse", body, headers) == (200, '{"status": "duplicate"}')
        forged = _request(port, "POST", "/webhooks/discourse", body, {**headers, "X-Discourse-Event-Signature": "sha256=" + "0" * 64})
        assert forged[0] == 401 and '"bad_signature"' in forged[1]
        assert _declared_too_large(port).startswith(b"HTTP/1.1 413")
        assert _request(port, "GET", "/webhooks/discourse")[0] == 405  # Flask's answer, through the thread pool
        status, text = _request(port, "GET", "/metrics")
    finally:
        server.terminate()
        stopping = time.monotonic()
        output = server.communicate(timeout=20)[0].decode(errors="replace")
    # Well inside graceful_timeout: a worker still booting when the TERM came must not miss it.
    assert time.monotonic() - stopping < 10, output
    assert status == 200, output
    assert f'circleup_webhook_deliveries_total{{outcome="queued"}} {float(DELIVERIES)}' in text, text[:3000]
    assert 'circleup_webhook_deliveries_total{outcome="duplicate"} 1.0' in text
    assert 'circleup_webhook_deliveries_total{outcome="bad_signature"} 1.0' in text
    assert 'circleup_webhook_deliveries_total{outcome="too_large"} 1.0' in text
    assert any((tmp_path / "instance" / "prometheus").iterdir())
    with connect(tmp_path / "instance" / "circleup.db") as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == DELIVERIES


def _declared_too_large(port: int) -> bytes:
    """Headers announcing 10 MiB, and no body: the answer must come without waiting for it."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /webhooks/discourse HTTP/1.1\r\nHost: circleup\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 10485760\r\n\r\n")
        return sock.recv(4096)
