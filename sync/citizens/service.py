"""Programmes (citizenship first): applying, approving, declining, revoking and the newsletter — one code path.

Thread commands (`/approve @name` in an application topic or a PM), the `circleup citizens` CLI and
the moderators' dashboard all call these functions, at the desk of one programme (sync.citizens.
programmes): its group, its approvers, its goal, its templates. Each takes a `Desk` (the transaction, the
services, the outbox batches it fills), records its decision, the Discourse writes that follow
from it and an audit entry together, and returns an `Outcome` that says in one sentence what
happened. Nothing here calls a Discourse write endpoint: the worker performs the recorded actions
after the transaction commits.

Invariants the functions keep, whatever order deliveries arrive in and however often:
* one application row per member and programme; a member is never granted twice (approving one is a no-op);
* a decision taken before its application was seen stands: the late application neither re-opens
  it nor thanks again;
* each step (an application, an approval, a decline, a revocation) writes to its own outbox batch,
  so Discourse refusing one applicant's group add never cancels another applicant's messages;
* decisions take turns (Desk.lock_decisions), and nothing older than a decision undoes it: neither a
  thread command written before it nor a group change Discourse made before it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from circleup.integration.errors import NotFound
from circleup.integration.markdown import is_valid_username
from circleup.integration.outbox import Outbox, reopen
from circleup.integration.store import Action, ActionStatus, AuditEntry, Member, as_utc, utcnow
from circleup.sync.citizens.config import CITIZENS
from circleup.sync.citizens.models import Application, ApplicationSource, ApplicationStatus, ApproversMessage
from circleup.sync.citizens import messages
from circleup.sync.citizens.programmes import Programme, programme as programme_named
from circleup.sync.desk import FlowDesk
from circleup.sync.groups import group_id, remember_group_id
from circleup.sync.members import member_by_username, parse_time, upsert_member
from circleup.sync.recognition import grants

GRANT_HOOK = "citizens.grant"
APPROVERS_MESSAGE_HOOK = "citizens.approvers_message"
DISCOURSE_ACTOR = "discourse"  # group_user and user deliveries do not say which moderator acted
ADMIN_USERS_PAGE_SIZE = 100  # Discourse's admin user list page (a short page is the last: saves a request)
OPEN_OR_CITIZEN = (ApplicationStatus.PENDING, ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED)
NUMBERED = (ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED)  # citizen_count says why both
# pg_advisory_xact_lock key that decisions of every programme take in turn ("citi"); no other lock uses it.
DECISIONS_LOCK = 0x63697469


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What a call did, for the person who asked (CLI output, a reply to an approver, the dashboard)."""

    result: str  # the audit vocabulary: "ok" (something changed), "noop", "refused" or "error"
    status: str  # what exactly: "approved", "already_citizen", "unknown_user", "retrying", …
    subject: str  # usually a username
    message: str  # one sentence, for people

    @property
    def changed(self) -> bool:
        return self.result == "ok"


@dataclass(frozen=True)
class PostRef:
    """A post a step refers to: the application itself, or the approver's command."""

    topic_id: int
    post_id: int
    post_number: int
    url: str | None = None
    created_at: dt.datetime | None = None

    @classmethod
    def from_payload(cls, post: dict[str, Any], base_url: str | None) -> PostRef:
        return cls(
            topic_id=int(post["topic_id"]), post_id=int(post["id"]), post_number=int(post["post_number"]),
            url=messages.absolute_url(base_url, post.get("post_url")), created_at=parse_time(post.get("created_at")),
        )


@dataclass(frozen=True)
class Progress:
    citizens: int  # the programme's members so far (the citizens programme's were the first)
    goal: int
    by_status: dict[str, int]
    programme: str = CITIZENS
    members_noun: str = "citizens"  # "12 of 100 citizens", "3 of 20 ambassadors"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.citizens / self.goal)) if self.goal else 100


# -- the desk -----------------------------------------------------------------------------------

