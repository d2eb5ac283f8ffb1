"""The dashboard's own pages (overview, events) and the frame of every flow's pages and actions.

A flow declares its pages and forms (sync.pages); `mount_flow_pages` puts them behind the
dashboard's sign-in and CSRF checks. A form decides at the desk of the programme it names (its
`programme` field; citizens when it names none) in one unit of work, exactly as `/approve` in the
thread and `circleup citizens approve` do: the decision, its outbox actions and
its audit entry commit together and the unit of work queues the actions; the worker performs them.
"""
from __future__ import annotations

import json
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
)
from circleup.sync.citizens import Desk, Outcome, progress_of
from circleup.sync.citizens.config import CITIZENS
from circleup.sync.citizens.programmes import UnknownProgramme, all_programmes
from circleup.sync.pages import ActionRequest, Page, PageAction, PageNotFound, PageRequest
from circleup.sync.members import find_member
from circleup.sync.worker import EventNotFinished
from circleup.integration.store.dashboard import DashboardSession
from circleup.webhooks.dashboard.blueprint import bp, end_member_sessions, message_page, now_utc, services

log = structlog.get_logger("circleup.dashboard")

SOURCE = "dashboard"  # the audit log's `source` for every decision taken here
RIGHTS_RECHECK_SECONDS = 300  # how long a page trusts the forum's last word on a moderator's rights
RECENT_EVENTS = 50
RECENT_AUDIT = 15
FAILED_EVENTS_SHOWN = 100
EVENT_STATUSES = (EventStatus.FAILED, EventStatus.RECEIVED, EventStatus.PROCESSING, EventStatus.PROCESSED,
                  EventStatus.IGNORED)


# -- overview --------------------------------------------------------------------------------

@bp.get("/")
def index():
    with services().store.session() as session:
        progresses = [progress_of(session, programme) for programme in all_programmes(services().settings)]
        return render_template(
            "dashboard/index.html",
            progresses=progresses,
            pending=sum(p.by_status["pending"] for p in progresses),
            failed_events=_count(session, Event.status == EventStatus.FAILED),
            failed_actions=_count(session, Action.status == ActionStatus.FAILED, model=Action),
            recent=session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(RECENT_AUDIT)).all(),
        )


def _count(session: Session, condition, *, model=Event) -> int:
    return session.scalar(select(func.count()).select_from(model).where(condition)) or 0


# -- the flows' pages ------------------------------------------------------------------------

def mount_flow_pages(app, flows) -> list[tuple[str, str]]:
    """Route every flow's pages and forms on `app`, inside the dashboard (its guards, its templates);
    returns the navigation: (endpoint, label) of each listed page, in the flows' order."""
    nav = []
    for flow in flows:
        for page in flow.pages:
            app.add_url_rule(bp.url_prefix + page.path, endpoint=f"{bp.name}.{page.endpoint}",
                             view_func=_show(page), methods=["GET"])
            if page.label:
                nav.append((f"{bp.name}.{page.endpoint}", page.label))
        for action in flow.page_actions:
            app.add_url_rule(bp.url_prefix + action.path, endpoint=f"{bp.name}.{action.endpoint}",
                             view_func=_decide(action), methods=["POST"])
    return nav


def _show(page: Page):
    def view(**params):
        with services().store.session() as session:
            try:
                values = page.load(PageRequest(session, services(), request.args, params))
            except PageNotFound as exc:
                return message_page(404, "Not found", str(exc))
            return render_template(page.template, **values)

    view.__name__ = page.endpoint
    return view


def _decide(action: PageAction):
    def view(**params):
        programme = request.form.get("programme") or None
        if action.confirm is not None and not _confirmed():
            consequence = action.confirm(services().settings, request.form)
            if consequence:
                return _confirm_page(action.verb, str(params.get("username", "")), f"{bp.name}.{action.back_to}",
                                     consequence, request.form.get("reason"), programme)
        outcome = _at_desk(action.verb, lambda desk: action.run(
            ActionRequest(desk, request.form, params, _actor(), SOURCE)), subject=str(params.get("username", "")),
            programme=programme)
        return _after(outcome, f"{bp.name}.{action.back_to}", programme)

    view.__name__ = action.endpoint
    return view


# -- deciding --------------------------------------------------------------------------------

CONFIRM_FIELD = "confirmed"


def _confirmed() -> bool:
    return request.form.get(CONFIRM_FIELD) == "yes"


def _confirm_page(verb: str, username: str, back: str, consequence: str, reason: str | None, programme: str | None):
    """Ask before a decision that takes something from someone: who it is, and what happens to them.
    Nothing has changed yet; the form below sends the same request again, confirmed."""
    with services().store.session() as session:
        member = find_member(session, username)
        who = {"username": member.username if member else username, "name": member.name if member else None}
    return render_template("dashboard/confirm.html", verb=verb, member=who, consequence=consequence,
                           reason=" ".join((reason or "").split()), back=_url(back, programme), programme=programme,
                           action=request.path, confirm_field=CONFIRM_FIELD)


def _actor() -> str:
    return g.moderator["username"]


def _at_desk(verb: str, work: Callable[[Desk], Outcome], *, subject: str = "", programme: str | None = None) -> Outcome:
    """Run one decision for a programme in one unit of work (which queues the Discourse writes it
    recorded once it commits).

    The approver's right is checked again here, for that programme, as the thread does for every
    command: the forum said so at sign-in, but a moderator removed from the approvers group since
    must not decide, and an approver of one programme does not decide for another.
    """
    try:
        with services().unit_of_work(source=SOURCE) as uow:
            try:
                desk = Desk(uow, services(), programme)
            except UnknownProgramme as exc:
                return Outcome("error", "unknown_programme", subject, str(exc))
            if _still_approver(desk):
                outcome = work(desk)
            elif _approves_somewhere(desk):
                refusal = Outcome("refused", "not_programme_approver", subject,
                                  f"@{_actor()} does not approve for {desk.programme.title}: one of its approvers decides")
                outcome = desk.audit(verb, refusal, actor=_actor(), source=SOURCE)
            else:
                refusal = Outcome("refused", "not_approver", subject, f"@{_actor()} is no longer an approver")
                outcome = desk.audit(verb, refusal, actor=_actor(), source=SOURCE)
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


def _approves_somewhere(desk: Desk) -> bool:
    """Whether the moderator still approves for some programme (their right to the dashboard)."""
    return any(_still_approver(Desk(desk.uow, desk.services, programme))
               for programme in all_programmes(desk.settings) if programme.name != desk.programme.name)


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
            allowed = any(_still_approver(Desk(uow, services(), programme))
                          for programme in all_programmes(services().settings))
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


def _url(endpoint: str, programme: str | None) -> str:
    """The page again, on the programme's tab."""
    return url_for(endpoint, programme=programme) if programme and programme != CITIZENS else url_for(endpoint)


def _after(outcome: Outcome, endpoint: str, programme: str | None = None):
    if outcome.status == "not_approver":
        username = _actor()
        end_member_sessions(g.moderator["id"], "the forum no longer lists them as staff or in the approvers group")
        return message_page(403, "You can no longer decide",
                            f"@{username} is no longer an approver: the forum no longer lists you as staff or in the "
                            "approvers group. Nothing was changed, and you are signed out.")
    category = {"ok": "ok", "noop": "note"}.get(outcome.result, "error")
    flash(outcome.message + (" — the forum is updated in a moment." if outcome.changed else ""), category)
    return redirect(_url(endpoint, programme), code=303)


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
