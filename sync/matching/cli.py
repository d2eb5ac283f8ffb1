"""circleup pairs run | list | answer, and circleup matching explain | report.

`pairs run` pairs the community now (the worker also runs it every `matching.pairing_every_days`);
the introductions are recorded in the outbox and queued after the run commits, so a running
`circleup worker` sends them. `matching explain TOPIC_ID` prints who a circle's reply suggested and
why — the stored scores and reasons, not a fresh ranking. `matching report` prints the circles funnel
per month (proposed → answered → formed → started).
"""
from __future__ import annotations

import getpass

import click
from sqlalchemy import select

from circleup.sync.commands import Context, pass_context
from circleup.integration.store import Action, ActionStatus


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


# -- pairs ---------------------------------------------------------------------------------------------

@click.group()
def pairs() -> None:
    """One-to-one peer pairing (Let's Connect): runs, introductions, whether pairs met."""


@pairs.command("run")
@click.option("--dry-run", is_flag=True, help="Print the pairs a run would make; record and send nothing.")
@pass_context
def run(ctx: Context, dry_run: bool) -> None:
    """Pair members who can teach each other, and introduce each pair by private message."""
    from circleup.sync.matching.pairs import run_pairing

    ctx.worker()  # the run's unit of work queues the introductions through it
    report = run_pairing(ctx.services, trigger="cli", dry_run=dry_run)
    verb = "would pair" if dry_run else "paired"
    if report.run_id is None and not dry_run:
        raise click.ClickException("a pairing run with this key is already under way")
    click.echo(f"{len(report.pairs)} pairs among {report.members} eligible members")
    for pair in report.pairs:
        click.echo(f"  {verb} {pair.reason}  (score {pair.score:.2f})")
    if report.pairs and not dry_run:
        click.echo(f"  run {report.run_id}: {len(report.pairs)} introductions queued; a running `circleup worker` sends them")


@pairs.command("list")
@click.option("--unanswered", is_flag=True, help="Only pairs that have not said whether they met.")
@click.option("--run", "run_id", type=int, default=None, help="Only the pairs of this run.")
@click.option("--user", "username", default=None, help="Only the pairs of this member.")
@pass_context
def list_pairs_command(ctx: Context, unanswered: bool, run_id: int | None, username: str | None) -> None:
    """Pairs, newest first, with whether they met."""
    from circleup.sync.matching.pairs import list_pairs
    from circleup.sync.members import find_member

    with ctx.services.store.session() as session:
        if username and find_member(session, username) is None:
            # Otherwise a misspelt name would read as "this member was never paired".
            raise click.ClickException(f"circleup knows no member called {username!r} (check the spelling)")
        rows = list_pairs(session, run_id=run_id, unanswered=unanswered, username=username)
        if not rows:
            click.echo("no pairs")
            return
        click.echo(f"{'ID':>5} {'RUN':>4} {'PAIR':<40} {'INTRODUCED':<17} {'FOLLOW-UP':<10} MET")
        for pair in rows:
            met = {None: "-", True: f"yes ({pair.answered_by})", False: f"no ({pair.answered_by})"}[pair.met]
            followed = "asked" if pair.follow_up_key else f"{pair.follow_up_due_at:%Y-%m-%d}"
            names = f"@{pair.a_username} + @{pair.b_username}"
            click.echo(f"{pair.id:>5} {pair.run_id:>4} {names:<40} {pair.created_at:%Y-%m-%d %H:%M}  {followed:<10} {met}")


@pairs.command("answer")
@click.argument("pair_id", type=int)
@click.argument("met", type=click.Choice(["yes", "no"], case_sensitive=False))
@pass_context
def answer(ctx: Context, pair_id: int, met: str) -> None:
    """Record whether pair PAIR_ID met (as they told a moderator)."""
    from circleup.sync.matching.models import MatchingPair
    from circleup.sync.matching.desk import Desk
    from circleup.sync.matching.pairs import record_answer

    with ctx.unit_of_work(source="cli") as uow:
        pair = uow.session.get(MatchingPair, pair_id)
        if pair is None:
            raise click.ClickException(f"no pair with id {pair_id} (see `circleup pairs list`)")
        record_answer(Desk(uow, ctx.services), pair, met.lower() == "yes", by=_actor(), source="cli")
        click.echo(f"pair {pair_id} (@{pair.a_username} + @{pair.b_username}): met = {met.lower()}")


# -- suggestions ---------------------------------------------------------------------------------------

@click.group()
def matching() -> None:
    """Learning circles: who was suggested where and why, and the funnel from proposal to first meeting."""