class Desk(FlowDesk):
    """One programme's desk (see sync.desk): decisions, the approvers it checked, batches reopened.

    `programme` is a name from circleup.yaml (or a Programme); the citizens programme by default.
    An unknown name raises sync.citizens.programmes.UnknownProgramme.
    """

    section = CITIZENS

    def __init__(self, uow, services, programme: str | Programme | None = None) -> None:
        super().__init__(uow, services)
        self.programme = programme_named(services.settings, programme)
        self._approvers: dict[int, bool] = {}
        self._holds_lock = False

    @property
    def config(self):
        return self.programme.config

    def render(self, template, **values: Any) -> str:
        return self.services.templates.render(self.programme.template(template), **values)

    def reopen(self, batch: str, *, satisfied: set[str] = frozenset()) -> int:
        """Make a batch's failed and cancelled actions pending again; `satisfied` keys are done already."""
        reopened = 0
        for action in self._actions(batch, (ActionStatus.FAILED, ActionStatus.CANCELLED)):
            if action.key in satisfied:
                action.status, action.done_at = ActionStatus.DONE, utcnow()
                action.result = {"skipped": "already done in Discourse"}
            else:
                reopen(action)
                reopened += 1
            action.last_error = None
        self.uow.run_batch(batch)
        return reopened

    def cancel_unfinished(self, batch: str | None, why: str) -> None:
        """Stop a batch's actions that have not run, or failed: for good, so a replay of the event that
        recorded them leaves them cancelled. One in flight finishes: it may have reached Discourse."""
        if batch is None:
            return
        for action in self._actions(batch, (ActionStatus.PENDING, ActionStatus.FAILED, ActionStatus.CANCELLED)):
            action.status, action.last_error = ActionStatus.CANCELLED, f"cancelled: {why}"

    def _actions(self, batch: str, statuses: tuple[str, ...]) -> list[Action]:
        return list(self.session.scalars(select(Action).where(Action.batch == batch, Action.status.in_(statuses))))

    def lock_decisions(self) -> None:
        """Hold the citizens decisions lock until this transaction ends: decisions take turns.

        Two approvals at once would count the same citizens and tell both the same number; an
        approval and a decline at once would both find the application pending and both take
        effect. Decisions come at human speed, so one lock for all of them costs nothing.
        PostgreSQL: a transaction-scoped advisory lock, released by the commit or the rollback.
        SQLite: every transaction begins with BEGIN IMMEDIATE (integration.store.base) and holds
        the write lock from its first statement, so decisions already take turns.
        An application this session read before it had the lock may be stale: it is read again.
        """
        if self._holds_lock:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(DECISIONS_LOCK)))
        self.session.flush()
        for application in [o for o in self.session.identity_map.values() if isinstance(o, Application)]:
            self.session.expire(application)
        self._holds_lock = True

    def next_batch(self, application: Application) -> str:
        application.steps += 1
        return f"{self.programme.name}:{application.member_id}:{application.steps}"

    def is_approver(self, member: Member) -> bool:
        """Staff always; members of `approvers_group` when one is configured (read live, once per desk)."""
        if member.staff:
            return True
        group = self.config.approvers_group
        if not group:
            return False
        if member.id not in self._approvers:
            self._approvers[member.id] = self._in_group(member, group)
        return self._approvers[member.id]

    def _in_group(self, member: Member, group: str) -> bool:
        # Membership is security-relevant (it grants the right to approve), so it is read from
        # Discourse rather than from a copy that a missed delivery could leave stale.
        try:
            user = self.client.get_user(member.username)
        except NotFound:
            return False
        upsert_member(self.session, user)
        return member.staff or group.lower() in {str(g.get("name", "")).lower() for g in user.get("groups") or ()}

    def audit(self, verb: str, outcome: Outcome, *, actor: str, source: str, **detail: Any) -> Outcome:
        self.uow.audit(actor, f"{self.programme.name}.{verb}", subject=outcome.subject, source=source,
                       outcome=outcome.result, status=outcome.status, message=outcome.message, **detail)
        return outcome


# -- queries ------------------------------------------------------------------------------------

def application_of(session: Session, member: Member, programme: str = CITIZENS) -> Application | None:
    return session.scalar(select(Application).where(Application.member_id == member.id,
                                                    Application.programme == programme))


def citizen_count(session: Session, programme: str = CITIZENS) -> int:
    """A programme's members so far, for the numbers they are told and for progress toward the goal.

    An approval whose group add Discourse refused (approval_failed) counts: its welcome and
    announcement were written with its number and go out when a retry completes the add, so the
    next approval must not be told the same number.
    """
    return session.scalar(select(func.count()).where(Application.programme == programme,
                                                     Application.status.in_(NUMBERED))) or 0


