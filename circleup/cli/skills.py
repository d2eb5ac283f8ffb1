"""circleup skills sync | rebuild | show | unknown | directory."""
from __future__ import annotations

import time

import click
from sqlalchemy import delete, func, select

from circleup.cli import Context, cli, pass_context
from circleup.integration.errors import NotFound, RetryLater
from circleup.integration.store import AuditEntry, Member, MemberSkill, utcnow
from circleup.integration.store.skills import ProfileSource, SkillsBackfill, SkillsDirectoryArea, SkillsDirectoryEntry, SkillsProfileText
from circleup.sync.loop_guard import is_regular_post
from circleup.sync.members import find_member, upsert_member
from circleup.sync.skills.areas import get_normalizer, skills_config
from circleup.sync.skills.flow import start_pending
from circleup.sync.skills.profiles import (
    apply_registration,
    apply_user,
    forget_member,
    normalized_profile,
    rebuild_member_skills,
    reconcile_member,
    set_opt_in,
)
from circleup.sync.skills.publish import Pending, mark_dirty, render_area

MAX_WAITS = 20  # a call still rate-limited after this many waits is a problem worth stopping for
POSTS_PER_COMMIT = 50  # registration posts applied per transaction while backfilling


@cli.group()
def skills() -> None:
    """Members' skills: backfill from Discourse, inspect profiles, preview the directories."""


def _patient(call, *args, **kwargs):
    """Call Discourse, sleeping through circleup's budget and Discourse's 429 (a CLI may wait)."""
    for _ in range(MAX_WAITS):
        try:
            return call(*args, **kwargs)
        except RetryLater as exc:
            time.sleep(min(exc.delay, 120.0))
    return call(*args, **kwargs)


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
    services = ctx.services
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    client = services.client
    worker = ctx.worker()
    pending = Pending()
    with services.store.session() as session:
        progress = _progress(session, flag, restart)
        start_page = progress.last_page + 1
    if start_page > 1:
        click.echo(f"resuming after page {start_page - 1} ({progress.users:,} members done); --restart starts over")
    group_members = _follow_group_members(client, cfg) if cfg.follow_group else None
    listed: set[int] = set()  # who the list returned; only a run that started at page 1 knows everyone
    with click.progressbar(_pages(client, flag, start_page), label="pages of members", show_pos=True) as bar:
        for page, users in bar:
            details = [_detail(client, cfg, user) for user in users]
            with services.store.session() as session:
                for user in details:
                    if user is None:
                        continue
                    listed.add(int(user["id"]))
                    member = apply_user(session, user, cfg, normalizer)
                    if group_members is not None:
                        set_opt_in(session, member, by_group=member.id in group_members)
                    pending.merge(reconcile_member(session, member, cfg))
                # The page and its members commit together: a resumed run never skips or repeats one.
                row = session.get(SkillsBackfill, flag)
                row.last_page, row.users = page, row.users + len(users)
            start_pending(worker, pending)
            pending = Pending()
    if start_page == 1:
        forgotten = _forget_unlisted(services, worker, cfg, normalizer, listed)
        click.echo(f"{forgotten:,} members deleted from Discourse forgotten")
    else:
        click.echo("a resumed run does not look for deleted members: `skills sync --restart` does")
    posts = _read_registration_posts(services, worker, cfg, normalizer)
    with services.store.session() as session:
        row = session.get(SkillsBackfill, flag)
        row.finished_at = utcnow()
        total = row.users
        # Even unchanged directories are rendered once, so a fresh install gets its first posts.
        pending.merge(Pending.scheduled(mark_dirty(session, [a.name for a in cfg.areas], delay=0), 0))
    start_pending(worker, pending)
    click.echo(f"{total:,} members read, and {posts:,} registration posts; "
               f"directories of {len(cfg.areas)} areas will refresh in the worker")


def _forget_unlisted(services, worker, cfg, normalizer, listed: set[int]) -> int:
    """Members with a profile the user list never returned: forgotten if Discourse has no such user.

    By id, not username: a member renamed while circleup was not listening is still there.
    """
    with services.store.session() as session:
        ids = [member_id for member_id in session.scalars(select(Member.id).where(
            Member.deleted.is_(False),
            Member.id.in_(select(SkillsProfileText.member_id)) | Member.id.in_(select(SkillsDirectoryEntry.member_id)),
        ).order_by(Member.id)) if member_id not in listed]
    gone = []
    with click.progressbar(ids, label="members not listed", show_pos=True) as bar:
        for member_id in bar:
            try:
                _patient(services.client.get_user_by_id, member_id)
            except NotFound:
                gone.append(member_id)
    pending = Pending()
    for chunk in _chunks(gone, 500):
        with services.store.session() as session:
            for member in session.scalars(select(Member).where(Member.id.in_(chunk))):
                forget_member(session, member, normalizer)
                pending.merge(reconcile_member(session, member, cfg))
                session.add(AuditEntry(actor="circleup", action="skills.profile_forgotten", subject=member.username,
                                       source="cli", detail={"reason": "not on Discourse at `skills sync`"}))
    start_pending(worker, pending)
    return len(gone)


