"""circleup citizens [--programme NAME] list | show | approve | decline | revoke | newsletter | import,
and circleup programmes (each programme and its progress).

Every command acts on one programme: citizens unless `--programme` names another of circleup.yaml.
Decisions taken here go through the same service functions as `/approve` in the forum. Their
Discourse writes are recorded in the outbox inside the decision's transaction and handed to the
queue after it commits, so a running `circleup worker` performs them; each command prints what
it decided and what will happen in Discourse.
"""
from __future__ import annotations

import csv
import getpass
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from circleup.sync.commands import Context, pass_context
from circleup.integration.errors import BudgetExhausted, RetryLater, TransientError
from circleup.integration.store import Action
from circleup.sync.citizens.config import CITIZENS
from circleup.sync.citizens.models import ApplicationStatus

T = TypeVar("T")


_PROGRAMME = "circleup.citizens.programme"  # where the group's --programme waits for its command


@click.group()
@click.option("--programme", "-p", "programme_name", default=CITIZENS, show_default=True, metavar="NAME",
              help="The programme to act on: `citizens`, or the name of one under `programmes:` in circleup.yaml "
                   "(`circleup programmes` lists them).")
@click.pass_context
def citizens(click_ctx: click.Context, programme_name: str) -> None:
    """Applications to a programme (Source Citizens unless --programme says another): decisions,
    progress toward its goal, its newsletter."""
    click_ctx.meta[_PROGRAMME] = programme_name


def _programme(ctx: Context):
    """The programme this invocation acts on; an unknown name stops the command, listing the known ones."""
    from circleup.sync.citizens.programmes import UnknownProgramme, programme

    try:
        return programme(ctx.settings, click.get_current_context().meta.get(_PROGRAMME, CITIZENS))
    except UnknownProgramme as exc:
        raise click.ClickException(str(exc)) from None


@click.command("programmes")
@pass_context
def programmes_command(ctx: Context) -> None:
    """Each programme members can apply to: its group, where applications go, who decides, progress."""
    from circleup.sync.citizens import progress
    from circleup.sync.citizens.programmes import all_programmes

    with ctx.services.store.session() as session:
        for programme in all_programmes(ctx.settings):
            config = programme.config
            counts = progress(session, config.goal, programme.name)
            topics = ", ".join(str(t) for t in config.application_topic_ids) or "none yet (`circleup setup`)"
            click.echo(f"{programme.name}: {programme.title}")
            click.echo(f"  {counts.citizens} of {counts.goal} {programme.members_noun} ({counts.percent}%)  "
                       + _bar(counts.percent) + f"  pending: {counts.by_status['pending']}")
            click.echo(f"  group {config.group}; application topics {topics}; "
                       f"approvers: staff{' and the ' + config.approvers_group + ' group' if config.approvers_group else ''}")


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _at_desk(ctx: Context, work: Callable[..., T], *, quiet: bool = False) -> T:
    """Run `work(desk)` at the programme's desk in one unit of work: it commits, then queues the
    Discourse writes recorded."""
    from circleup.sync.citizens import Desk

    programme = _programme(ctx)
    try:
        with ctx.unit_of_work(source="cli") as uow:
            desk = Desk(uow, ctx.services, programme)
            result = work(desk)
            planned = [_describe_action(action) for action in desk.recorded]
    except (RetryLater, TransientError) as exc:
        # Looking a member up, checking an approver or telling the approvers reads the forum; the
        # transaction rolled back, so nothing half-happened and the same command can simply run again.
        raise click.ClickException(_forum_unavailable(exc)) from None
    if not quiet:
        for line in planned:
            click.echo(f"  → {line}")
        if uow.committed:
            click.echo("  queued; a running `circleup worker` performs them (see `circleup events` for failures)")
    return result


def _forum_unavailable(exc: RetryLater | TransientError) -> str:
    if isinstance(exc, RetryLater):  # unlike `circleup skills sync`, a decision does not sit waiting
        why = ("circleup has used up its budget of Discourse requests for now" if isinstance(exc, BudgetExhausted)
               else "Discourse is rate-limiting circleup")
        return f"{why}: nothing was changed; try again in {max(1, math.ceil(exc.delay))} s"
    return f"Discourse did not answer ({exc}): nothing was changed; try again in a minute"


