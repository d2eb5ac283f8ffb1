"""Webhook receiver throughput and acknowledgement latency, against a bare Flask endpoint.

Every server runs under gunicorn with the same workers, bind and timeout, and takes the same
load: distinct, correctly signed `post_created` deliveries sent by one load generator at a fixed
concurrency over keep-alive connections. The bare endpoint only reads the body and answers 204;
circleup verifies, stores (commit), hands the id to its enqueuer and answers. Run on SQLite and,
when it answers, on PostgreSQL with Redis. The servers take turns over several rounds and the
medians are reported, since the machine's other tenants come and go. Afterwards the inbox is
counted: every acknowledged delivery must be in it.

The worker class is each server's best: the bare Flask endpoint, the baseline of every ratio, runs
on gthread workers (`--threads` each), where Flask is fastest; `circleup serve` runs gunicorn's
ASGI worker, its receiver on the event loop (webhooks/asgi.py). For reference, the bare endpoint
also runs under circleup's worker class (behind a2wsgi, as circleup's other routes are): it is
slower there, so the gthread baseline is the harder one to match.

    python bench/receiver.py [--seconds 8] [--rounds 3] [--concurrency 32] [--workers 2] [--threads 4] [--quick]

Targets (issue 3): accepted/s ≥ 0.5 × the bare endpoint's; p99 acknowledgement < 100 ms at concurrency 32.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from circleup.webhooks.delivery import sign  # noqa: E402
BIN = Path(sys.executable).parent
SECRET = "bench-secret-0123456789"
FORUM = "https://forum.example.org"
FIXTURE = REPO / "tests" / "webhooks" / "fixtures" / "post_created__reply.json"

BARE_APP = '''
from flask import Flask, request
app = Flask("bare")

@app.post("/webhooks/discourse")
def receive():
    request.get_data()
    return "", 204
'''
BARE_ASGI = '''
from a2wsgi import WSGIMiddleware
asgi_app = WSGIMiddleware(app, workers={threads})
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/healthz", timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def deliveries(count: int, *, label: str = "Application", id_prefix: str = "") -> list[tuple[bytes, dict[str, str]]]:
    template = json.loads(FIXTURE.read_text())["body"]
    out = []
    for i in range(count):
        body_obj = json.loads(json.dumps(template))
        post = body_obj["post"]
        post["id"] = 100000 + i
        post["post_number"] = 2 + i
        post["raw"] = f"{label} number {i}: I run a learning circle at the public library. {uuid.uuid4().hex}"
        body = json.dumps(body_obj, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Discourse-Instance": FORUM,
            "X-Discourse-Event-Id": f"{id_prefix}{500000 + i}",
            "X-Discourse-Event-Type": "post",
            "X-Discourse-Event": "post_created",
            "X-Discourse-Event-Signature": sign(body, SECRET),
        }
        out.append((body, headers))
    return out


def load(port: int, items: list[tuple[bytes, dict[str, str]]], concurrency: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    chunks = [items[i::concurrency] for i in range(concurrency)]

    def run(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local, local_status = [], {}
        for body, headers in chunk:
            started = time.perf_counter()
            try:
                conn.request("POST", "/webhooks/discourse", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 599
            local.append(time.perf_counter() - started)
            local_status[status] = local_status.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(local)
            for k, v in local_status.items():
                statuses[k] = statuses.get(k, 0) + v

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(run, chunks))
    elapsed = time.perf_counter() - started
    latencies.sort()
    accepted = sum(v for k, v in statuses.items() if 200 <= k < 300)
    errors = statuses.get(599, 0)
    return {
        "accepted_per_s": accepted / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "statuses": {"2xx": accepted, "other": len(latencies) - accepted - errors, "socket errors": errors},
        "seconds": elapsed,
    }


WRK_SCRIPT = """
-- One delivery a line: event id, signature and body, tab-separated (read at start, not compiled:
-- a Lua chunk holding tens of thousands of string constants does not load).
local requests = {}
for line in io.lines(REQUESTS_FILE) do
  local event_id, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  requests[#requests + 1] = {body = body, headers = {
    ["Content-Type"] = "application/json",
    ["X-Discourse-Instance"] = INSTANCE,
    ["X-Discourse-Event-Type"] = "post",
    ["X-Discourse-Event"] = "post_created",
    ["X-Discourse-Event-Id"] = event_id,
    ["X-Discourse-Event-Signature"] = signature,
  }}