def progress(session: Session, goal: int, programme: str = CITIZENS, members_noun: str = "citizens") -> Progress:
    counts = dict(session.execute(select(Application.status, func.count()).where(Application.programme == programme)
                                  .group_by(Application.status)).all())
    by_status = {status: counts.get(status, 0) for status in ApplicationStatus.ALL}
    return Progress(citizens=citizen_count(session, programme), goal=goal, by_status=by_status, programme=programme,
                    members_noun=members_noun)


def progress_of(session: Session, programme: Programme) -> Progress:
    """A programme's progress toward its goal, named in its own words."""
    return progress(session, programme.config.goal, programme.name, programme.members_noun)


def applications(session: Session, status: str | None = None, programme: str | None = CITIZENS) -> list[Application]:
    """A programme's applications (every programme's when `programme` is None) with their members, oldest first."""
    query = select(Application).join(Application.member).order_by(Application.applied_at, Application.id)
    if programme is not None:
        query = query.where(Application.programme == programme)
    if status:
        query = query.where(Application.status == status)
    return list(session.scalars(query))


def history(session: Session, username: str, programme: str = CITIZENS) -> list[AuditEntry]:
    """Every decision of a programme about a member, oldest first."""
    return list(session.scalars(
        select(AuditEntry)
        .where(func.lower(AuditEntry.subject) == username.lower().lstrip("@"),
               AuditEntry.action.like(f"{programme}.%"))
        .order_by(AuditEntry.at, AuditEntry.id)
    ))


def programme_of_message(session: Session, topic_id: int) -> str | None:
    """The programme whose approvers circleup told about an application in private message `topic_id`."""
    return session.scalar(select(ApproversMessage.programme).where(ApproversMessage.topic_id == topic_id))


def citizens_group_id(desk: Desk) -> int | None:
    """The programme's group's Discourse id (None while the forum has no such group)."""
    return group_id(desk.session, desk.client, desk.config.group)


# -- applying -----------------------------------------------------------------------------------

def apply(desk: Desk, member: Member, *, source: str, post: PostRef | None = None,
          answers: dict[str, str] | None = None, unsure: str | None = None) -> Outcome:
    """`member` asks to join the desk's programme, by a post in its application topic or through the form.

    Thanks them once (a threaded reply, or a PM when there is no post) and tells the approvers.
    `unsure` (why a post may not be an application, sync.citizens.reading) records it all the same
    but answers without telling them they applied, and says so to the approvers.
    """
    desk.lock_decisions()
    username = member.username
    application = application_of(desk.session, member, desk.programme.name)
    if application is not None and application.status in OPEN_OR_CITIZEN:
        _remember_post(application, post)
        status = "already_citizen" if application.status == ApplicationStatus.APPROVED else "already_applied"
        return Outcome("noop", status, username, f"@{username} is already {_describe(desk, application.status)}")
    if application is not None and not _is_new_request(application, post):
        _remember_post(application, post)
        return Outcome("noop", "already_decided", username,
                       f"@{username} was already {application.status}; the decision stands")
    if member.deleted or member.suspended or desk.is_approver(member):
        # Approvers chat in application topics all the time: their posts are not applications.
        return Outcome("noop", "not_eligible", username, f"@{username} is not eligible to apply")

    application = application or _new_application(desk, member)
    _open(application, post=post, answers=answers)
    batch = desk.next_batch(application)
    _acknowledge(desk, desk.outbox(batch), batch, username, post, unsure=unsure)
    _notify_approvers(desk, desk.outbox(f"{batch}:approvers"), f"{batch}:approvers", application, username,
                      unsure=unsure)
    if unsure:
        outcome = Outcome("ok", "applied_unsure", username,
                          f"@{username}'s post may be an application ({unsure}); approvers were asked")
    else:
        outcome = Outcome("ok", "applied", username, f"@{username} applied; approvers were told")
    return desk.audit("apply", outcome, actor=username, source=source, application=application.id,
                      post=post.url if post else None, answers=application.answers or None)


def _open(application: Application, *, post: PostRef | None, answers: dict[str, str] | None) -> None:
    """(Re)start an application: pending, from this post or form, with no decision on it."""
    application.status = ApplicationStatus.PENDING
    application.source = ApplicationSource.POST if post else ApplicationSource.IMPORT
    application.applied_at, application.answers = utcnow(), dict(answers or {})
    application.topic_id = application.post_id = application.post_number = application.post_url = None
    _remember_post(application, post)
    application.decided_by = application.decided_at = application.decided_from = None
    application.reason = application.error = None