def _read_registration_posts(services, worker, cfg, normalizer) -> int:
    """Apply every post of the registration topics, oldest first (the newest with answers wins)."""
    read = 0
    for topic_id in sorted(cfg.registration_topic_ids):
        try:
            topic = _patient(services.client.get_topic, topic_id)
        except NotFound:
            raise click.ClickException(f"skills.registration_topic_ids: topic {topic_id} does not exist "
                                       "or the API user cannot see it") from None
        post_ids = sorted(topic.get("post_stream", {}).get("stream") or [])
        with click.progressbar(length=len(post_ids), label=f"registration topic {topic_id}", show_pos=True) as bar:
            for chunk in _chunks(post_ids, POSTS_PER_COMMIT):
                posts = [post for post in (_post(services.client, post_id) for post_id in chunk)
                         if post is not None and post.get("user_id")
                         and is_regular_post(post, services.settings.bot_username)]
                users = _unknown_posters(services, posts)
                pending = Pending()
                with services.store.session() as session:
                    for post in posts:
                        user_id = int(post["user_id"])
                        member = session.get(Member, user_id)
                        if member is None and users.get(user_id) is not None:
                            member = upsert_member(session, users[user_id])
                        if member is None or member.deleted:
                            continue
                        if apply_registration(session, member, post, normalizer):
                            pending.merge(reconcile_member(session, member, cfg))
                start_pending(worker, pending)
                read += len(posts)
                bar.update(len(chunk))
    return read


def _unknown_posters(services, posts: list[dict]) -> dict[int, dict | None]:
    """Discourse's user for each poster circleup has not met yet; None when Discourse has no such user.

    Asked before the chunk's transaction, not inside it: on SQLite every transaction takes the write
    lock (BEGIN IMMEDIATE), which the webhook receiver would wait on for as long as Discourse answers.
    """
    user_ids = {int(post["user_id"]) for post in posts}
    with services.store.session() as session:
        known = set(session.scalars(select(Member.id).where(Member.id.in_(user_ids))))
    users: dict[int, dict | None] = {}
    for user_id in sorted(user_ids - known):
        try:
            users[user_id] = _patient(services.client.get_user_by_id, user_id)
        except NotFound:
            users[user_id] = None
    return users


def _post(client, post_id: int) -> dict | None:
    try:
        return _patient(client.get_post, post_id)
    except NotFound:
        return None  # deleted since the topic was read


def _pages(client, flag: str, first: int):
    """(page number, users) from `first` on; pages are numbered from 1, oldest members first."""
    page = first
    while True:
        users = _patient(client.list_users, flag, page=page, order="created", asc="true") or []
        if not users:
            return
        yield page, users
        page += 1


def _progress(session, flag: str, restart: bool) -> SkillsBackfill:
    row = session.get(SkillsBackfill, flag)
    if row is None:
        row = SkillsBackfill(name=flag, last_page=0, users=0)
        session.add(row)
    elif restart or row.finished_at is not None:
        row.last_page, row.users, row.started_at, row.finished_at = 0, 0, utcnow(), None
    session.flush()
    return row


def _detail(client, cfg, user: dict) -> dict | None:
    """The admin list has no user fields: read the profile when the flow needs them."""
    if not cfg.reads_fields:
        return user
    try:
        profile = _patient(client.get_user, user["username"])
    except NotFound:
        return None  # deleted since the page was read
    # The list item knows suspension; the profile knows the fields.
    return {**user, "user_fields": profile.get("user_fields") or {}}


def _follow_group_members(client, cfg) -> set[int]:
    try:
        return {int(user["id"]) for user in client.iter_group_members(cfg.follow_group)}
    except NotFound:
        raise click.ClickException(f"skills.follow_group {cfg.follow_group!r} does not exist on the forum") from None


@skills.command("rebuild")
@pass_context
def rebuild_command(ctx: Context) -> None:
    """Normalise every stored profile again and recompute the directories (after a taxonomy change)."""
    services = ctx.services
    cfg = skills_config(services.settings)
    normalizer = get_normalizer(services.settings)
    pending = Pending()
    with services.store.session() as session:
        configured = [a.name for a in cfg.areas]
        # Rows of areas no longer configured would come back if the area were added again, stale.
        session.execute(delete(SkillsDirectoryEntry).where(SkillsDirectoryEntry.area.not_in(configured)))
        ids = session.scalars(select(Member.id).where(
            Member.id.in_(select(SkillsProfileText.member_id)) | Member.id.in_(select(SkillsDirectoryEntry.member_id))
        ).order_by(Member.id)).all()
    with click.progressbar(length=len(ids), label="profiles") as bar:
        for chunk in _chunks(ids, 500):
            with services.store.session() as session:
                for member in session.scalars(select(Member).where(Member.id.in_(chunk))):
                    rebuild_member_skills(session, member, normalizer)
                    pending.merge(reconcile_member(session, member, cfg))
            bar.update(len(chunk))
    start_pending(ctx.worker(), pending)
    click.echo(f"{len(ids):,} profiles rebuilt; {len(pending.refreshes)} directories will refresh")


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
        pending = Pending.scheduled(mark_dirty(session, [a.name for a in chosen], delay=0), 0) if refresh else Pending()
    if refresh:
        start_pending(ctx.worker(), pending)
        click.echo(f"refresh queued for {len(chosen)} area(s); a running `circleup worker` performs it")
