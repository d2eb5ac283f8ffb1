"""The citizens flow: what it does with Discourse's deliveries, and its declaration (`flow`).

Every programme (sync.citizens.programmes: citizens, learning ambassadors, …) works the same way;
what a delivery is about says which programme it is for:

* `post_created` in a programme's application topic: an application, and/or approvers' commands,
  for that programme; in a private message the bot takes part in: approvers' commands, for the
  programme whose approvers circleup told about an application in it (with one programme, any
  such message). An approver of another programme is told they do not decide here.
* `user_added_to_group` / `user_removed_from_group` on a programme's group: a moderator's change by
  hand (or circleup's own change coming back, which finds nothing to do, or is older than the
  decision taken since and is ignored).
* `user_suspended` / `user_destroyed`: membership of every programme ends; `user_unsuspended` clears
  the flag that stops approvals.
* The approvers' dashboard sessions end with their role (access.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import structlog

from circleup.integration.store import as_utc
from circleup.sync.citizens import access, messages, pages
from circleup.sync.citizens.commands import APPROVE, Command, is_only_commands, parse_commands
from circleup.sync.citizens.service import (
    APPROVERS_MESSAGE_HOOK,
    GRANT_HOOK,
    Desk,
    Outcome,
    PostRef,
    application_of,
    apply,
    approve,
    approvers_message_sent,
    citizens_group_id,
    decline,
    grant_result,
    joined_group,
    left_group,
    member_gone,
    programme_of_message,
)
from circleup.sync.citizens.cli import citizens as citizens_commands, programmes_command
from circleup.sync.citizens.config import CitizensSchema, Programmes, check_programmes
from circleup.sync.citizens.programmes import Programme, all_programmes, of_topic
from circleup.sync.citizens.reading import NOT_AN_APPLICATION, UNSURE, read_reply
from circleup.sync.citizens.requirements import forum_requirements
from circleup.sync.context import HandlerContext
from circleup.sync.flow import Flow
from circleup.sync.loop_guard import is_private_message, is_regular_post
from circleup.sync.members import find_member, member_by_id, parse_time, upsert_member
from circleup.sync.router import Router
from circleup.sync.payload import as_int

router = Router()


log = structlog.get_logger("circleup.citizens")


@router.register("post_created")
def on_post(ctx: HandlerContext) -> None:
    post = ctx.payload
    private = is_private_message(post)
    programme = None if private else of_topic(ctx.settings, as_int(post.get("topic_id")))
    in_application_topic = programme is not None
    if not (in_application_topic or private):
        return
    if not post.get("user_id") or not is_regular_post(post, ctx.bot_username, allow_private=True):
        return  # circleup's own replies come back here, as do whispers and small actions
    raw = post.get("raw") or ""
    commands = parse_commands(raw)
    if private:
        if not commands:
            return  # members' private conversations are none of circleup's business
        programme = _programme_of_conversation(ctx, post)
        if programme is None:
            return
    unclear = isinstance(programme, _NoProgramme)
    desk = _desk(ctx, None if unclear else programme)
    author = upsert_member(ctx.session, _author_of(post))
    here = PostRef.from_payload(post, desk.base_url)
    if unclear:
        _tell_no_programme(desk, author, here, commands, programme)
        return
    if commands:
        run_commands(desk, author, commands, here)
    if in_application_topic and here.post_number > 1 and not is_only_commands(raw):
        reading = read_reply(raw, reply_to_post_number=as_int(post.get("reply_to_post_number")))
        if reading.verdict == NOT_AN_APPLICATION:
            if desk.is_approver(author):
                return  # approvers talk in the thread all the time
            # Left alone, but on the record: an approver who disagrees can still `/approve` them.
            desk.audit("apply", Outcome("noop", "not_an_application", author.username,
                                        f"@{author.username}'s post does not read as an application: {reading.why}"),
                       actor=author.username, source=here.url or ctx.source, post=here.url)
            return
        apply(desk, author, source=here.url or ctx.source, post=here,
              unsure=reading.why if reading.verdict == UNSURE else None)


def run_commands(desk: Desk, author, commands: list[Command], here: PostRef) -> None:
    """Carry out an approver's command lines; tell them in one reply about the ones that did nothing."""
    source = here.url or f"post:{here.post_id}"
    if not desk.is_approver(author):
        elsewhere = _approves_elsewhere(desk, author)
        problems = []
        for command in commands:
            why = f"@{author.username} is not an approver"
            if elsewhere:
                # Someone who decides for another programme means to decide: tell them why nothing happened.
                why = (f"@{author.username} approves for {', '.join(elsewhere)}, not for {desk.programme.title}: "
                       f"one of its approvers decides")
                problems.append({"line": command.line, "why": why})
            outcome = Outcome("refused", "not_approver", command.username or "(none)", why)
            desk.audit(command.verb, outcome, actor=author.username, source=source, line=command.line)
        if problems:
            _reply_problems(desk, here, problems)
        return
    problems = []
    for command in commands:
        outcome = _carry_out(desk, author.username, command, here, source)
        if not outcome.changed and not _decided_here(desk, outcome, source):
            problems.append({"line": command.line, "why": outcome.message})
    if problems:
        _reply_problems(desk, here, problems)


