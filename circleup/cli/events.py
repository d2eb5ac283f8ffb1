"""circleup events list | show | replay, and circleup actions list | retry (the outbox)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from sqlalchemy import select

from circleup.sync.commands import Context, pass_context
from circleup.integration.store import MAX_ROW_ID, Action, ActionStatus, Event, EventStatus

ROW_ID = click.IntRange(1, MAX_ROW_ID)
STATUSES = [EventStatus.RECEIVED, EventStatus.PROCESSING, EventStatus.PROCESSED, EventStatus.IGNORED, EventStatus.FAILED]


@click.group()
def events() -> None:
    """Inspect and replay the webhook deliveries circleup stored (the inbox)."""


def _list_command(group: click.Group, model, statuses: list[str], *, what: str, header: str,
                  line: Callable[[Any], str]) -> None:
    """`circleup <group> list`: the newest rows of the inbox or the outbox, of one status if asked."""
    noun = model.__tablename__

    @group.command("list", help=f"List {what}, newest first.")
    @click.option("--status", type=click.Choice(statuses), help=f"Only {noun} with this status.")
    @click.option("--limit", default=50, type=click.IntRange(min=1), show_default=True, help="How many, newest first.")
    @pass_context
    def list_rows(ctx: Context, status: str | None, limit: int) -> None:
        with ctx.services.store.session() as session:
            query = select(model).order_by(model.id.desc()).limit(limit)
            if status:
                query = query.where(model.status == status)
            rows = session.scalars(query).all()
            if not rows:
                click.echo(f"no {noun}" + (f" with status {status}" if status else ""))
                return
            click.echo(header)
            for row in rows:
                click.echo(line(row))


def _event_line(e: Event) -> str:
    error = (e.last_error or "").splitlines()[0][:60] if e.last_error else ""
    return f"{e.id:>6}  {e.status:<10} {e.event_name:<26} {e.attempts:>8}  {e.received_at:%Y-%m-%d %H:%M:%S%z}  {error}"


_list_command(events, Event, STATUSES, what="stored events", line=_event_line,
              header=f"{'ID':>6}  {'STATUS':<10} {'EVENT':<26} {'ATTEMPTS':>8}  RECEIVED                   ERROR")


@events.command("show")
@click.argument("event_pk", type=ROW_ID, metavar="ID")
@pass_context
def show_event(ctx: Context, event_pk: int) -> None:
    """Show one event: headers, status, error, payload and the actions it caused."""
    with ctx.services.store.session() as session:
        event = session.get(Event, event_pk)
        if event is None:
            raise click.ClickException(f"no event with id {event_pk} (see `circleup events list`)")
        click.echo(f"event {event.id}: {event.event_name} ({event.event_type}) from {event.instance}")
        click.echo(f"  discourse event id: {event.event_id}   body sha256: {event.body_sha256}")
        click.echo(f"  status: {event.status}   attempts: {event.attempts}   received: {event.received_at}   processed: {event.processed_at}")
        if event.last_error:
            click.echo(f"  error: {event.last_error}")
        actions = session.scalars(select(Action).where(Action.event_pk == event.id).order_by(Action.seq)).all()
        for a in actions:
            click.echo(f"  action {a.id} {a.key}: {a.kind} {a.status} (attempts {a.attempts})" + (f" error: {a.last_error}" if a.last_error else ""))
        click.echo("  payload:")
        click.echo("    " + json.dumps(json.loads(event.body), indent=2, ensure_ascii=False).replace("\n", "\n    "))


@events.command("replay")
@click.argument("event_pks", type=ROW_ID, nargs=-1, required=True, metavar="ID...")
@pass_context
def replay_event(ctx: Context, event_pks: tuple[int, ...]) -> None:
    """Queue finished events again (failed ones, usually); their actions keep their idempotency keys.

    An event still waiting or being processed is refused.
    """
    from circleup.sync.worker import EventNotFinished

    worker = ctx.worker()
    for event_pk in event_pks:
        try:
            worker.replay_event(event_pk)
        except (LookupError, EventNotFinished) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"event {event_pk} queued again; a running `circleup worker` will process it")


ACTION_STATUSES = [ActionStatus.PENDING, ActionStatus.IN_FLIGHT, ActionStatus.DONE, ActionStatus.FAILED,
                   ActionStatus.CANCELLED]


@click.group()
def actions() -> None:
    """Inspect and retry circleup's Discourse writes (the outbox), including those no event caused."""


def _action_line(a: Action) -> str:
    error = f"  {(a.last_error or '').splitlines()[0][:80]}" if a.last_error else ""
    return f"{a.id:>6}  {a.status:<10} {a.kind:<20} {a.event_pk or '-':>6}  {a.key}{error}"


_list_command(actions, Action, ACTION_STATUSES, what="recorded Discourse writes", line=_action_line,
              header=f"{'ID':>6}  {'STATUS':<10} {'KIND':<20} {'EVENT':>6}  KEY / ERROR")


@actions.command("retry")
@click.argument("action_ids", type=ROW_ID, nargs=-1, required=True, metavar="ID...")
@pass_context
def retry_action(ctx: Context, action_ids: tuple[int, ...]) -> None:
    """Run failed actions again (with what their failure cancelled); their keys keep them from acting twice."""
    from circleup.sync.worker import ActionNotFailed

    worker = ctx.worker()
    for action_id in action_ids:
        try:
            batch = worker.retry_action(action_id)
        except (LookupError, ActionNotFailed) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"action {action_id} queued again (batch {batch}); a running `circleup worker` performs it")
