"""`circleup demo`: the orchestration with the service in threads (fast), and the real command (slow).

`ThreadRuntime` runs what the demo would start as processes in this process instead: commands
through click's runner, `serve` as a werkzeug server of the real Flask app on the port the demo
chose, `worker` as a thread executing the real Huey jobs. Everything else (the simulator over
HTTP, signed webhooks, SQLite files, the scenario and its waits) is the demo's own code.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import circleup.cli.core  # noqa: F401 - registers migrate
import circleup.cli.forum  # noqa: F401 - registers setup, doctor
from circleup import sync
from circleup.cli import cli
from circleup.demo import Demo, readable

ROOT = Path(__file__).resolve().parents[2]


class ThreadRuntime:
    def __init__(self, *, flows_in_worker: tuple[str, ...] | None = None) -> None:
        self.flows_in_worker = flows_in_worker  # None: the worker has the same flows as the demo
        self.stop_event = threading.Event()
        self.threads: dict[str, threading.Thread] = {}
        self.errors: dict[str, BaseException] = {}
        self.commands: list[list[str]] = []
        self._server = None

    def command(self, args, env):
        self.commands.append(list(args))
        result = CliRunner().invoke(cli, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.output.rstrip(), ""

    def start(self, name, args, env, log):
        from circleup.sync import load_settings
        from circleup.integration.services import Services

        services = Services(load_settings(env))
        if name == "serve":
            from werkzeug.serving import make_server

            from circleup.webhooks.app import create_app

            port = int(args[args.index("--port") + 1])
            self._server = make_server("127.0.0.1", port, create_app(services=services), threaded=True)
            target = self._server.serve_forever
        else:
            target = lambda: self._work(services)  # noqa: E731
        thread = threading.Thread(target=self._guard(name, target), name=f"demo-{name}", daemon=True)
        self.threads[name] = thread
        thread.start()

    def _guard(self, name, target):
        def run():
            try:
                target()
            except BaseException as exc:  # noqa: BLE001 - reported through dead()
                self.errors[name] = exc

        return run

    def _work(self, services) -> None:
        from circleup.sync.wiring import build_router
        from circleup.sync.worker import Worker

        registered = sync.flows(self.flows_in_worker)
        worker = Worker(services, build_router(registered), registered)
        huey = services.huey
        while not self.stop_event.is_set():
            task = huey.dequeue()
            if task is not None:
                huey.execute(task)
                continue
            due = huey.read_schedule(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
            for task in due:
                huey.execute(task)
            if not due:
                self.stop_event.wait(0.02)
        del worker

    def dead(self):
        return next(iter(self.errors), None)

    def stop(self):
        self.stop_event.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self.threads.values():
            thread.join(timeout=5)


@pytest.fixture
def citizens_only(monkeypatch):
    """Only the citizens flow is present: the other steps must be skipped, not fail."""
    monkeypatch.setattr(sync, "FLOWS", ("citizens",))
    return sync.flows()


def run_demo(flows, runtime, **kwargs) -> tuple[int, str, Demo]:
    lines: list[str] = []
    demo = Demo(flows, runtime, out=lines.append, **kwargs)
    code = demo.run()
    return code, "\n".join(lines), demo


def test_demo_plays_the_present_flows_and_skips_the_absent_ones(citizens_only):
    runtime = ThreadRuntime()
    code, output, demo = run_demo(citizens_only, runtime, timeout=15)
    assert code == 0, output
    assert [c[0] for c in runtime.commands] == ["migrate", "setup", "doctor"]
    assert "created group citizens (id " in output and "created category Source Citizens (id " in output
    assert "created webhook http://127.0.0.1:" in output and "all checks passed" in output
    assert "✓ a reply by circleup threaded under osioke's application" in output
    assert "✓ osioke added to the citizens group; a message from circleup to osioke" in output
    assert "skipped: the skills flow is not registered (sync.FLOWS)" in output
    assert "skipped: the matching flow is not registered (sync.FLOWS)" in output
    # The threads as members read them: circleup's replies threaded, its markers gone, PMs included.
    thread = output.split("━━ Source Citizens: peer learning about peer learning  (Community)", 1)[1].split("━━", 1)[0]
    assert "  #2 osioke:" in thread and "  #3 circleup, replying to #2:" in thread and "@osioke" in thread
    assert "<!--" not in output
    assert "(private message between circleup, osioke)" in output
    assert output.splitlines()[-1].startswith("demo finished in ")
    assert not demo.folder.exists()  # cleaned up after a good run


def test_an_outcome_that_never_comes_is_named_with_where_to_look(citizens_only):
    # The worker runs no flow at all: deliveries are stored and ignored, nobody replies.
    code, output, demo = run_demo(citizens_only, ThreadRuntime(flows_in_worker=()), timeout=1.5)
    assert code == 1
    assert ("FAIL did not happen within 1.5s: a reply by circleup threaded under osioke's application. "
            f"Look at `circleup events list --status failed` in {demo.folder}") in output
    assert "amara applies" not in output  # the rest of that step depends on it
    assert f"set -a; . {demo.folder / 'demo.env'}; set +a; circleup events list --status failed" in output
    assert demo.folder.exists() and "DATABASE_URL=sqlite:///" in (demo.folder / "demo.env").read_text()
    import shutil

    shutil.rmtree(demo.folder)


def test_readable_removes_circleups_markers_only():
    raw = "Thanks for your application, @osioke!\n\n<!-- circleup:citizens:thanks:post:12 -->\n"
    assert readable(raw) == "Thanks for your application, @osioke!"
    assert readable("<!-- a member's own comment -->\nhello") == "<!-- a member's own comment -->\nhello"


@pytest.mark.slow
def test_circleup_demo_runs_end_to_end():
    """The real `circleup demo`: simulator, serve and worker processes, the whole scenario."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOURSE_", "CIRCLEUP_"))}
    done = subprocess.run([sys.executable, "-c", "from circleup.cli import main; main()", "demo"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "✓ a reply by circleup threaded under osioke's application" in done.stdout
    assert "FAIL" not in done.stdout
    assert "demo finished in " in done.stdout  # how long it took is for people (and the timeout above)
