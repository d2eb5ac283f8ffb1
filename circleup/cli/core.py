"""serve, worker, migrate, check."""
from __future__ import annotations

import gc

import click

from circleup.config.settings import ConfigError
from circleup.config.urls import safe_url
from circleup.sync.commands import Context, pass_context


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", envvar="PORT", default=8000, type=click.IntRange(1, 65535), show_default=True, show_envvar=True,
              help="Port to listen on.")
@click.option("--workers", envvar="WEB_CONCURRENCY", default=2, type=click.IntRange(min=1), show_default=True,
              show_envvar=True, help="gunicorn worker processes.")
@click.option("--threads", default=4, type=click.IntRange(min=1), show_default=True,
              help="Threads per worker process for /healthz, /metrics and the dashboard (the webhook receiver "
                   "runs on the process's event loop).")
@pass_context
def serve(ctx: Context, host: str, port: int, workers: int, threads: int) -> None:
    """Serve the webhook receiver, /healthz, /metrics and the dashboard with gunicorn.

    Each worker process runs an asyncio event loop (gunicorn's ASGI worker) that answers webhook
    deliveries itself and hands every other request to the Flask app on its threads. Never
    consumes the queue: run `circleup worker` beside it.
    """
    from gunicorn.app.base import BaseApplication

    from circleup.integration.logs import gunicorn_logconfig_dict, gunicorn_logger_class

    settings = ctx.settings
    settings.check_serving()
    _say_where_the_rules_come_from(settings)
    from circleup.integration.services import Services
    from circleup.webhooks.asgi import create_asgi_app

    from circleup.integration.store.migrate import require_current_schema

    # Check templates and the schema before forking, so a bad set-up fails once, loudly.
    _check_templates(Services(settings))
    require_current_schema(settings.database_url)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "asgi")
            self.cfg.set("asgi_loop", "asyncio")
            self.cfg.set("timeout", 30)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("accesslog", None)
            self.cfg.set("logconfig_dict", gunicorn_logconfig_dict(ctx.log_level, settings.logging.format))
            self.cfg.set("logger_class", gunicorn_logger_class())
            self.cfg.set("child_exit", _child_exit)
            # gunicornc's socket: one per installation, not one per user shared by every gunicorn
            # on the machine (where a second `circleup serve` would take over the first one's).
            self.cfg.set("control_socket", str(settings.instance_path / "gunicorn.ctl"))

        def load(self):
            app = create_asgi_app(threads=threads)
            # Everything built so far (settings, flows, the taxonomy, SQLAlchemy's metadata) lives
            # as long as the process: move it out of the cyclic collector's reach, so a full
            # collection no longer stalls a request for tens of milliseconds.
            gc.freeze()
            return app

    Server().run()


def _child_exit(_server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


@click.command()
@click.option("--threads", type=int, default=None, help="Worker threads (default: worker.threads from the config).")
@pass_context
def worker(ctx: Context, threads: int | None) -> None:
    """Run the queue worker: processes events, performs actions, sweeps periodically.

    An idle worker starts a job within moments of its enqueue, however long it was idle: on Redis
    its threads block in a pop; on the embedded SQLite queue one thread looks at the queue file's
    change counter 20 times a second and wakes them when a job was enqueued.
    """
    from circleup.integration.store.migrate import require_current_schema

    ctx.settings.check_working()
    _say_where_the_rules_come_from(ctx.settings)
    runner = ctx.worker()
    _check_templates(ctx.services)
    require_current_schema(ctx.settings.database_url)
    huey = ctx.services.huey

    from circleup.sync import flows

    for flow in flows():
        if flow.warm_up is not None:
            flow.warm_up(ctx.settings)

    @huey.on_startup()
    def _sweep_on_start():
        # Anything a killed worker left behind is picked up now, not at the next periodic sweep.
        runner.sweep(grace_s=0)

    from circleup.integration.queue import make_consumer

    consumer = make_consumer(huey, threads=threads or ctx.settings.worker.threads)
    click.echo(f"circleup worker: {threads or ctx.settings.worker.threads} threads on {safe_url(ctx.settings.queue_url)}", err=True)
    consumer.run()


@click.command()
@click.option("--revision", default="head", show_default=True, help="Alembic revision to upgrade to.")
@pass_context
def migrate(ctx: Context, revision: str) -> None:
    """Create or upgrade the database schema (Alembic)."""
    from circleup.integration.store.migrate import upgrade

    upgrade(ctx.settings.database_url, revision)
    click.echo(f"database at {safe_url(ctx.settings.database_url)} is at {revision}")


@click.command()
@pass_context
def check(ctx: Context) -> None:
    """Validate the environment, the YAML config and the reply templates, then exit.

    Exits 2 when something `serve` or `worker` needs is missing or wrong.
    """
    settings = ctx.settings
    _check_templates(ctx.services)
    source = settings.config_path or "built-in defaults (no config file)"
    problems = []
    for command, check_settings in (("serve", settings.check_serving), ("worker", settings.check_working)):
        try:
            check_settings()
        except ConfigError as exc:
            problems.append(f"{command}: {exc}")
    if problems:
        raise ConfigError(f"configuration in {source} is valid, but the environment is not ready: " + "; ".join(problems))
    click.echo(f"configuration OK ({source})")


def _say_where_the_rules_come_from(settings) -> None:
    import structlog

    log = structlog.get_logger("circleup.cli")
    if settings.config_path is None:
        # Built-in defaults name no application topic, no directory area: the flows would idle.
        log.warning("config.defaults", message="no config file: running on built-in defaults",
                    next_step="copy config/circleup.example.yaml to config/circleup.yaml, or set CIRCLEUP_CONFIG")
    else:
        log.info("config.loaded", file=str(settings.config_path))


def _check_templates(services) -> None:
    """Every reply template the flows declare renders (the settings carry their declarations)."""
    services.templates.check_or_raise()
