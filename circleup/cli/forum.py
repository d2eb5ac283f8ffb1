"""circleup setup | doctor | simulator: getting a forum ready for circleup, and checking it stays so."""
from __future__ import annotations

import os
import sys
import threading

import click

from circleup.config.settings import ConfigError
from circleup.sync.commands import Context, pass_context


def _flows():
    """The registered flows and the event names their routers handle."""
    from circleup.sync import flows
    from circleup.sync.wiring import build_router

    registered = flows()
    return registered, build_router(registered).event_names


def plan_requirements(settings, flows, event_names, url: str | None) -> list:
    """The flows' requirements plus the webhook built from what they handle (when there is anything)."""
    from circleup.integration.forum_setup import WebhookRequirement, collect_requirements

    requirements = collect_requirements(settings, flows)
    if event_names:
        requirements.append(WebhookRequirement.for_events(url, settings.webhook_secret, event_names))
    return requirements


@click.command()
@click.option("--dry-run", is_flag=True, help="Only say what would be created, changed or recorded; change nothing.")
@click.option("--url", metavar="URL", help="The webhook's payload URL (default: webhook.public_url in circleup.yaml).")
@click.option("--no-write", is_flag=True,
              help="Do not write the ids into circleup.yaml; print them to paste instead (a read-only config).")
@pass_context
def setup(ctx: Context, dry_run: bool, url: str | None, no_write: bool) -> None:
    """Create in Discourse what the configuration needs and the forum lacks; safe to run again.

    Every registered flow declares what it needs: groups, categories (a read-restricted one open
    only to its group and staff), topics (the call for applications, a directory per skill area),
    user fields, tags. Each is found by the id circleup.yaml records or else by its name, and
    created only when missing; a restricted category lacking its group's access gets it. The
    webhook is found by its payload URL and created, or corrected when its events, secret or state
    differ. Nothing is ever deleted. Prints one line per object, then records the ids of what it
    found or made in circleup.yaml (after saving a copy beside it), so a second run changes nothing.
    """
    from circleup.integration.forum_setup import ForumSetup, config_snippet, ids_to_configure

    settings = ctx.settings
    settings.require("discourse_url", "discourse_api_key", "webhook_secret")
    payload_url = url or settings.webhook.public_url
    if not payload_url:
        raise click.UsageError("no webhook URL: set webhook.public_url in circleup.yaml or pass --url "
                               "(the address Discourse posts to, https://…/webhooks/discourse)")
    registered, event_names = _flows()
    requirements = plan_requirements(settings, registered, event_names, payload_url)
    if not event_names:
        click.echo("skip webhook: no flow handles any event yet (sync.FLOWS)")

    def waiting(delay: float, reason: str) -> None:
        click.echo(f"  (waiting {delay:.0f}s: {reason})", err=True)

    engine = ForumSetup(ctx.services.client, dry_run=dry_run, on_wait=waiting)
    outcomes = engine.ensure(requirements)
    for outcome in outcomes:
        click.echo(outcome.line())
    ids = ids_to_configure(outcomes)
    target = config_file(settings)
    if ids and (dry_run or no_write):
        verb = "would record" if dry_run else "add"
        click.echo(f"\n{verb} these ids in {target}:")
        click.echo("\n".join("  " + line for line in config_snippet(ids).splitlines()))
    elif ids:
        _record(target, ids)
    changed = sum(1 for o in outcomes if o.changed)
    problems = [o for o in outcomes if not o.ok]
    if problems:
        raise click.ClickException(f"{len(problems)} of {len(outcomes)} could not be set up (see the problem lines above); "
                                   "correct them and run `circleup setup` again")
    if not dry_run:
        click.echo(f"\n{changed} created or corrected, {len(outcomes) - changed} already right"
                   + (f", {len(ids)} id(s) recorded" if ids and not no_write else "")
                   + "; `circleup doctor` checks the rest")


def config_file(settings):
    """The file setup records ids in: the loaded one, or where CIRCLEUP_CONFIG (or the default) points."""
    from pathlib import Path

    from circleup.config.settings import DEFAULT_CONFIG_PATH

    return settings.config_path or Path(os.environ.get("CIRCLEUP_CONFIG") or DEFAULT_CONFIG_PATH).resolve()


