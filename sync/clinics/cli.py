"""circleup clinics list | show | calendar | ics.

`list` prints the clinics on the calendar (coming up, then the recently held); `show TOPIC_ID` one
clinic with its roster and what circleup sent; `calendar` prints the calendar post as it would be
posted now, and with `--refresh` schedules its refresh at once; `ics` writes the iCalendar feed.
"""
from __future__ import annotations

import click
from sqlalchemy import select

from circleup.sync.commands import Context, pass_context


@click.group()
def clinics() -> None:
    """Learning clinics: the calendar, rosters, reminders."""


@clinics.command("list")
@pass_context
def list_clinics(ctx: Context) -> None:
    """The clinics on the calendar: coming up first, then the recently held."""
    from circleup.sync.clinics.calendar import listing
    from circleup.sync.clinics.roster import going_count
    from circleup.sync.clinics.when import plain

    with ctx.services.store.session() as session:
        found = listing(session, ctx.settings.clinics.calendar_past)
        if not found.upcoming and not found.past:
            click.echo("no clinics")
            return
        click.echo(f"{'TOPIC':>7}  {'WHEN':<36} {'GOING':>5}  {'HOST':<20} TITLE")
        for heading, clinics_ in (("coming up", found.upcoming), ("recently held", found.past)):
            if clinics_:
                click.echo(f"-- {heading}")
            for clinic in clinics_:
                when = plain(clinic.starts_at, clinic.timezone or "UTC")
                click.echo(f"{clinic.topic_id:>7}  {when:<36} {going_count(session, clinic.topic_id):>5}  "
                           f"{clinic.author_username or '-':<20} {clinic.title}")


@clinics.command("show")
@click.argument("topic_id", type=int)
@pass_context
def show(ctx: Context, topic_id: int) -> None:
    """One clinic: its time, skills, who was suggested, its roster, reminder and summary request."""
    from circleup.sync.clinics.models import Clinic, ClinicAttendee
    from circleup.sync.clinics.when import plain

    with ctx.services.store.session() as session:
        clinic = session.get(Clinic, topic_id)
        if clinic is None:
            raise click.ClickException(f"topic {topic_id} is not a clinic circleup knows (is it tagged "
                                       f"{ctx.settings.clinics.tag}?)")
        click.echo(f"topic {clinic.topic_id}: {clinic.title}")
        click.echo(f"  host: {clinic.author_username or '-'}   on the calendar: {'yes' if clinic.active else 'no'}")
        if clinic.starts_at is not None:
            click.echo(f"  when: {plain(clinic.starts_at, clinic.timezone)} → {plain(clinic.ends_at, clinic.timezone)}")
        else:
            click.echo(f"  when: not readable ({(clinic.time_problem or '').strip()})")
        click.echo(f"  skills: {', '.join(clinic.skills or ()) or '-'}")
        click.echo(f"  suggested: {', '.join(clinic.suggested or ()) or '-'}")
        click.echo(f"  reply: {'post ' + str(clinic.reply_post_id) if clinic.reply_post_id else clinic.reply_key or '-'}"
                   f" (revision {clinic.revision})")
        click.echo(f"  reminder sent: {'yes' if clinic.reminded_start == clinic.starts_at and clinic.starts_at else 'no'}"
                   f"   summary asked: {'yes' if clinic.summary_asked_start else 'no'}")
        rows = session.scalars(select(ClinicAttendee).where(ClinicAttendee.topic_id == topic_id)
                               .order_by(ClinicAttendee.updated_at))
        for row in rows:
            click.echo(f"  {'in ' if row.going else 'out'} @{row.username}  ({row.source}, {row.updated_at:%Y-%m-%d %H:%M})")


@clinics.command("calendar")
@click.option("--refresh", is_flag=True, help="Schedule the calendar topic's refresh now (a running worker edits it).")
@pass_context
def show_calendar(ctx: Context, refresh: bool) -> None:
    """Print the calendar post as it would be posted now."""
    from circleup.sync.clinics.calendar import mark_dirty, render_calendar

    with ctx.services.store.session() as session:
        click.echo(render_calendar(session, ctx.settings, ctx.services.templates))
    if refresh:
        if ctx.settings.clinics.calendar_topic_id is None:
            raise click.ClickException("clinics.calendar_topic_id is not set: run `circleup setup` and put the id it "
                                       "prints in the config")
        with ctx.unit_of_work(source="cli:clinics calendar") as uow:
            scheduled = mark_dirty(uow, ctx.settings)
        click.echo("refresh scheduled" if scheduled is not None else "a refresh is already scheduled", err=True)


@clinics.command("ics")
@click.option("--output", "-o", type=click.File("wb"), default="-", help="Where to write the feed (default: stdout).")
@pass_context
def ics(ctx: Context, output) -> None:
    """Write the iCalendar feed (what GET /clinics.ics serves)."""
    from circleup.sync.clinics.calendar import render_ics

    with ctx.services.store.session() as session:
        output.write(render_ics(session, ctx.settings))
