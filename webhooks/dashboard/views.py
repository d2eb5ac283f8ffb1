"""The dashboard's pages (GET, read-only) and its actions (POST forms, then back to the page).

Decisions go through the citizens service functions, exactly as `/approve` in the thread and
`circleup citizens approve` do: one transaction records the decision, its outbox actions and its
audit entry; the batches are handed to the queue after it commits, and the worker performs them.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

import structlog
from flask import current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from circleup.integration.errors import PermanentError, RetryLater, TransientError
from circleup.integration.store import (
    MAX_ROW_ID,
    Action,
    ActionStatus,
    AuditEntry,
    Event,
    EventStatus,
    Member,
    MemberSkill,
    SkillKind,
)
from circleup.sync.citizens.models import ApplicationStatus
from circleup.sync.matching.models import MatchingSuggestion
from circleup.sync.citizens import Desk, Outcome, applications, approve, decline, progress, revoke
from circleup.sync.matching.suggestions import circle_of, recent_circles, suggestions_for_topic
from circleup.sync.members import find_member
from circleup.sync.worker import EventNotFinished
from circleup.integration.store.dashboard import DashboardSession
from circleup.webhooks.dashboard.blueprint import bp, end_member_sessions, message_page, now_utc, services

log = structlog.get_logger("circleup.dashboard")

SOURCE = "dashboard"  # the audit log's `source` for every decision taken here
RIGHTS_RECHECK_SECONDS = 300  # how long a page trusts the forum's last word on a moderator's rights
RECENT_EVENTS = 50
RECENT_AUDIT = 15
RECENT_CIRCLES = 20
FAILED_EVENTS_SHOWN = 100
# The queue moderators work through: undecided first, then what needs a second look.
QUEUE_ORDER = {ApplicationStatus.PENDING: 0, ApplicationStatus.APPROVAL_FAILED: 1}
CITIZEN_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED, ApplicationStatus.REVOKED)
EVENT_STATUSES = (EventStatus.FAILED, EventStatus.RECEIVED, EventStatus.PROCESSING, EventStatus.PROCESSED,
                  EventStatus.IGNORED)


def _goal() -> int:
    return services().settings.citizens.goal


# -- overview --------------------------------------------------------------------------------

@bp.get("/")
def index():
    with services().store.session() as session:
        return render_template(
            "dashboard/index.html",
            progress=progress(session, _goal()),
            failed_events=_count(session, Event.status == EventStatus.FAILED),
            failed_actions=_count(session, Action.status == ActionStatus.FAILED, model=Action),
            recent=session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(RECENT_AUDIT)).all(),
        )


def _count(session: Session, condition, *, model=Event) -> int:
    return session.scalar(select(func.count()).select_from(model).where(condition)) or 0


# -- applications ----------------------------------------------------------------------------

@bp.get("/applications")
def applications_page():
    status = request.args.get("status") or None
    if status not in (None, *ApplicationStatus.ALL):
        status = None
    with services().store.session() as session:
        rows = applications(session, status)  # oldest first: first come, first decided
        rows.sort(key=lambda row: QUEUE_ORDER.get(row.status, 2))  # stable: keeps the age order within each
        return render_template(
            "dashboard/applications.html",
            rows=rows, status=status, statuses=ApplicationStatus.ALL, progress=progress(session, _goal()),
            skills=_skills_of(session, [row.member_id for row in rows]),
        )


def _skills_of(session: Session, member_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """{member id: {"share": [...], "learn": [...]}}, in one query."""
    skills: dict[int, dict[str, list[str]]] = defaultdict(lambda: {SkillKind.SHARE: [], SkillKind.LEARN: []})
    if member_ids:
        query = select(MemberSkill).where(MemberSkill.member_id.in_(member_ids)).order_by(MemberSkill.skill)
        for row in session.scalars(query):
            skills[row.member_id].setdefault(row.kind, []).append(row.skill)
    return skills


@bp.post("/applications/<username>/approve")
def approve_application(username: str):
    outcome = _at_desk("approve", lambda desk: approve(desk, username, actor=_actor(), source=SOURCE))
    return _after(outcome, "dashboard.applications_page")


@bp.post("/applications/<username>/decline")
def decline_application(username: str):
    reason = request.form.get("reason", "")
    if " ".join(reason.split()) and not _confirmed():
        # (Without a reason the decline is refused anyway, and says why: nothing to confirm.)
        config = services().settings.citizens
        told = "in a reply under their application" if config.decline_notice == "reply" else "in a private message"
        return _confirm_page("decline", username, "dashboard.applications_page",
                             f"Their application is declined, and they are told this reason {told}.", reason)
    outcome = _at_desk("decline", lambda desk: decline(desk, username, reason, actor=_actor(), source=SOURCE))
    return _after(outcome, "dashboard.applications_page")


# -- citizens --------------------------------------------------------------------------------

@bp.get("/citizens")
def citizens_page():
    with services().store.session() as session:
        rows = [row for row in applications(session) if row.status in CITIZEN_STATUSES]
        rows.sort(key=lambda row: (CITIZEN_STATUSES.index(row.status), -(row.decided_at or row.applied_at).timestamp()))
        return render_template("dashboard/citizens.html", rows=rows, progress=progress(session, _goal()))


@bp.post("/citizens/<username>/revoke")
def revoke_citizen(username: str):
    reason = " ".join(request.form.get("reason", "").split()) or None
    if not _confirmed():
        group = services().settings.citizens.group
        return _confirm_page("revoke", username, "dashboard.citizens_page",
                             f"They stop being a citizen and are removed from the {group} group, and with it "
                             "from the places only citizens may see.", reason)
    outcome = _at_desk("revoke", lambda desk: revoke(desk, username, actor=_actor(), source=SOURCE, reason=reason))
    return _after(outcome, "dashboard.citizens_page")


# -- deciding --------------------------------------------------------------------------------

CONFIRM_FIELD = "confirmed"


def _confirmed() -> bool:
    return request.form.get(CONFIRM_FIELD) == "yes"


def _confirm_page(verb: str, username: str, back: str, consequence: str, reason: str | None):
    """Ask before a decision that takes something from someone: who it is, and what happens to them.
    Nothing has changed yet; the form below sends the same request again, confirmed."""
    with services().store.session() as session:
        member = find_member(session, username)
        who = {"username": member.username if member else username, "name": member.name if member else None}
    return render_template("dashboard/confirm.html", verb=verb, member=who, consequence=consequence,
                           reason=" ".join((reason or "").split()), back=url_for(back),
                           action=request.path, confirm_field=CONFIRM_FIELD)


def _actor() -> str:
    return g.moderator["username"]


def _at_desk(verb: str, work: Callable[[Desk], Outcome]) -> Outcome:
    """Run one decision in one unit of work (which queues the Discourse writes it recorded once it commits).

    The approver's right is checked again here, as the thread does for every command: the forum
    said so at sign-in, but a moderator removed from the approvers group since must not decide.
    """
    subject = request.view_args.get("username", "")
    try:
        with services().unit_of_work(source=SOURCE) as uow:
            desk = Desk(uow, services())
            if not _still_approver(desk):
                refusal = Outcome("refused", "not_approver", subject, f"@{_actor()} is no longer an approver")
                outcome = desk.audit(verb, refusal, actor=_actor(), source=SOURCE)
            else:
                outcome = work(desk)
    except (RetryLater, TransientError) as exc:
        # Checking approver rights or looking a member up needs the forum; the transaction rolled
        # back, so nothing half-happened and the moderator can simply try again.
        log.warning("dashboard.forum_unavailable", verb=verb, actor=_actor(), error=str(exc))
        return Outcome("error", "forum_unavailable", subject,
                       "The forum did not answer, so nothing was changed; please try again in a minute")
    except PermanentError as exc:
        log.error("dashboard.forum_refused", verb=verb, actor=_actor(), error=str(exc))
        return Outcome("error", "forum_refused", subject,
                       f"The forum refused circleup's request ({exc}), so nothing was changed; "
                       "`circleup doctor` checks the API key and its rights")
    log.info("dashboard.decision", verb=verb, actor=_actor(), subject=outcome.subject, result=outcome.result,
             status=outcome.status)
    return outcome


def _still_approver(desk: Desk) -> bool:
    me = desk.session.get(Member, g.moderator["id"])
    return me is not None and not me.suspended and desk.is_approver(me)


@bp.before_request
def _rights_still_hold():
    """Every few minutes, ask the forum again whether this moderator may still use the dashboard
    (a decision always asks, in _at_desk). If not, every session of theirs ends. If the forum does
    not answer, the page is shown and the next request asks again."""
    me = g.get("moderator")
    if me is None:
        return None
    now = now_utc()
    if (now - me["rights_checked_at"]).total_seconds() < RIGHTS_RECHECK_SECONDS:
        return None
    try:
        with services().unit_of_work(source=SOURCE) as uow:
            allowed = _still_approver(Desk(uow, services()))
            if allowed:
                uow.session.execute(update(DashboardSession).where(DashboardSession.id == me["session_id"])
                                    .values(rights_checked_at=now))
    except (RetryLater, TransientError, PermanentError) as exc:
        # A forum that is down, or refuses circleup's key, cannot say no either; decisions still
        # ask it every time and are refused while it cannot answer.
        log.warning("dashboard.rights_unchecked", actor=_actor(), error=str(exc))
        return None
    if allowed:
        return None
    return _rights_lapsed()


def _rights_lapsed():
    username = _actor()
    ended = end_member_sessions(g.moderator["id"], "the forum no longer lists them as staff or in the approvers group")
    log.warning("dashboard.rights_lapsed", actor=username, sessions_ended=ended)
    return message_page(403, "This dashboard is for approvers",
                        f"The forum no longer lists @{username} as staff or in the approvers group, so you "
                        "are signed out (on every device). If you should have access, ask a moderator.")


def _after(outcome: Outcome, endpoint: str):
    if outcome.status == "not_approver":
        username = _actor()
        end_member_sessions(g.moderator["id"], "the forum no longer lists them as staff or in the approvers group")
        return message_page(403, "You can no longer decide",
                            f"@{username} is no longer an approver: the forum no longer lists you as staff or in the "
                            "approvers group. Nothing was changed, and you are signed out.")
    category = {"ok": "ok", "noop": "note"}.get(outcome.result, "error")
    flash(outcome.message + (" — the forum is updated in a moment." if outcome.changed else ""), category)
    return redirect(url_for(endpoint), code=303)


# -- events ----------------------------------------------------------------------------------

@bp.get("/events")
def events_page():
    status = request.args.get("status") or None
    if status not in (None, *EVENT_STATUSES):
        status = None
    with services().store.session() as session:
        counts = dict(session.execute(select(Event.status, func.count()).group_by(Event.status)).all())
        failed = session.scalars(select(Event).where(Event.status == EventStatus.FAILED)
                                 .order_by(Event.id.desc()).limit(FAILED_EVENTS_SHOWN)).all()
        recent_query = select(Event).order_by(Event.id.desc()).limit(RECENT_EVENTS)
        if status:
            recent_query = recent_query.where(Event.status == status)
        return render_template("dashboard/events.html", failed=failed, recent=session.scalars(recent_query).all(),
                               counts=counts, statuses=EVENT_STATUSES, status=status)


@bp.get("/events/<int:event_pk>")
def event_page(event_pk: int):
    with services().store.session() as session:
        event = session.get(Event, event_pk) if event_pk <= MAX_ROW_ID else None
        if event is None:
            return message_page(404, "No such event", f"There is no event {event_pk}; it may have been pruned.",
                                action=("All events", url_for("dashboard.events_page")))
        actions = session.scalars(select(Action).where(Action.event_pk == event.id).order_by(Action.seq, Action.id)).all()
        return render_template("dashboard/event.html", event=event, actions=actions, payload=_pretty(event.body))


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


@bp.post("/events/<int:event_pk>/replay")
def replay_event(event_pk: int):
    """Queue an event again (as `circleup events replay`); its actions keep their idempotency keys."""
    try:
        if event_pk > MAX_ROW_ID:
            raise LookupError(event_pk)
        current_app.extensions["circleup.worker"].replay_event(event_pk)
    except LookupError:
        flash(f"There is no event {event_pk}.", "error")
    except EventNotFinished as exc:
        flash(f"{str(exc)[0].upper()}{str(exc)[1:]}.", "error")
    else:
        log.info("dashboard.replay", actor=_actor(), event_pk=event_pk)
        flash(f"Event {event_pk} is queued again; the worker processes it in a moment.", "ok")
    if request.form.get("back") == "event":
        return redirect(url_for("dashboard.event_page", event_pk=event_pk), code=303)
    return redirect(url_for("dashboard.events_page"), code=303)


# -- matching --------------------------------------------------------------------------------

MAX_TOPIC_ID = 2**63 - 1  # circles' topic ids are 64-bit columns; a larger number names no topic


@bp.get("/matching")
def matching_page():
    """Who was suggested for a learning circle, with the score and the reasons of each."""
    raw_topic = request.args.get("topic_id", "").strip().lstrip("#")
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses.
    topic_id = int(raw_topic) if raw_topic.isascii() and raw_topic.isdigit() else None
    if topic_id is not None and topic_id > MAX_TOPIC_ID:
        topic_id = None
    with services().store.session() as session:
        circles = recent_circles(session, limit=RECENT_CIRCLES)
        counts = dict(session.execute(select(MatchingSuggestion.topic_id, func.count())
                                      .where(MatchingSuggestion.current.is_(True),
                                             MatchingSuggestion.topic_id.in_([c.topic_id for c in circles]))
                                      .group_by(MatchingSuggestion.topic_id)).all())
        circle = circle_of(session, topic_id) if topic_id else None
        revisions: dict[int, list[MatchingSuggestion]] = {}
        if topic_id:
            # Every revision of circleup's reply, newest first: what it says now, and what it said before.
            for row in suggestions_for_topic(session, topic_id, history=True):
                revisions.setdefault(row.revision, []).append(row)
        return render_template("dashboard/matching.html", circles=circles, counts=counts, topic_id=topic_id,
                               asked=raw_topic, circle=circle, revisions=revisions)