def _reply_problems(desk: Desk, here: PostRef, problems: list[dict]) -> None:
    batch = f"citizens:commands:{here.post_id}"  # one post, one reply, whichever programme it was for
    raw = desk.render(messages.COMMAND_PROBLEMS, problems=problems)
    desk.outbox(batch).reply(f"{batch}:problems", here.topic_id, raw, reply_to_post_number=here.post_number)


def _approves_elsewhere(desk: Desk, author) -> list[str]:
    """The titles of the other programmes `author` approves for (their group membership, read once)."""
    others = [p for p in all_programmes(desk.settings) if p.name != desk.programme.name and p.config.approvers_group]
    return [p.title for p in others if Desk(desk.uow, desk.services, p).is_approver(author)]


class _NoProgramme(str):
    """A private message with commands that belongs to no programme, while several are configured."""


def _programme_of_conversation(ctx: HandlerContext, post: dict[str, Any]) -> Programme | _NoProgramme | None:
    """Which programme commands in a private message are for: the programme whose approvers circleup
    told about an application in it; with one programme, any conversation circleup takes part in.
    None when circleup is not in the conversation (one API read, only for PMs with commands)."""
    name = programme_of_message(ctx.session, as_int(post.get("topic_id")))
    programmes = all_programmes(ctx.settings)
    if name is not None:
        known = next((p for p in programmes if p.name == name), None)
        if known is not None:
            return known
    if not _bot_takes_part(ctx, post):
        return None
    if len(programmes) == 1:
        return programmes[0]
    return _NoProgramme(", ".join(p.title for p in programmes))


def _tell_no_programme(desk: Desk, author, here: PostRef, commands: list[Command], titles: str) -> None:
    why = (f"this conversation is not about an application, so it is not clear which programme ({titles}) "
           "it is for: write the line in the programme's application topic, or in circleup's message about the application")
    problems = [{"line": command.line, "why": why} for command in commands]
    for command in commands:
        desk.audit(command.verb, Outcome("refused", "no_programme", command.username or "(none)", why),
                   actor=author.username, source=here.url or f"post:{here.post_id}", line=command.line)
    _reply_problems(desk, here, problems)


def _carry_out(desk: Desk, actor: str, command: Command, here: PostRef, source: str) -> Outcome:
    if command.malformed:
        outcome = Outcome("error", "malformed", command.username or "(none)", command.problem)
        return desk.audit(command.verb, outcome, actor=actor, source=source, line=command.line)
    if command.verb == APPROVE:
        return approve(desk, command.username, actor=actor, source=source, command_post=here)
    return decline(desk, command.username, command.reason, actor=actor, source=source, command_post=here)


def _decided_here(desk: Desk, outcome: Outcome, source: str) -> bool:
    """A replayed command post finds its own decisions already taken: nothing to complain about."""
    member = find_member(desk.session, outcome.subject)
    application = application_of(desk.session, member, desk.programme.name) if member else None
    return application is not None and application.decided_from == source


def _bot_takes_part(ctx: HandlerContext, post: dict[str, Any]) -> bool:
    """Whether a private message is addressed to circleup (one API read, only for PMs with commands)."""
    details = ctx.client.get_topic(post["topic_id"]).get("details") or {}
    people = [*(details.get("allowed_users") or ()), *(details.get("participants") or ()), details.get("created_by") or {}]
    return ctx.bot_username.lower() in {str(person.get("username", "")).lower() for person in people}