def _is_new_request(application: Application, post: PostRef | None) -> bool:
    """A decided application opens again only for a post written after the decision.

    A post from before it is a late or out-of-order delivery (the /approve or /decline was
    processed first); form imports never re-open a decision (old exports get re-imported).
    """
    if post is None or post.created_at is None or application.decided_at is None:
        return False
    return post.created_at > as_utc(application.decided_at)


def _remember_post(application: Application, post: PostRef | None) -> None:
    if post is not None and application.post_id is None:
        application.topic_id, application.post_id = post.topic_id, post.post_id
        application.post_number, application.post_url = post.post_number, post.url


def _acknowledge(desk: Desk, outbox: Outbox, batch: str, username: str, post: PostRef | None, *,
                 unsure: str | None = None) -> None:
    if post is not None:
        template = messages.NOTED if unsure else messages.THANKS
        raw = desk.render(template, username=username, goal=desk.config.goal)
        outbox.reply(f"{batch}:thanks", post.topic_id, raw, reply_to_post_number=post.post_number)
    else:
        title = desk.render(messages.RECEIVED_TITLE, username=username)
        outbox.private_message(f"{batch}:received", title, desk.render(messages.RECEIVED, username=username), [username])


def _notify_approvers(desk: Desk, outbox: Outbox, batch: str, application: Application, username: str, *,
                      unsure: str | None = None) -> None:
    recipients = _approver_recipients(desk)
    if not recipients:
        return
    pending = desk.session.scalar(select(func.count()).where(Application.programme == desk.programme.name,
                                                             Application.status == ApplicationStatus.PENDING)) or 0
    raw = desk.render(messages.APPROVERS_NOTICE, username=username, post_url=application.post_url,
                      answers=application.answers or {}, pending=pending, unsure=unsure)
    title = desk.render(messages.APPROVERS_NOTICE_TITLE, username=username)
    outbox.private_message(f"{batch}:notice", title, raw, recipients, on_result=APPROVERS_MESSAGE_HOOK)


def _approver_recipients(desk: Desk) -> list[str]:
    """The approvers group, or every staff member by name (Discourse refuses PMs to its automatic groups)."""
    if desk.config.approvers_group:
        return [desk.config.approvers_group]
    bot = desk.bot_username.lower()
    return sorted(
        user["username"] for user in desk.client.iter_users("staff", page_size=ADMIN_USERS_PAGE_SIZE)
        if int(user.get("id", 0)) > 0 and user["username"].lower() != bot
    )


# -- deciding -----------------------------------------------------------------------------------

def approve(desk: Desk, username: str, *, actor: str, source: str, command_post: PostRef | None = None,
            already_in_group: bool = False) -> Outcome:
    """Make `username` a member of the programme: its group (which opens its private category), a
    welcome, progress, its badge.

    Approving someone who never applied records an application approved on the spot; approving a
    member changes nothing; approving after Discourse refused the group add retries that add.
    """
    desk.lock_decisions()
    member, problem = _member(desk, username)
    if problem:
        return desk.audit("approve", problem, actor=actor, source=source)
    username = member.username
    if member.suspended:
        return desk.audit("approve", Outcome("refused", "suspended", username, f"@{username} is suspended"),
                          actor=actor, source=source)
    if actor.lower() == username.lower():
        # Membership opens a private area: it takes a second person, as an application does.
        outcome = Outcome("refused", "self_approval", username, f"@{username} cannot approve themselves; another approver decides")
        return desk.audit("approve", outcome, actor=actor, source=source)
    application = application_of(desk.session, member, desk.programme.name)
    if _superseded(application, command_post, source):
        return desk.audit("approve", _superseded_outcome(application, username), actor=actor, source=source)
    if application is not None and application.status == ApplicationStatus.APPROVED:
        outcome = Outcome("noop", "already_citizen", username, f"@{username} is already {desk.programme.a_member}")
        return desk.audit("approve", outcome, actor=actor, source=source)
    if application is not None and application.status == ApplicationStatus.APPROVAL_FAILED:
        return _retry_grant(desk, application, username, actor=actor, source=source, already_in_group=already_in_group)

    application = application or _new_application(desk, member)
    previous = application.status
    _decide(application, ApplicationStatus.APPROVED, actor=actor, source=source)
    batch = application.grant_batch = desk.next_batch(application)
    desk.session.flush()
    number, goal = citizen_count(desk.session, desk.programme.name), desk.config.goal
    outbox = desk.outbox(batch)
    if not already_in_group:
        outbox.add_to_group(f"{batch}:add-to-group", desk.config.group, [username], on_result=GRANT_HOOK)
    welcome = desk.render(messages.WELCOME, username=username, number=number, goal=goal,
                          category_url=messages.category_url(desk.base_url, desk.config.category_id))
    outbox.private_message(f"{batch}:welcome", desk.render(messages.WELCOME_TITLE, username=username), welcome, [username])
    place = _announcement_place(desk, application, command_post)
    if place is not None:
        announcement = desk.render(messages.APPROVED, username=username, number=number, goal=goal)
        topic_id, reply_to_post_number = place
        outbox.reply(f"{batch}:announce", topic_id, announcement, reply_to_post_number=reply_to_post_number)
    if desk.config.badge:
        grants.grant(desk.uow, desk.settings, member_id=member.id, username=username, badge=desk.config.badge,
                     why=f"{desk.programme.member_noun} approved",
                     reason_url=f"{desk.base_url}/t/{place[0]}" if place else None)
    outcome = Outcome("ok", "approved", username,
                      f"@{username} approved: {desk.programme.member_noun} {number} of {goal}")
    return desk.audit("approve", outcome, actor=actor, source=source, application=application.id,
                      previous=previous, number=number, batch=batch)