end
local next_thread = 0
function setup(thread)
  thread:set("id", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  nthreads = tonumber(args[1])
  i = id
end
function request()
  -- each thread walks its own slice, so every delivery sent in the run is distinct
  local r = requests[(i % #requests) + 1]
  i = i + nthreads
  return wrk.format("POST", "/webhooks/discourse", r.headers, r.body)
end
"""


def load_wrk(port: int, items, concurrency: int, seconds: float) -> dict:
    """Load with wrk (C, so the generator takes little of the CPU the servers share with it)."""
    threads = 2
    with tempfile.TemporaryDirectory() as tmp:
        requests_file = Path(tmp, "requests.tsv")
        requests_file.write_text("".join(
            f"{h['X-Discourse-Event-Id']}\t{h['X-Discourse-Event-Signature']}\t{body.decode()}\n" for body, h in items
        ))
        script = Path(tmp, "post.lua")
        script.write_text(f'REQUESTS_FILE = "{requests_file}"\nINSTANCE = "{FORUM}"\n' + WRK_SCRIPT)
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds}s", "--latency", "-s", str(script),
             f"http://127.0.0.1:{port}", "--", str(threads)],
            capture_output=True, text=True, check=True,
        ).stdout
    return parse_wrk(out, len(items))


def _ms(text: str) -> float:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for unit in ("us", "ms", "s"):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


def parse_wrk(out: str, distinct: int) -> dict:
    import re

    total = int(re.search(r"(\d+) requests in", out).group(1))
    seconds_text = re.search(r"requests in ([\d.]+)(\w+),", out)
    seconds = float(seconds_text.group(1)) * (60 if seconds_text.group(2) == "m" else 1)
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    if non_2xx == total:
        raise SystemExit(f"no delivery was accepted; wrk said:\n{out}")
    if total > distinct:
        raise SystemExit(f"wrk sent {total} requests but only {distinct} distinct deliveries exist: raise --requests")
    return {
        "accepted_per_s": (total - non_2xx) / seconds,
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "statuses": {"2xx": total - non_2xx, "other": non_2xx, "socket errors": errors},
        "seconds": seconds,
    }


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (gunicorn's master and workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid] + [descendant for child in children for descendant in _tree(int(child))]


def _cpu_seconds(pids) -> float:
    """User + system CPU of these processes, from /proc (Linux); 0 elsewhere."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _context_switches(pids) -> int:
    """Voluntary and involuntary context switches of every thread of these processes (Linux)."""
    total = 0
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                status = Path(f"/proc/{pid}/task/{tid}/status").read_text()
            except OSError:
                continue
            total += sum(int(line.split()[1]) for line in status.splitlines() if line.split(":")[0].endswith("ctxt_switches"))
    return total


def _postgres_pids() -> list[int]:
    return [int(p) for p in subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()]


def measured_cpu(server_pid: int, measure, *, database: bool = False):
    """Wrap `measure` to add the server's CPU per accepted delivery (and the database's, when it
    is a separate process): where the time goes, beside how much got through."""

    def run(port, items):
        pids = _tree(server_pid)
        db_pids = _postgres_pids() if database else []
        before, db_before, switches = _cpu_seconds(pids), _cpu_seconds(db_pids), _context_switches(pids)
        result = measure(port, items)
        accepted = max(1, result["statuses"]["2xx"])
        result["server_cpu_us"] = (_cpu_seconds(pids) - before) / accepted * 1e6
        result["switches"] = (_context_switches(pids) - switches) / accepted
        if database:
            result["db_cpu_us"] = (_cpu_seconds(db_pids) - db_before) / accepted * 1e6
        return result

    return run


def gunicorn_args(workers: int, threads: int, *, asgi: bool = False) -> list[str]:
    # The settings `circleup serve` uses (circleup/cli/core.py), in the worker class asked for.
    worker_class = ["--worker-class", "asgi", "--asgi-loop", "asyncio"] if asgi else ["--worker-class", "gthread", "--threads", str(threads)]
    return ["--workers", str(workers), *worker_class, "--timeout", "30", "--log-level", "warning"]


def run_bare(items, concurrency, workers, measure, threads: int = 4, *, asgi: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare_app.py").write_text(BARE_APP + (BARE_ASGI.format(threads=threads) if asgi else ""))
        port = free_port()
        proc = subprocess.Popen([str(BIN / "gunicorn"), *gunicorn_args(workers, threads, asgi=asgi), "-b", f"127.0.0.1:{port}",
                                 "--chdir", tmp, "bare_app:asgi_app" if asgi else "bare_app:app"])
        try:
            wait_for(port, "/nothing")
            load(port, items[:200], concurrency)  # warm-up
            return measured_cpu(proc.pid, measure)(port, items)
        finally:
            proc.terminate()
            proc.wait(10)


def run_circleup(items, concurrency, workers, measure, database_url: str | None, queue_url: str | None, threads: int = 4) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DISCOURSE_URL": FORUM,
            "DISCOURSE_WEBHOOK_SECRET": SECRET,
            "DISCOURSE_API_KEY": "unused-in-this-benchmark",
            "CIRCLEUP_INSTANCE_PATH": tmp,
            "CIRCLEUP_CONFIG": str(Path(tmp, "circleup.yaml")),
            "PROMETHEUS_MULTIPROC_DIR": str(Path(tmp, "prom")),
        }
        Path(tmp, "prom").mkdir()
        Path(tmp, "circleup.yaml").write_text("logging:\n  level: WARNING\n")
        if database_url:
            env["DATABASE_URL"] = database_url
        if queue_url:
            env["QUEUE_URL"] = queue_url
        subprocess.run([str(BIN / "circleup"), "migrate"], env=env, check=True, capture_output=True)
        port = free_port()
        proc = subprocess.Popen([str(BIN / "circleup"), "serve", "--port", str(port), "--workers", str(workers), "--threads", str(threads)], env=env)
        try:
            wait_for(port)
            # Warm-up with other ids and bodies, so the measured deliveries are all new.
            warm = deliveries(200, label="Warm-up", id_prefix="w")
            load(port, warm, concurrency)
            result = measured_cpu(proc.pid, measure, database=bool(database_url))(port, items)
        finally:
            proc.terminate()
            proc.wait(15)
        # A 2xx means stored: every acknowledged delivery (and the warm-up's) must be in the inbox.
        # A few more may be: requests in flight when the load generator stopped counting.
        stored = count_stored(env)
        acknowledged = len(warm) + result["statuses"]["2xx"]
        if not acknowledged <= stored <= acknowledged + concurrency:
            raise SystemExit(f"{acknowledged} deliveries were acknowledged but {stored} are in the inbox")
        result["stored"] = stored
        return result


def count_stored(env: dict[str, str]) -> int:
    from sqlalchemy import create_engine, text

    url = env.get("DATABASE_URL") or f"sqlite:///{Path(env['CIRCLEUP_INSTANCE_PATH'], 'circleup.db')}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM events")).scalar()
    finally:
        engine.dispose()


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5), socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker for the bare endpoint; circleup serve --threads (its Flask routes' threads)")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each server's run with wrk")
    parser.add_argument("--rounds", type=int, default=3, help="each server runs once per round; medians are reported")
    parser.add_argument("--python-loader", action="store_true", help="use the Python load generator even if wrk is installed")
    parser.add_argument("--quick", action="store_true", help="a shorter run")
    args = parser.parse_args()
    import shutil

    args.rounds = 1 if args.quick else args.rounds
    if shutil.which("wrk") and not args.python_loader:
        seconds = 4 if args.quick else args.seconds
        count = int(seconds * 9000)  # comfortably more than the bare endpoint can take
        loader = f"wrk, {seconds} s per server"

        def measure(port, items):
            return load_wrk(port, items, args.concurrency, seconds)
    else:
        count = 1000 if args.quick else args.requests
        loader = "Python threads (install wrk for a lighter load generator)"

        def measure(port, items):
            return load(port, items, args.concurrency)

    items = deliveries(count)
    with_postgres = postgres_available()
    print(f"distinct signed post_created deliveries, concurrency {args.concurrency}, gunicorn × {args.workers} workers "
          f"(gthread: {args.threads} threads each; asgi: one event loop each, {args.threads} threads for Flask); "
          f"load: {loader}; {args.rounds} round(s), each server once per round")
    if not with_postgres:
        print("(PostgreSQL/Redis not reachable: that row is skipped)")
    names = ["bare Flask (read body, 204), gthread", "bare Flask under asgi + a2wsgi (reference)",
             "circleup serve (asgi), SQLite + embedded queue"]
    names += ["circleup serve (asgi), PostgreSQL + Redis"] if with_postgres else []
    results: dict[str, list[dict]] = {name: [] for name in names}
    for round_ in range(1, args.rounds + 1):
        # Interleaved, so a noisy neighbour on a shared machine slows every server alike.
        results[names[0]].append(run_bare(items, args.concurrency, args.workers, measure, args.threads))
        results[names[1]].append(run_bare(items, args.concurrency, args.workers, measure, args.threads, asgi=True))
        results[names[2]].append(run_circleup(items, args.concurrency, args.workers, measure, None, None, args.threads))
        if with_postgres:
            results[names[3]].append(run_postgres(items, args, measure))
        print(f"round {round_}: " + ", ".join(f"{r[-1]['accepted_per_s']:.0f}/s" for r in results.values()), flush=True)

    def median(values):
        return statistics.median(values)

    bare = results[names[0]]
    print("\nmedians over the rounds; ratio = the median of each round's ratio to that round's bare endpoint on gthread")
    print(f"{'server':<48} {'accepted/s':>11} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'CPU µs/delivery':>16} {'switches':>9}")
    for name, runs in results.items():
        ratio = median([r["accepted_per_s"] / b["accepted_per_s"] for r, b in zip(runs, bare)])
        cpu = f"{median([r['server_cpu_us'] for r in runs]):.0f}"
        if "db_cpu_us" in runs[0]:
            cpu += f" + {median([r['db_cpu_us'] for r in runs]):.0f} db"
        print(f"{name:<48} {median([r['accepted_per_s'] for r in runs]):>11.0f} {ratio:>6.2f} "
              f"{median([r['p50_ms'] for r in runs]):>8.1f} {median([r['p99_ms'] for r in runs]):>8.1f} {cpu:>16} "
              f"{median([r['switches'] for r in runs]):>9.1f}")
    failures = sum(r["statuses"]["other"] + r["statuses"]["socket errors"] for runs in results.values() for r in runs)
    print(f"\n{os.cpu_count()} CPUs, shared by the load generator, the servers and (last row) PostgreSQL and Redis.")
    print("CPU µs/delivery: the server's processes (and PostgreSQL's) per accepted delivery, user + system;")
    print("switches: the server's context switches per accepted delivery (thread hand-offs of the interpreter lock).")
    print(f"Non-2xx answers and socket errors: {failures}. Every acknowledged delivery was found in the inbox afterwards.")
    print("targets: ratio ≥ 0.50 of the bare endpoint; p99 < 100 ms at concurrency 32")


def run_postgres(items, args, measure) -> dict:
    """circleup on PostgreSQL + Redis, in a schema and a Redis database of its own, dropped after."""
    schema = f"circleup_bench_{uuid.uuid4().hex[:8]}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c"]
    subprocess.run([*psql, f"CREATE SCHEMA {schema}"], check=True)
    try:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        return run_circleup(items, args.concurrency, args.workers, measure, url, "redis://127.0.0.1:6379/14", args.threads)
    finally:
        subprocess.run([*psql, f"SET client_min_messages TO WARNING; DROP SCHEMA {schema} CASCADE"], check=True)
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True)


if __name__ == "__main__":
    main()
