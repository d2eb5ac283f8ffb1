"""Every documented form of QUEUE_URL works for the queue and for the shared outbound budget.

redis://host:port/db, with or without ?name=, rediss:// (TLS) and unix:// (a socket). The TLS and
socket forms run against redis-servers of their own, started here on 127.0.0.1 and a temporary
socket; they are skipped only when redis-server (or openssl, for TLS) is not installed.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from circleup.integration.budget import RedisBudget, budget_from_url
from circleup.integration.errors import BudgetExhausted
from circleup.integration.queue import make_huey, redis_pool, split_queue_name
from tests.conftest import REDIS_UP

pytestmark = pytest.mark.redis
REDIS_SERVER = shutil.which("redis-server")
OPENSSL = shutil.which("openssl")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(tmp_path: Path, *args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return process


def _wait_ping(url: str, process: subprocess.Popen) -> None:
    import redis

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.skip(f"redis-server exited at start ({process.returncode}): this build may lack TLS")
        try:
            pool, _ = redis_pool(url)
            redis.Redis(connection_pool=pool).ping()
            pool.disconnect()
            return
        except redis.RedisError:
            time.sleep(0.05)
    raise AssertionError(f"the test's redis-server never answered at {url}")


@pytest.fixture
def unix_redis(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    sock = tmp_path / "redis.sock"
    process = _start_redis(tmp_path, "--port", "0", "--unixsocket", str(sock))
    try:
        url = f"unix://{sock}?db=2"
        _wait_ping(url, process)
        yield url
    finally:
        process.kill()
        process.wait(5)


@pytest.fixture
def tls_redis(tmp_path):
    if REDIS_SERVER is None or OPENSSL is None:
        pytest.skip("redis-server or openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    port = _free_port()
    process = _start_redis(tmp_path, "--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert),
                           "--tls-key-file", str(key), "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no")
    try:
        url = f"rediss://127.0.0.1:{port}/3?ssl_ca_certs={cert}"
        _wait_ping(url, process)
        yield url
    finally:
        process.kill()
        process.wait(5)


def _round_trip(queue_url: str) -> None:
    """A job goes through the queue, and the budget counts in Redis under the queue's name."""
    huey = make_huey(queue_url)
    try:
        @huey.task(name="probe")
        def probe(x):
            return x

        probe(41)
        assert huey.pending_count() == 1
        task = huey.dequeue()
        assert task is not None and task.args == (41,)
        _, name = split_queue_name(queue_url)
        assert huey.name == name
        budget = budget_from_url(queue_url, per_minute=2)
        assert isinstance(budget, RedisBudget) and budget.key == f"{name}:budget"
        budget.acquire()
        budget.acquire()
        with pytest.raises(BudgetExhausted):
            budget.acquire()
        budget._redis.delete(budget.key)
    finally:
        huey.flush()


def test_split_queue_name_leaves_redis_its_own_parameters():
    assert split_queue_name("redis://h:6379/0?name=forum-a") == ("redis://h:6379/0", "forum-a")
    assert split_queue_name("unix:///run/redis.sock?db=3&name=x") == ("unix:///run/redis.sock?db=3", "x")
    assert split_queue_name("rediss://h/1") == ("rediss://h/1", "circleup")


def test_a_tls_url_makes_tls_connections_without_circleup_keywords():
    import redis

    pool, name = redis_pool("rediss://user:pw@redis.example.org:6380/4?name=forum&ssl_cert_reqs=required")
    assert name == "forum" and pool.connection_class is redis.SSLConnection
    assert "name" not in pool.connection_kwargs and pool.connection_kwargs["db"] == 4


@pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1")
@pytest.mark.parametrize("form", ["plain", "named"])
def test_tcp_forms(form):
    # Database 14 is this module's: the unnamed form uses circleup's default queue name there.
    url = "redis://127.0.0.1:6379/14" + (f"?name=circleup-url-{uuid.uuid4().hex[:8]}" if form == "named" else "")
    _round_trip(url)


def test_unix_socket_form(unix_redis):
    _round_trip(unix_redis)
    _round_trip(f"{unix_redis}&name=circleup-unix")


def test_tls_form(tls_redis):
    _round_trip(tls_redis)
    _round_trip(f"{tls_redis}&name=circleup-tls")


@pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1")
def test_queue_and_budget_outlive_redis_dropping_their_connections():
    import redis

    url = f"redis://127.0.0.1:6379/14?name=circleup-kill-{uuid.uuid4().hex[:8]}"
    huey = make_huey(url)
    budget = budget_from_url(url, per_minute=100)
    try:
        huey.enqueue  # noqa: B018 - the storage connects lazily
        huey.storage.conn.client_setname("circleup-victim-queue")
        budget._redis.client_setname("circleup-victim-budget")
        admin = redis.Redis(host="127.0.0.1", port=6379)
        killed = 0
        for client in admin.client_list():
            if client.get("name", "").startswith("circleup-victim"):
                admin.client_kill_filter(_id=client["id"])
                killed += 1
        assert killed == 2
        assert huey.pending_count() == 0  # reconnected
        budget.acquire()
    finally:
        budget._redis.delete(budget.key)
        huey.flush()