def _announcement_place(desk: Desk, application: Application,
                        command_post: PostRef | None) -> tuple[int, int | None] | None:
    """(topic, post to reply to) for the progress announcement, which the community reads.

    Under the application; else under the command when it was typed in an application topic;
    else (a form applicant, an approval from the approvers' message or the CLI) in the first
    application topic. Never in a private message; nowhere when no application topic is configured.
    """
    topics = desk.config.application_topic_ids
    place = _application_post(application)
    if place is None and command_post is not None and command_post.topic_id in topics:
        place = command_post
    if place is not None:
        return place.topic_id, place.post_number
    return (topics[0], None) if topics else None


def _superseded(application: Application | None, command_post: PostRef | None, source: str) -> bool:
    """A thread command written before the application's current decision, which it did not take.

    That decision came later and stands: an older `/approve` processed late (or replayed with
    `circleup events replay` after a revocation) must not undo it. A replay of the command that
    took the decision is not superseded (it retries what that decision left undone).
    """
    if application is None or application.decided_at is None or application.decided_from == source:
        return False
    if command_post is None or command_post.created_at is None:
        return False
    return command_post.created_at < as_utc(application.decided_at)


def _superseded_outcome(application: Application, username: str) -> Outcome:
    return Outcome("noop", "superseded", username,
                   f"written before @{username}'s application was last decided ({application.status}); "
                   "that later decision stands")


def _retry_grant(desk: Desk, application: Application, username: str, *, actor: str, source: str,
                 already_in_group: bool) -> Outcome:
    """The earlier approval's group add failed: run that approval's actions again (same keys, so never twice)."""
    batch = application.grant_batch
    satisfied = {f"{batch}:add-to-group"} if already_in_group else set()
    desk.reopen(batch, satisfied=satisfied)
    application.status, application.error = ApplicationStatus.APPROVED, None
    outcome = Outcome("ok", "retrying", username, f"retrying the approval of @{username} (the group add had failed)")
    return desk.audit("approve", outcome, actor=actor, source=source, application=application.id, batch=batch)