def _describe_action(action: Action) -> str:
    payload = action.payload
    if action.kind in ("add_to_group", "remove_from_group"):
        verb = "add to" if action.kind == "add_to_group" else "remove from"
        return f"{verb} group {payload['group']}: {', '.join(payload['usernames'])}"
    if action.kind == "private_message":
        return f"private message {payload['title']!r} to {', '.join(payload['recipients'])}"
    if action.kind == "create_topic":
        return f"new topic {payload['title']!r} in category {payload['category_id']}"
    if action.kind == "create_post":
        return f"reply in topic {payload['topic_id']}" + (f" to post #{payload['reply_to_post_number']}" if payload.get("reply_to_post_number") else "")
    return action.kind


def _report(outcome) -> None:
    """Print an outcome; refusals and errors exit non-zero so scripts notice."""
    if outcome.result in ("refused", "error"):
        raise click.ClickException(outcome.message)
    click.echo(outcome.message)


@citizens.command("list")
@click.option("--status", type=click.Choice(ApplicationStatus.ALL), help="Only applications with this status.")
@pass_context
def list_applications(ctx: Context, status: str | None) -> None:
    """Progress toward the programme's goal, then its applications, oldest first."""
    from circleup.sync.citizens import applications, progress

    programme = _programme(ctx)
    with ctx.services.store.session() as session:
        counts = progress(session, programme.config.goal, programme.name)
        rows = applications(session, status, programme.name)
        click.echo(f"{counts.citizens} of {counts.goal} {programme.members_noun} ({counts.percent}%)  " + _bar(counts.percent))
        click.echo("  " + "  ".join(f"{name}: {n}" for name, n in counts.by_status.items() if n))
        if not rows:
            click.echo("no applications" + (f" with status {status}" if status else ""))
            return
        click.echo(f"{'USERNAME':<24} {'STATUS':<16} {'SOURCE':<9} {'APPLIED':<17} {'DECIDED BY':<20} REASON / ERROR")
        for row in rows:
            note = row.error or row.reason or ""
            click.echo(f"{row.member.username:<24} {row.status:<16} {row.source:<9} {row.applied_at:%Y-%m-%d %H:%M}  "
                       f"{row.decided_by or '':<20} {note[:60]}")