def _record(target, ids) -> None:
    """Write the ids into the config file, check the result loads, restore the backup if it does not."""
    import shutil

    from circleup.config.write_back import WriteBackError, record_ids
    from circleup.integration.forum_setup import config_snippet
    from circleup.sync import load_settings

    try:
        backup = record_ids(target, ids)
    except WriteBackError as exc:
        click.echo(f"\nadd these ids to {target} by hand:")
        click.echo("\n".join("  " + line for line in config_snippet(ids).splitlines()))
        raise click.ClickException(f"{exc}; the forum is set up, the ids above are not recorded yet") from None
    try:
        load_settings({**os.environ, "CIRCLEUP_CONFIG": str(target)})
    except ConfigError as exc:
        if backup is not None:
            shutil.copy2(backup, target)
        raise click.ClickException(f"recording the ids would make {target} invalid ({exc}); it is left as it was") from None
    saved = f" (the previous version is saved as {backup.name})" if backup else ""
    click.echo(f"\nrecorded {len(ids)} id(s) in {target}{saved}:")
    click.echo("\n".join("  " + line for line in config_snippet(ids).splitlines()))


@click.command()
@click.pass_context
def doctor(click_ctx: click.Context) -> None:
    """Check everything circleup needs, one line each; exits non-zero if anything fails.

    Environment, configuration and templates, database schema, queue, Discourse reachable, the API
    key's permissions, the webhook (exists, active, right URL, events and secret), and every group,
    category and topic the configuration names.
    """
    from circleup.integration.forum_setup import Doctor

    ctx: Context = click_ctx.ensure_object(Context)
    try:
        settings = ctx.settings
    except ConfigError as exc:
        click.echo(f"FAIL configuration: {exc}")
        click_ctx.exit(1)
    registered, event_names = _flows()
    requirements = plan_requirements(settings, registered, (), None)
    checker = Doctor(settings, services=ctx.services, requirements=requirements, event_names=event_names)
    checker.run(emit=lambda check: click.echo(check.line()))
    failed = sum(1 for c in checker.checks if c.status == "FAIL")
    if failed:
        click.echo(f"\n{failed} check{'s' if failed > 1 else ''} failed")
        click_ctx.exit(1)
    click.echo("\nall checks passed")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=4200, type=int, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--webhook-url", metavar="URL",
              help="Also register a wildcard webhook delivering to URL (e.g. http://127.0.0.1:8000/webhooks/discourse), "
                   "signed with DISCOURSE_WEBHOOK_SECRET. Without it, `circleup setup` registers circleup's hook.")
@click.option("--no-seed", is_flag=True, help="Start with an empty forum instead of the small demo community.")
@click.option("--rate-limit", type=click.IntRange(min=0), default=60, show_default=True,
              help="Admin API requests per minute before 429, as Discourse's default (0: no limit).")
def simulator(host: str, port: int, webhook_url: str | None, no_seed: bool, rate_limit: int) -> None:
    """Run the Discourse simulator over HTTP for local development and the demo (Ctrl-C stops it).

    A stateful fake Discourse with the REST endpoints circleup uses; it sends signed webhooks like
    Discourse does. The API key to use is printed at start.
    """
    from circleup.simulator import DEFAULT_API_KEY, serve

    secret = os.environ.get("DISCOURSE_WEBHOOK_SECRET") or None
    if webhook_url and not secret:
        raise click.UsageError("--webhook-url needs DISCOURSE_WEBHOOK_SECRET in the environment to sign the deliveries")
    bot = os.environ.get("DISCOURSE_API_USERNAME") or "circleup"
    stop = threading.Event()

    def ready(_sim, base_url: str) -> None:
        click.echo(f"Discourse simulator on {base_url} ({'empty forum' if no_seed else 'seeded with a demo community'}; "
                   f"API limit {f'{rate_limit}/min' if rate_limit else 'off'})")
        click.echo("point circleup at it with:")
        click.echo(f"  export DISCOURSE_URL={base_url}")
        click.echo(f"  export DISCOURSE_API_KEY={DEFAULT_API_KEY}")
        click.echo(f"  export DISCOURSE_API_USERNAME={bot}")
        if webhook_url:
            click.echo(f"webhook: every event to {webhook_url}, signed with DISCOURSE_WEBHOOK_SECRET")
        click.echo("Ctrl-C stops it.")
        sys.stdout.flush()

    serve(host, port, secret, bot, api_key=DEFAULT_API_KEY, webhook_url=webhook_url, seed=not no_seed,
          api_rate_limit=rate_limit or None, stop=stop, on_ready=ready)
