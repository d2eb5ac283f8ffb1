"""The `circleup` command.

This package is the composition root: it is the one place allowed to import every layer
(the edge for `serve`, the flows for the worker), so the layers themselves keep pointing one way.
"""
from __future__ import annotations

import os
import sys

import click

from config.settings import ConfigError, Settings, instance_path_from, load_settings
from integration.logs import configure_logging


class Context:
    """Lazily built settings and services shared by the subcommands of one invocation."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._services = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
            configure_logging(self._settings.logging.level, self._settings.logging.format)
        return self._settings

    @property
    def services(self):
        if self._services is None:
            from integration.services import Services

            self._services = Services(self.settings)
        return self._services

    def worker(self):
        from sync.flows import build_worker

        return build_worker(self.services)


pass_context = click.make_pass_decorator(Context, ensure=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="circleup")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """circleup: peer-learning community automation beside a Discourse forum.

    Configuration comes from the environment (DISCOURSE_URL, DISCOURSE_API_KEY,
    DISCOURSE_API_USERNAME, DISCOURSE_WEBHOOK_SECRET, DATABASE_URL, QUEUE_URL) and from the YAML
    file named by CIRCLEUP_CONFIG (default config/circleup.yaml; every key is documented in
    config/circleup.example.yaml).
    """
    ctx.ensure_object(Context)


# Commands that run in several processes at once (gunicorn's workers; the queue worker beside them).
MULTIPROCESS_COMMANDS = frozenset({"serve", "worker"})


def main() -> None:
    _multiprocess_metrics(sys.argv[1:])
    from integration.cli import core, events  # noqa: F401 - register commands

    _register_optional()
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        click.echo(f"configuration error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


def _multiprocess_metrics(argv: list[str]) -> None:
    """serve and worker count in several processes; prometheus_client adds their counts up at
    scrape time from files in one folder (its multiprocess mode). The mode is fixed when
    prometheus_client builds its first metric, which importing any command module does: so it is
    chosen here, before those imports."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command in MULTIPROCESS_COMMANDS and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        path = instance_path_from(os.environ) / "prometheus"
        path.mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def _register_optional() -> None:
    """Command modules of later features; each registers itself on `cli` when imported."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"integration.cli.{name}")


# Feature command modules (integration/cli/<name>.py), imported by main().
COMMAND_MODULES: tuple[str, ...] = ("citizens", "skills", "matching", "forum", "demo")