def decline(desk: Desk, username: str, reason: str, *, actor: str, source: str,
            command_post: PostRef | None = None) -> Outcome:
    """Decline `username`'s application with a reason they are told kindly (PM, or reply if configured)."""
    desk.lock_decisions()
    reason = " ".join((reason or "").split())
    if not reason:
        outcome = Outcome("error", "reason_missing", username, "a decline needs a reason: the applicant is told it")
        return desk.audit("decline", outcome, actor=actor, source=source)
    member, problem = _member(desk, username)
    if problem:
        return desk.audit("decline", problem, actor=actor, source=source, reason=reason)
    username = member.username
    application = application_of(desk.session, member, desk.programme.name)
    if _superseded(application, command_post, source):
        outcome = _superseded_outcome(application, username)
        return desk.audit("decline", outcome, actor=actor, source=source, reason=reason)
    status = application.status if application else None
    if status == ApplicationStatus.APPROVED:
        outcome = Outcome("noop", "is_citizen", username,
                          f"@{username} is {desk.programme.a_member}: revoke instead of declining")
        return desk.audit("decline", outcome, actor=actor, source=source, reason=reason)
    if status in (ApplicationStatus.DECLINED, ApplicationStatus.REVOKED, ApplicationStatus.WITHDRAWN):
        outcome = Outcome("noop", "nothing_to_decline", username, f"@{username} has no open application ({status})")
        return desk.audit("decline", outcome, actor=actor, source=source, reason=reason)

    application = application or _new_application(desk, member)
    _decide(application, ApplicationStatus.DECLINED, actor=actor, source=source, reason=reason)
    batch = desk.next_batch(application)
    notice = desk.render(messages.DECLINED, username=username, reason=reason)
    place = _application_post(application)
    if desk.config.decline_notice == "reply" and place is not None:
        desk.outbox(batch).reply(f"{batch}:notice", place.topic_id, notice, reply_to_post_number=place.post_number)
    else:
        title = desk.render(messages.DECLINED_TITLE, username=username)
        desk.outbox(batch).private_message(f"{batch}:notice", title, notice, [username])
    outcome = Outcome("ok", "declined", username, f"@{username} declined; they are told why")
    return desk.audit("decline", outcome, actor=actor, source=source, application=application.id, reason=reason)


def revoke(desk: Desk, username: str, *, actor: str, source: str, reason: str | None = None,
           remove_from_group: bool = True) -> Outcome:
    """End a membership of the programme. `remove_from_group=False` when Discourse already took them out (or deleted them)."""
    desk.lock_decisions()
    member, problem = _member(desk, username)
    if problem:
        return desk.audit("revoke", problem, actor=actor, source=source)
    return revoke_member(desk, member, actor=actor, source=source, reason=reason, remove_from_group=remove_from_group)


def revoke_member(desk: Desk, member: Member, *, actor: str, source: str, reason: str | None = None,
                  remove_from_group: bool = True) -> Outcome:
    desk.lock_decisions()
    username = member.username
    application = application_of(desk.session, member, desk.programme.name)
    if application is None or application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED):
        outcome = Outcome("noop", "not_citizen", username, f"@{username} is not {desk.programme.a_member}")
        return desk.audit("revoke", outcome, actor=actor, source=source)
    in_group = application.status == ApplicationStatus.APPROVED
    # A grant still waiting to run (a 429, a queue behind), or failed and replayable, must not add
    # and welcome them after the removal.
    revoked = f"{desk.programme.member_noun} revoked"
    desk.cancel_unfinished(application.grant_batch, revoked)
    _decide(application, ApplicationStatus.REVOKED, actor=actor, source=source, reason=reason)
    if desk.config.badge:
        grants.revoke(desk.uow, desk.settings, member_id=member.id, badge=desk.config.badge, why=revoked)
    removing = remove_from_group and in_group and not member.deleted
    if removing:
        batch = desk.next_batch(application)
        desk.outbox(batch).remove_from_group(f"{batch}:remove-from-group", desk.config.group, [username])
    outcome = Outcome("ok", "revoked", username, f"@{username} is no longer {desk.programme.a_member}"
                      + ("; removing them from the group" if removing else ""))
    return desk.audit("revoke", outcome, actor=actor, source=source, application=application.id, reason=reason,
                      removed_from_group=removing)


def withdraw(desk: Desk, member: Member, *, source: str, reason: str) -> Outcome:
    """A pending application ends without a decision (the applicant was suspended or deleted)."""
    desk.lock_decisions()
    application = application_of(desk.session, member, desk.programme.name)
    if application is None or application.status != ApplicationStatus.PENDING:
        return Outcome("noop", "nothing_pending", member.username, f"@{member.username} has no pending application")
    _decide(application, ApplicationStatus.WITHDRAWN, actor=DISCOURSE_ACTOR, source=source, reason=reason)
    outcome = Outcome("ok", "withdrawn", member.username, f"the application of @{member.username} was withdrawn: {reason}")
    return desk.audit("withdraw", outcome, actor=DISCOURSE_ACTOR, source=source, application=application.id)