def _bar(percent: int, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


@citizens.command("show")
@click.argument("username")
@pass_context
def show(ctx: Context, username: str) -> None:
    """One member's application to the programme and every decision about it."""
    from circleup.sync.citizens import history
    from circleup.sync.citizens.service import application_of
    from circleup.sync.members import find_member

    programme = _programme(ctx)
    with ctx.services.store.session() as session:
        member = find_member(session, username)
        application = application_of(session, member, programme.name) if member else None
        if application is None:
            where = "" if programme.name == CITIZENS else f" --programme {programme.name}"
            raise click.ClickException(f"no application from {username} to {programme.title} "
                                       f"(see `circleup citizens{where} list`)")
        click.echo(f"@{member.username}: {application.status} (applied {application.applied_at:%Y-%m-%d %H:%M} via {application.source})")
        if application.post_url:
            click.echo(f"  application: {application.post_url}")
        for question, answer in (application.answers or {}).items():
            click.echo(f"  {question}: {answer}")
        if application.decided_by:
            click.echo(f"  decided by {application.decided_by} at {application.decided_at:%Y-%m-%d %H:%M} from {application.decided_from}")
        if application.reason:
            click.echo(f"  reason: {application.reason}")
        if application.error:
            click.echo(f"  error: {application.error}")
        click.echo("  history:")
        for entry in history(session, member.username, programme.name):
            click.echo(f"    {entry.at:%Y-%m-%d %H:%M} {entry.action:<24} {entry.outcome:<8} by {entry.actor} "
                       f"({entry.source}): {entry.detail.get('message', '')}")


@citizens.command("approve")
@click.argument("username")
@pass_context
def approve_command(ctx: Context, username: str) -> None:
    """Make USERNAME a member of the programme (also when they never applied)."""
    from circleup.sync.citizens import approve

    _report(_at_desk(ctx, lambda desk: approve(desk, username, actor=_actor(), source="cli")))


@citizens.command("decline")
@click.argument("username")
@click.option("--reason", required=True, help="Why; the applicant is told it.")
@pass_context
def decline_command(ctx: Context, username: str, reason: str) -> None:
    """Decline USERNAME's application."""
    from circleup.sync.citizens import decline

    _report(_at_desk(ctx, lambda desk: decline(desk, username, reason, actor=_actor(), source="cli")))


@citizens.command("revoke")
@click.argument("username")
@click.option("--reason", default=None, help="Recorded in the audit log.")
@pass_context
def revoke_command(ctx: Context, username: str, reason: str | None) -> None:
    """End USERNAME's membership of the programme and remove them from its group."""
    from circleup.sync.citizens import revoke

    _report(_at_desk(ctx, lambda desk: revoke(desk, username, actor=_actor(), source="cli", reason=reason)))


@citizens.command("newsletter")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def newsletter(ctx: Context, file: Path) -> None:
    """Send the issue in FILE (markdown; a first `# heading` is its title) to every member of the programme.

    The same content is never sent twice; running this again sends an issue whose earlier send failed.
    """
    from circleup.sync.citizens import send_newsletter

    content = file.read_text(encoding="utf-8")
    _report(_at_desk(ctx, lambda desk: send_newsletter(desk, content, actor=_actor(), source=f"cli:{file.name}")))


@citizens.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def import_applications(ctx: Context, file: Path) -> None:
    """Take the applications exported from an external form (CSV: a `username` column, then the answers).

    Each applicant is acknowledged by private message and the approvers are told, as for an
    application in the forum. Unknown usernames are reported and skipped.
    """
    from circleup.sync.citizens.service import apply
    from circleup.sync.members import member_by_username

    rows = _read_form_export(file)
    source = f"import:{file.name}"
    tally: Counter[str] = Counter()
    problems: list[str] = []

    def take(username: str, answers: dict[str, str]) -> Callable:
        def work(desk):
            member = member_by_username(desk.session, desk.client, username) if username else None
            if member is None:
                return None
            return apply(desk, member, source=source, answers=answers)
        return work

    with click.progressbar(rows, label=f"importing {len(rows)} applications", show_pos=True) as bar:
        for line_number, username, answers in bar:
            try:
                outcome = _at_desk(ctx, take(username, answers), quiet=True)
            except click.ClickException as exc:
                raise click.ClickException(f"stopped at line {line_number}: {exc.message} (the lines before it are "
                                           "imported; importing the file again skips them)") from None
            if outcome is None:
                tally["unknown"] += 1
                problems.append(f"line {line_number}: no member is called {username!r}" if username else f"line {line_number}: no username")
            else:
                tally[outcome.status] += 1
                if not outcome.changed:
                    problems.append(f"line {line_number}: {outcome.message}")
    click.echo(", ".join(f"{status}: {n}" for status, n in sorted(tally.items())) or "nothing to import")
    for problem in problems:
        click.echo(f"  {problem}")


def _read_form_export(file: Path) -> list[tuple[int, str, dict[str, str]]]:
    """(line number, username, answers) per row; the answers are every other non-empty column."""
    with file.open(newline="", encoding="utf-8-sig") as handle:  # utf-8-sig: spreadsheet exports start with a BOM
        reader = csv.DictReader(handle)
        columns = {name.strip().lower(): name for name in reader.fieldnames or ()}
        if "username" not in columns:
            raise click.ClickException(f"{file} has no `username` column (columns: {', '.join(reader.fieldnames or ()) or 'none'})")
        key = columns["username"]
        rows = []
        for row in reader:
            username = (row.get(key) or "").strip().removeprefix("@")
            answers = {name.strip(): value.strip() for name, value in row.items()
                       if name and name != key and isinstance(value, str) and value.strip()}
            rows.append((reader.line_num, username, answers))
    return rows
