"""circleup skills sync | rebuild | show | unknown | directory."""
from __future__ import annotations

import click
from sqlalchemy import func, select

from circleup.integration.store import MemberSkill
from circleup.sync.commands import Context, pass_context
from circleup.sync.members import find_member
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync.skills.backfill import BackfillError, backfill, rebuild
from circleup.sync.skills.models import ProfileSource, SkillsDirectoryArea, SkillsDirectoryEntry, SkillsProfileText
from circleup.sync.skills.profiles import normalized_profile
from circleup.sync.skills.publish import mark_dirty, render_area


@click.group()
def skills() -> None:
    """Members' skills: backfill from Discourse, inspect profiles, preview the directories."""


@skills.command("sync")
@click.option("--restart", is_flag=True, help="Start again from the first page instead of resuming.")
@click.option("--list", "flag", default="active", show_default=True, help="Discourse's admin user list to read.")
@pass_context
def sync_command(ctx: Context, restart: bool, flag: str) -> None:
    """Read every member from Discourse and rebuild profiles and directories.

    \b
    Reads, in order:
      1. the admin user list (--list) page by page, with each member's share / learn / follow
         user fields; an interrupted run resumes after its last completed page;
      2. after a run that started at the first page, the members with a profile that the list
         did not return, looked up by id: those Discourse no longer has are forgotten (deleted
         while circleup was not listening);
      3. every post of the skills.registration_topic_ids topics, in full on every run.
    """
    ctx.worker()  # what the backfill's units of work enqueue through
    try:
        report = backfill(ctx.services, flag=flag, restart=restart, progress=click.progressbar, say=click.echo)
    except BackfillError as exc:
        raise click.ClickException(str(exc)) from None
    if report.forgotten is None:
        click.echo("a resumed run does not look for deleted members: `skills sync --restart` does")
    else:
        click.echo(f"{report.forgotten:,} members deleted from Discourse forgotten")
    click.echo(f"{report.members:,} members read, and {report.posts:,} registration posts; "
               f"directories of {report.areas} areas will refresh in the worker")


@skills.command("rebuild")
@pass_context
def rebuild_command(ctx: Context) -> None:
    """Normalise every stored profile again and recompute the directories (after a taxonomy change)."""
    ctx.worker()
    rebuilt = rebuild(ctx.services, progress=click.progressbar)
    click.echo(f"{rebuilt:,} profiles rebuilt; the directories that changed will refresh in the worker")


@skills.command("show")
@click.argument("username")
@pass_context
def show_command(ctx: Context, username: str) -> None:
    """How each skill a member wrote was understood, and where they are listed."""
    services = ctx.services
    normalizer = get_normalizer(services.settings)
    with services.store.session() as session:
        member = find_member(session, username)
        if member is None:
            raise click.ClickException(f"circleup knows no member {username!r} (try `circleup skills sync`)")
        state = ", ".join(s for s, on in (("suspended", member.suspended), ("deleted", member.deleted),
                                          ("opted out", member.opted_out), ("follows areas", member.follows_areas)) if on)
        click.echo(f"{member.username} (id {member.id})" + (f": {state}" if state else ""))
        texts = {row.source: row for row in session.scalars(
            select(SkillsProfileText).where(SkillsProfileText.member_id == member.id))}
        if not texts:
            click.echo("  no skills profile")
        for source in ProfileSource.ORDER:
            if source in texts:
                click.echo(f"  {source}: share {texts[source].share_text!r} · learn {texts[source].learn_text!r}")
        for kind, source, skill in normalized_profile(session, member.id, normalizer):
            click.echo(f"  {kind:<5} {normalizer.explain(skill.raw)}   [{source}]")
        areas = session.scalars(select(SkillsDirectoryEntry.area).where(SkillsDirectoryEntry.member_id == member.id)
                                .order_by(SkillsDirectoryEntry.area)).all()
        click.echo("  listed in: " + (", ".join(areas) if areas else "no directory"))


@skills.command("unknown")
@click.option("--limit", default=50, show_default=True, help="How many, most common first.")
@pass_context
def unknown_command(ctx: Context, limit: int) -> None:
    """Skills members wrote that the taxonomy does not know, with how many members wrote each."""
    with ctx.services.store.session() as session:
        rows = session.execute(
            select(MemberSkill.skill, func.count(func.distinct(MemberSkill.member_id)).label("members"),
                   func.min(MemberSkill.raw))
            .where(MemberSkill.method == "free").group_by(MemberSkill.skill)
            .order_by(func.count(func.distinct(MemberSkill.member_id)).desc(), MemberSkill.skill).limit(limit)
        ).all()
    if not rows:
        click.echo("every skill members wrote is in the taxonomy")
        return
    click.echo(f"{'MEMBERS':>7}  SKILL (as first written)")
    for skill, members, raw in rows:
        click.echo(f"{members:>7}  {skill}" + (f"  ({raw!r})" if raw != skill else ""))
    click.echo("add them to the taxonomy (as skills or synonyms), then run `circleup skills rebuild`")


@skills.command("directory")
@click.argument("area", required=False)
@click.option("--print", "print_", is_flag=True, help="Print the posts the directory would have now.")
@click.option("--refresh", is_flag=True, help="Have the worker refresh the posts now (edits only what changed).")
@pass_context
def directory_command(ctx: Context, area: str | None, print_: bool, refresh: bool) -> None:
    """Each area's directory: its state, or (--print) what its posts would say."""
    services = ctx.services
    cfg = skills_config(services.settings)
    chosen = cfg.areas
    if area is not None:
        match = [a for a in cfg.areas if a.name.casefold() == area.casefold()]
        if not match:
            names = ", ".join(a.name for a in cfg.areas) or "none configured (skills.areas)"
            raise click.ClickException(f"no area {area!r}; the areas are: {names}")
        chosen = tuple(match)
    with services.store.session() as session:
        for item in chosen:
            if print_:
                bodies, _members = render_area(session, item, cfg)
                for part, body in enumerate(bodies, start=1):
                    click.echo(f"----- {item.name}: topic {item.topic_id}, post {part} of {len(bodies)} -----")
                    click.echo(body)
                continue
            state = session.get(SkillsDirectoryArea, item.name)
            listed = session.scalar(select(func.count()).select_from(SkillsDirectoryEntry)
                                    .where(SkillsDirectoryEntry.area == item.name))
            status = "never refreshed" if state is None or state.refreshed_at is None else f"refreshed {state.refreshed_at:%Y-%m-%d %H:%M}"
            if state is not None and state.dirty_since is not None:
                status += ", changes waiting"
            if state is not None and state.last_error:
                status += f", last error: {state.last_error.splitlines()[0][:80]}"
            click.echo(f"{item.name}: {listed:,} members, topic {item.topic_id}, category {item.category_id}; {status}")
    if refresh:
        with ctx.unit_of_work(source="cli:skills directory") as uow:
            mark_dirty(uow, [a.name for a in chosen], delay=0)
        click.echo(f"refresh queued for {len(chosen)} area(s); a running `circleup worker` performs it")


@skills.command("support")
@pass_context
def support_command(ctx: Context) -> None:
    """The support members need, as the working group's digest shows it."""
    from circleup.sync.skills.support import render_digest

    with ctx.services.store.session() as session:
        click.echo(render_digest(session, ctx.services.templates))