def _member(desk: Desk, username: str) -> tuple[Member | None, Outcome | None]:
    name = (username or "").strip().removeprefix("@")
    if not name or not is_valid_username(name):
        return None, Outcome("error", "bad_username", name or "(none)", f"{name!r} is not a Discourse username")
    member = member_by_username(desk.session, desk.client, name)
    if member is None:
        return None, Outcome("error", "unknown_user", name, f"no member is called {name}")
    if member.deleted:
        return None, Outcome("error", "deleted", member.username, f"the account of @{member.username} was deleted")
    return member, None


def _new_application(desk: Desk, member: Member) -> Application:
    application = Application(member_id=member.id, member=member, programme=desk.programme.name,
                              status=ApplicationStatus.PENDING, source=ApplicationSource.DECISION, answers={}, steps=0)
    desk.session.add(application)
    desk.session.flush()
    return application


def _decide(application: Application, status: str, *, actor: str, source: str, reason: str | None = None) -> None:
    application.status, application.reason, application.error = status, reason, None
    application.decided_by, application.decided_at, application.decided_from = actor[:60], utcnow(), source[:500]


def _application_post(application: Application) -> PostRef | None:
    if application.post_id is None:
        return None
    return PostRef(application.topic_id, application.post_id, application.post_number, application.post_url)


def _describe(desk: Desk, status: str) -> str:
    return {"approved": desk.programme.a_member, "pending": "waiting for a decision",
            "approval_failed": "approved (the group add failed; approve again to retry)"}.get(status, status)


# -- staying in step with Discourse -------------------------------------------------------------

def joined_group(desk: Desk, member: Member, *, source: str,
                 happened_at: dt.datetime | None = None) -> Outcome | None:
    """A moderator added `member` to the programme's group by hand: they are a member here too.

    circleup's own group add comes back as the same delivery; it finds them approved and does
    nothing, or, arriving after a later decision (a revocation), is older than it and ignored.
    """
    desk.lock_decisions()
    application = application_of(desk.session, member, desk.programme.name)
    if application is not None and application.status == ApplicationStatus.APPROVED:
        return None
    if _before_decision(application, happened_at):
        return None
    return approve(desk, member.username, actor=DISCOURSE_ACTOR, source=source, already_in_group=True)


def left_group(desk: Desk, member: Member, *, source: str,
               happened_at: dt.datetime | None = None) -> Outcome | None:
    desk.lock_decisions()
    application = application_of(desk.session, member, desk.programme.name)
    if application is None or application.status != ApplicationStatus.APPROVED:
        return None  # circleup's own removal coming back, or someone who never was a member
    if _before_decision(application, happened_at):
        return None  # circleup's own removal of an earlier citizenship, arriving after a re-approval
    return revoke_member(desk, member, actor=DISCOURSE_ACTOR, source=source,
                         reason="removed from the group in Discourse", remove_from_group=False)


def _before_decision(application: Application | None, happened_at: dt.datetime | None) -> bool:
    """A change in Discourse from before the application's current decision: that decision stands."""
    if application is None or application.decided_at is None or happened_at is None:
        return False
    return happened_at < as_utc(application.decided_at)


def member_gone(desk: Desk, member: Member, *, source: str, reason: str, still_in_group: bool) -> Outcome | None:
    """Suspended or deleted: membership ends (leaving the group too), a pending application is withdrawn."""
    desk.lock_decisions()
    application = application_of(desk.session, member, desk.programme.name)
    if application is None:
        return None
    if application.status == ApplicationStatus.PENDING:
        return withdraw(desk, member, source=source, reason=reason)
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED):
        return revoke_member(desk, member, actor=DISCOURSE_ACTOR, source=source, reason=reason,
                             remove_from_group=still_in_group)
    return None


def grant_result(session: Session, action: Action, ok: bool) -> None:
    """Record on the application whether Discourse accepted the group add (runs in the worker)."""
    application = session.scalar(select(Application).where(Application.grant_batch == action.batch))
    if application is None:
        return
    username = application.member.username
    if ok:
        _remember_group_id(session, action)
    if ok and application.status == ApplicationStatus.APPROVAL_FAILED:  # a replay got it through
        application.status, application.error = ApplicationStatus.APPROVED, None
        _hook_audit(session, application.programme, "grant_recovered", "ok", username, action,
                    "the group add went through on a retry")
    elif not ok and application.status == ApplicationStatus.APPROVED:
        application.status, application.error = ApplicationStatus.APPROVAL_FAILED, action.last_error
        _hook_audit(session, application.programme, "grant_failed", "error", username, action,
                    f"Discourse refused to add @{username} to the group: {action.last_error}")


