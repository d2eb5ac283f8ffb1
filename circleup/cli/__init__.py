"""The `circleup` command.

This package is the composition root: it is the one place allowed to import every layer
(the edge for `serve`, the flows for the worker), so the layers themselves keep pointing one way.
Its own commands live in its modules (core, events, forum, demo, dashboard; listed in `own_commands`); each
flow brings its own (`Flow.commands`), added by `add_flow_commands`.
"""
from __future__ import annotations

import os
import sys

import click

from circleup.config.settings import ConfigError, instance_path_from
from circleup.config.urls import safe_url, without_password
from circleup.sync.commands import Context, pass_context

__all__ = ["Context", "cli", "main", "pass_context"]




class CircleupGroup(click.Group):
    """`circleup`: its own commands and every registered flow's, added the first time they are looked
    up (so `circleup --version` imports no flow)."""

    _commands_added = False

    def _add_commands(self) -> None:
        if not self._commands_added:
            self._commands_added = True
            for command in own_commands():
                self.add_command(command)
            add_flow_commands(self)

    def get_command(self, ctx, cmd_name):
        self._add_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx):
        self._add_commands()
        return super().list_commands(ctx)


@click.group(cls=CircleupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="circleup")
@click.option("-v", "--verbose", count=True,
              help="Log more on stderr: -v INFO, -vv DEBUG (commands log only warnings unless logging.level says otherwise).")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """circleup: peer-learning community automation beside a Discourse forum.

    Configuration comes from the environment (DISCOURSE_URL, DISCOURSE_API_KEY,
    DISCOURSE_API_USERNAME, DISCOURSE_WEBHOOK_SECRET, DATABASE_URL, QUEUE_URL) and from the YAML
    file named by CIRCLEUP_CONFIG (default config/circleup.yaml; every key is documented in
    config/circleup.example.yaml).

    Every command exits 0 when it did what it was asked, 1 when it failed (doctor: a check failed),
    2 for a usage or configuration error. Answers go to stdout, logs to stderr.
    """
    context = ctx.ensure_object(Context)
    context.verbose = verbose
    context.service = ctx.invoked_subcommand in MULTIPROCESS_COMMANDS


# Commands that run in several processes at once (gunicorn's workers; the queue worker beside them).
MULTIPROCESS_COMMANDS = frozenset({"serve", "worker"})


def main() -> None:
    _multiprocess_metrics(sys.argv[1:])
    context = Context()
    try:
        # Standalone: click turns ClickException, Abort and ctx.exit(n) into the process's exit
        # status (its non-standalone mode returns the code, which is easy to lose).
        cli.main(prog_name="circleup", standalone_mode=True, obj=context)
    except ConfigError as exc:
        click.echo(f"configuration error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        problem = _unusable_backend(exc, context)
        if problem is None:
            raise
        click.echo(problem, err=True)
        sys.exit(2)


def _unusable_backend(exc: Exception, context: Context) -> str | None:
    """One line instead of a traceback when the database or the queue cannot be used: which
    variable, its URL (password hidden) and what to check. None for any other error."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, DBAPIError) and _is_missing_table(exc):
        settings = context._settings
        url = settings.database_url if settings else os.environ.get("DATABASE_URL", "")
        return f"the database at DATABASE_URL={safe_url(url)} has no circleup tables yet: run `circleup migrate`"
    if isinstance(exc, OperationalError):
        variable, attribute, check = "DATABASE_URL", "database_url", "that the database server is running and accepts its credentials"
    elif _is_redis_unreachable(exc):
        variable, attribute, check = "QUEUE_URL", "queue_url", "that Redis is running and accepts its password"
    else:
        return None
    settings = context._settings
    url = getattr(settings, attribute) if settings else os.environ.get(variable, "")
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = without_password(lines[0] if lines else type(exc).__name__, url)
    return f"cannot use {variable}={safe_url(url)}: {reason}; check {variable} and {check}"


def _is_missing_table(exc) -> bool:
    # SQLite says so in an OperationalError, PostgreSQL with SQLSTATE 42P01 (undefined_table).
    return "no such table" in str(exc.orig) or getattr(exc.orig, "sqlstate", None) == "42P01"


def _is_redis_unreachable(exc: Exception) -> bool:
    try:
        from redis import exceptions as redis_errors
    except ImportError:  # an optional extra: without it there is no Redis queue to miss
        return False
    return isinstance(exc, (redis_errors.ConnectionError, redis_errors.TimeoutError))


def _multiprocess_metrics(argv: list[str]) -> None:
    """serve and worker count in several processes; prometheus_client adds their counts up at
    scrape time from files in one folder (its multiprocess mode). The mode is fixed when
    prometheus_client builds its first metric, which importing any command module does: so it is
    chosen here, before those imports."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command in MULTIPROCESS_COMMANDS and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        path = instance_path_from(os.environ) / "prometheus"
        path.mkdir(parents=True, exist_ok=True)
        _forget_dead_processes(path)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def _forget_dead_processes(path) -> None:
    """Every process leaves a file per metric type (counter_1234.db); each scrape reads them all.
    Those of processes no longer running are removed at start (their counts leave the sums: a
    counter reset, which Prometheus' rate() takes in its stride)."""
    for file in path.glob("*_*.db"):
        pid = file.stem.rpartition("_")[2]
        if pid.isdigit() and not _running(int(pid)):
            file.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def own_commands() -> tuple[click.Command, ...]:
    """The composition's own commands: running, migrating, checking, the inbox and outbox, set-up, the demo,
    the dashboard's sessions."""
    from circleup.cli import core, dashboard, demo, events, forum

    return (core.serve, core.worker, core.migrate, core.check, events.events, events.actions,
            forum.setup, forum.doctor, forum.simulator, demo.demo, dashboard.dashboard)


def add_flow_commands(group: click.Group) -> None:
    """Every registered flow's commands (`circleup citizens …`, `circleup skills …`)."""
    from circleup.sync import flows

    for flow in flows():
        for command in flow.commands:
            if command.name not in group.commands:
                group.add_command(command)
