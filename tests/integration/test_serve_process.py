"""A real `circleup serve` (gunicorn, two worker processes): /metrics adds up what every process counted.

Counters live in the process that counts; prometheus_client's multiprocess mode sums the files
they write in the instance folder. That mode has to be chosen before the first metric is built,
so only a real `circleup serve` shows whether it was.
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from integration.store.migrate import upgrade
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
        status, text = _request(port, "GET", "/metrics")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode(errors="replace")
    assert status == 200, output
    assert f'circleup_webhook_deliveries_total{{outcome="queued"}} {float(DELIVERIES)}' in text, text[:3000]
    assert f"circleup_webhook_ack_seconds_count {float(DELIVERIES)}" in text
    assert any((tmp_path / "instance" / "prometheus").iterdir())