def _remember_group_id(session: Session, action: Action) -> None:
    """The group add learnt the group's id: keep it, so its user_added_to_group echo costs no API read."""
    found = (action.result or {}).get("group_id")
    name = str(action.payload.get("group", ""))
    if found and name:
        remember_group_id(session, name, int(found))


def _hook_audit(session: Session, programme: str, verb: str, result: str, username: str, action: Action,
                message: str) -> None:
    AuditEntry.record(session, "circleup", f"{programme}.{verb}", subject=username, source=f"action:{action.key}",
                      outcome=result, message=message, batch=action.batch, error=action.last_error)


def approvers_message_sent(session: Session, action: Action, ok: bool) -> None:
    """Remember which programme a private message to approvers is about (runs in the worker): a
    `/approve` written there decides for that programme. Its batch is `<programme>:<member>:<step>:approvers`."""
    topic_id = (action.result or {}).get("topic_id") if ok else None
    if topic_id and session.get(ApproversMessage, int(topic_id)) is None:
        session.add(ApproversMessage(topic_id=int(topic_id), programme=action.batch.split(":", 1)[0]))


# -- newsletter ---------------------------------------------------------------------------------

def newsletter_key(content: str, programme: str = CITIZENS) -> str:
    """The issue's identity in a programme: the same text saved with other line endings or trailing
    blanks is the same issue.

    Lines lose their trailing whitespace and the text ends with one newline, as editors save it.
    """
    lines = [line.rstrip() for line in content.splitlines()]
    normalised = "\n".join(lines).strip("\n") + "\n"
    return f"{programme}:newsletter:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _keys_it_was_sent_under(content: str, programme: str) -> list[str]:
    # Issues sent before the text was normalised are keyed by the hash of the file as it was.
    return [newsletter_key(content, programme),
            f"{programme}:newsletter:" + hashlib.sha256(content.encode("utf-8")).hexdigest()]


def send_newsletter(desk: Desk, content: str, *, actor: str, source: str) -> Outcome:
    """Send an issue to every member of the desk's programme, at most once per content.

    Sending an issue again completes an earlier send that failed or was cancelled.
    """
    programme = desk.programme
    key = newsletter_key(content, programme.name)
    title, body = messages.split_newsletter(content, programme.title)
    earlier = desk.session.scalar(select(Action).where(Action.key.in_(_keys_it_was_sent_under(content, programme.name)))
                                  .order_by(Action.id.desc()).limit(1))
    if earlier is not None:
        return desk.audit("newsletter", _send_again(desk, earlier, title), actor=actor, source=source, key=key)
    if not body:
        return desk.audit("newsletter", Outcome("error", "empty", title, "the newsletter has no text"), actor=actor, source=source)
    raw = desk.render(messages.NEWSLETTER, body=body)
    outbox = desk.outbox(key)
    config = desk.config
    try:
        if config.newsletter == "topic":
            outbox.create_topic(key, title, raw, config.category_id)
            where = f"a new topic in category {config.category_id}"
        else:
            outbox.private_message(key, title, raw, [config.group])
            where = f"a message to the {config.group} group"
    except ValueError as exc:  # too short or too long for Discourse: say so now, not in the worker
        return desk.audit("newsletter", Outcome("error", "invalid", title, str(exc)), actor=actor, source=source)
    count = citizen_count(desk.session, programme.name)
    outcome = Outcome("ok", "sent", title, f"{title!r} goes to {count} {programme.members_noun} as {where}")
    return desk.audit("newsletter", outcome, actor=actor, source=source, key=key, mode=config.newsletter)


def _send_again(desk: Desk, earlier: Action, title: str) -> Outcome:
    if earlier.status in (ActionStatus.FAILED, ActionStatus.CANCELLED):
        outcome = Outcome("ok", "sending_again", title,
                          f"the earlier send of this issue ({title!r}) did not go out ({earlier.status}); sending it again")
        desk.reopen(earlier.batch)
        return outcome
    if earlier.status in ActionStatus.OPEN:
        return Outcome("noop", "on_its_way", title, f"this issue ({title!r}) is on its way (queued for the worker)")
    return Outcome("noop", "already_sent", title, f"this issue ({title!r}) was already sent")
