"""circleup dashboard sessions [end]: who is signed in to the moderators' dashboard, and ending it."""
from __future__ import annotations

import getpass

import click

from circleup.sync.commands import Context, pass_context
from circleup.integration.store import AuditEntry, MAX_ROW_ID, as_utc, utcnow
from circleup.integration.store.dashboard import end_sessions, sessions


@click.group()
def dashboard() -> None:
    """The moderators' dashboard at /dashboard."""


@dashboard.group("sessions", invoke_without_command=True)
@click.option("--all", "include_ended", is_flag=True, help="Also sessions that ended or expired (kept 30 days).")
@click.option("--user", "username", metavar="USERNAME", help="Only this member's sessions.")
@pass_context
@click.pass_context
def sessions_command(click_ctx: click.Context, ctx: Context, include_ended: bool, username: str | None) -> None:
    """List dashboard sessions, newest first (live ones unless --all).

    `circleup dashboard sessions end` ends them: the browsers holding them are signed out at their
    next request, in every web process.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    now = utcnow()
    with ctx.services.store.session() as db:
        rows = sessions(db, now=now, include_ended=include_ended)
        if username:
            rows = [row for row in rows if row.username.lower() == username.lower().lstrip("@")]
        if not rows:
            click.echo("no dashboard sessions" + ("" if include_ended else " are live"))
            return
        click.echo(f"{'ID':>5}  {'USER':<20} {'ADMITTED AS':<16} {'SIGNED IN':<17} {'LAST SEEN':<17} "
                   f"{'FROM':<16} STATE")
        for row in rows:
            if row.is_live(now):
                state = f"live until {as_utc(row.expires_at):%Y-%m-%d %H:%M}"
            elif row.ended_at is not None:
                state = f"ended {as_utc(row.ended_at):%Y-%m-%d %H:%M}: {row.ended_reason}"
            else:
                state = "expired"
            click.echo(f"{row.id:>5}  @{row.username:<19} {row.admitted_as:<16} {as_utc(row.started_at):%Y-%m-%d %H:%M} "
                       f"{as_utc(row.last_seen_at):%Y-%m-%d %H:%M} {(row.remote or '-'):<16} {state}")


@sessions_command.command("end")
@click.argument("ids", type=click.IntRange(1, MAX_ROW_ID), nargs=-1, metavar="[ID]...")
@click.option("--user", "username", metavar="USERNAME", help="End every session of this member.")
@click.option("--everyone", is_flag=True, help="End every live session (everyone signs in again).")
@click.option("--reason", default="ended by an administrator", show_default=True,
              help="Shown to the person on their next page, and kept with the session.")
@pass_context
def end_command(ctx: Context, ids: tuple[int, ...], username: str | None, everyone: bool, reason: str) -> None:
    """End dashboard sessions: by ID (see `circleup dashboard sessions`), all of one member's, or all."""
    if sum((bool(ids), username is not None, everyone)) != 1:
        raise click.UsageError("say which sessions: IDs, --user USERNAME or --everyone (one of them)")
    now = utcnow()
    with ctx.services.store.session() as db:
        member_id = None
        if username is not None:
            name = username.lower().lstrip("@")
            matching = [row for row in sessions(db, now=now, include_ended=True) if row.username.lower() == name]
            if not matching:
                raise click.ClickException(f"@{name} has no dashboard sessions (see `circleup dashboard sessions --all`)")
            member_id = matching[0].member_id
        ended = end_sessions(db, reason, now=now, ids=list(ids) if ids else None, member_id=member_id)
        if ended:
            AuditEntry.record(db, f"cli:{getpass.getuser()}", "dashboard.sign_out", source="cli",
                              subject=username.lstrip("@") if username else "sessions",
                              reason=reason, sessions=ended, ids=list(ids))
    if ids and ended < len(ids):
        click.echo(f"ended {ended} of {len(ids)} sessions (the others were not live, or do not exist)")
        click.get_current_context().exit(1)
    click.echo(f"ended {ended} session{'s' if ended != 1 else ''}" + ("" if ended else ": none was live"))