@matching.command("explain")
@click.argument("topic_id", type=int)
@click.option("--history", is_flag=True, help="Every revision of the reply, not only the current one.")
@pass_context
def explain(ctx: Context, topic_id: int, history: bool) -> None:
    """Who the reply in TOPIC_ID suggests, with each person's score, rank and reasons."""
    from circleup.sync.matching.suggestions import circle_of, inactive_reason, suggestions_for_topic

    config = ctx.services.settings.matching
    with ctx.services.store.session() as session:
        circle = circle_of(session, topic_id)
        if circle is None or circle.reply_key is None:
            raise click.ClickException(f"circleup has not replied to topic {topic_id} as a learning circle: "
                                       + _why_no_reply(circle, config))
        reason = None if circle.active else _INACTIVE[inactive_reason(circle, config)].format(tag=config.tag)
        state = "a circle" if circle.active else f"no longer a circle ({reason})"
        click.echo(f"topic {topic_id}: {circle.title!r} by @{circle.author_username}, {state}"
                   + (", closed" if circle.closed else ""))
        click.echo(f"  needs: skills {', '.join(circle.skills) or '(none found)'}"
                   + (f"; place {circle.place}" if circle.place else "") + (f"; language {circle.language}" if circle.language else ""))
        created = session.scalar(select(Action).where(Action.key == circle.reply_key))
        if created is not None and created.status in (ActionStatus.FAILED, ActionStatus.CANCELLED):
            replay = (f"`circleup events replay {created.event_pk}`" if created.event_pk
                      else "`circleup events list --status failed`")
            post = f"never posted: {created.status} ({created.last_error or 'no error recorded'}); {replay} tries again"
        else:
            post = f"post {circle.reply_post_id} (#{circle.reply_post_number})" if circle.reply_post_id else "not posted yet"
        click.echo(f"  reply: {post}, revision {circle.revision}")
        rows = suggestions_for_topic(session, topic_id, history=history)
        if not rows:
            click.echo("  nobody matched")
        for row in rows:
            if not row.current:
                flag = "  (replaced)"
            elif not circle.active:
                flag = "  (no longer in the reply: replaced by the note)"
            else:
                flag = ""
            click.echo(f"  r{row.revision} #{row.rank} @{row.username:<20} {row.role:<11} score {row.score:6.3f}  "
                       f"{' · '.join(row.reasons)}{flag}")


# inactive_reason → what the CLI says about it.
_INACTIVE = {
    "untagged": "not tagged {tag}",
    "category": "its category is not one of matching.categories",
    "restricted": "its category is read-restricted and not listed in matching.categories",
}


def _why_no_reply(circle, config) -> str:
    """What the circle row says about a topic circleup never answered, and what to try."""
    from circleup.sync.matching.suggestions import inactive_reason, wants_reply

    if circle is None:
        return (f"it has no record of the topic (never tagged {config.tag}, outside matching.categories, or forgotten "
                f"after a week untagged). Tag it {config.tag} to ask for suggestions; `circleup events list` shows "
                "what arrived")
    if not circle.topic_seen:
        return "only its first post has arrived so far; the topic is read from Discourse within a minute"
    if not circle.active:
        category = circle.category_id
        return {
            "untagged": f"it is not tagged {config.tag}. Add the tag {config.tag} to ask for suggestions",
            "category": (f"its category ({category}) is not one of matching.categories {config.categories}. Move the "
                         f"topic to one of them, or add {category} to matching.categories"),
            "restricted": (f"its category ({category}) is read-restricted, so the people suggested could not read it. "
                           f"Move the topic to a public category, or add {category} to matching.categories"),
        }[inactive_reason(circle, config)]
    if not wants_reply(circle, config):
        if circle.closed:
            return "the topic is closed, archived or deleted. Reopen it to ask for suggestions"
        return (f"the topic was opened more than {config.circle_open_days} days ago (matching.circle_open_days). "
                "Open a new topic for the circle")
    return "its first post has not been read yet; `circleup events list --status failed` shows a delivery that failed"


@matching.command("report")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True,
              help="How many months back, counting this one.")
@pass_context
def report(ctx: Context, months: int) -> None:
    """The circles funnel per month: proposed → answered → formed → started.

    Each circle counts in the month it was proposed: a row says what became of that month's proposals.
    """
    from circleup.sync.matching.funnel import funnel, totals

    with ctx.services.store.session() as session:
        rows = funnel(session, months=months)
    if not rows:
        click.echo(f"no learning circles proposed in the last {months} months")
        return
    click.echo(f"{'month':<8} {'proposed':>8} {'answered':>14} {'formed':>14} {'started':>14}")
    for row in [*rows, totals(rows)]:
        cells = [f"{count} ({row.rate(count)})" for count in (row.answered, row.formed, row.started)]
        click.echo(f"{row.month:<8} {row.proposed:>8} " + " ".join(f"{cell:>14}" for cell in cells))