@router.register("user_added_to_group", "user_removed_from_group")
def on_group_membership(ctx: HandlerContext) -> None:
    group_user = ctx.payload
    changed = as_int(group_user.get("group_id"))
    for programme in all_programmes(ctx.settings):
        desk = _desk(ctx, programme)
        ours = citizens_group_id(desk)
        if ours is None:
            # Not created yet (`circleup setup` creates it; `circleup doctor` reports it): nobody can be
            # a member of it, so this membership change is about some other group.
            log.warning("citizens.group_missing", programme=programme.name, group=desk.config.group,
                        hint="run `circleup setup`")
        elif changed == ours:
            _group_membership_changed(ctx, desk, group_user)
            return  # a group belongs to one programme (the configuration is checked for it)


def _group_membership_changed(ctx: HandlerContext, desk: Desk, group_user: dict[str, Any]) -> None:
    member = member_by_id(ctx.session, ctx.client, group_user["user_id"])
    if member is None:
        return  # the account is gone already; user_destroyed ends the citizenship
    received_at = as_utc(ctx.event.received_at)
    if ctx.event_name == "user_added_to_group":
        # group_user.created_at is when Discourse created the membership: the moment of this addition
        # (Discourse's clock against circleup's decided_at, as for application posts).
        added_at = parse_time(group_user.get("created_at")) or received_at
        joined_group(desk, member, source=ctx.source, happened_at=added_at)
    else:
        # A removal's group_user is the membership row as it was before Discourse deleted it: its
        # created_at is when they were added, not removed (a hand-added citizen's predates their
        # approval here). The removal happened before circleup received it, so one received before
        # the current decision is older than it; one that Discourse itself delivers late still counts.
        left_group(desk, member, source=ctx.source, happened_at=received_at)


@router.register("user_suspended", "user_destroyed")
def on_member_gone(ctx: HandlerContext) -> None:
    user = ctx.payload
    if not user.get("id"):
        return
    destroyed = ctx.event_name == "user_destroyed"
    desks = [_desk(ctx, programme) for programme in all_programmes(ctx.settings)]
    member = upsert_member(ctx.session, user, suspended=None if destroyed else True, deleted=True if destroyed else None)
    groups = user.get("groups")
    names = None if groups is None else {str(g.get("name", "")).lower() for g in groups}
    for desk in desks:
        # The user payload lists their groups: no removal is asked of Discourse when they are not in it.
        in_group = not destroyed and (names is None or desk.config.group.lower() in names)
        member_gone(desk, member, source=ctx.source, reason="account deleted" if destroyed else "suspended",
                    still_in_group=in_group)


@router.register("user_unsuspended")
def on_member_back(ctx: HandlerContext) -> None:
    # Approving a suspended member is refused; once the suspension ends they may be approved again
    # (their memberships are not restored by themselves: an approver decides).
    if ctx.payload.get("id"):
        upsert_member(ctx.session, ctx.payload, suspended=False)


def _desk(ctx: HandlerContext, programme: Programme | None = None) -> Desk:
    """The programme's desk, whose actions belong to this event (a replay of the event re-opens them).

    It takes the decisions lock at once, before the handler updates a member's row: a decision
    from the CLI or the dashboard takes the lock first and then updates that row, and the two
    orders together could deadlock on PostgreSQL.
    """
    desk = Desk(ctx.uow, ctx.services, programme)
    desk.lock_decisions()
    return desk


def _author_of(post: dict[str, Any]) -> dict[str, Any]:
    """The poster as a user object, from what every post delivery carries."""
    author = {"id": post["user_id"], "username": post["username"]}
    for key in ("name", "admin", "moderator", "trust_level"):
        if key in post:
            author[key] = post[key]
    return author



flow = Flow(
    name="citizens",
    router=Router(router, access.router),  # access: dashboard sessions end with the approver's role
    config=CitizensSchema,  # the citizens programme; `programmes:` holds the others
    more_config={"programmes": Programmes(load_default=dict)},
    config_check=check_programmes,
    templates=messages.templates_of,
    template_folder=Path(__file__).resolve().parent / "templates",
    requirements=forum_requirements,
    result_hooks={GRANT_HOOK: grant_result, APPROVERS_MESSAGE_HOOK: approvers_message_sent},
    commands=(citizens_commands, programmes_command),
    pages=pages.PAGES,
    page_actions=pages.ACTIONS,
    page_folder=pages.FOLDER,
)
