"""Signing in with the forum's account (DiscourseConnect provider), and signing out.

Who gets in is decided from what the forum says at that moment: staff (admin or moderator) and,
the members of any programme's `approvers_group` — the people who may `/approve` in its application
topic. Everyone else is told so, and gets no session.
"""
from __future__ import annotations

import hmac
from urllib.parse import urlencode

import structlog
from flask import flash, redirect, render_template, request, session, url_for

from circleup.integration.store.dashboard import AdmittedAs
from circleup.sync.members import upsert_member
from circleup.webhooks.dashboard.blueprint import (
    bp,
    end_member_sessions,
    end_this_session,
    message_page,
    safe_next,
    services,
    signed_in_user,
    start_session,
    state,
)
from circleup.webhooks.dashboard.connect import ConnectError, Identity, read_answer, request_payload

log = structlog.get_logger("circleup.dashboard")


@bp.get("/login")
def login():
    if signed_in_user() is not None:
        return redirect(url_for("dashboard.index"))
    return render_template("dashboard/login.html", next=safe_next(request.args.get("next")),
                           forum_host=state().forum_url.split("://", 1)[-1])


@bp.get("/login/start")
def login_start():
    """Send the browser to the forum with a fresh nonce; remember it in this browser's session too."""
    dashboard = state()
    previous = session.get("sso_nonce")
    if previous:
        dashboard.nonces.discard(previous)  # a second click: the first nonce will never come back
    nonce = dashboard.nonces.issue()
    session["sso_nonce"] = nonce
    session["next"] = safe_next(request.args.get("next"))
    query = urlencode(request_payload(dashboard.connect_secret, nonce, _return_url()))
    return redirect(f"{dashboard.forum_url}/session/sso_provider?{query}", code=302)


def _return_url() -> str:
    public_url = state().public_url
    if public_url:
        return public_url.rstrip("/") + url_for("dashboard.callback")
    return url_for("dashboard.callback", _external=True)


@bp.get("/login/callback")
def callback():
    dashboard = state()
    try:
        fields = read_answer(dashboard.connect_secret, request.args.get("sso", ""), request.args.get("sig", ""))
        nonce = fields.get("nonce", "")
        dashboard.nonces.redeem(nonce)
        # The nonce must also be the one this browser was sent off with: otherwise someone could
        # finish their own sign-in in a victim's browser (login CSRF) and have them act as them.
        if not hmac.compare_digest(session.pop("sso_nonce", "").encode(), nonce.encode()):
            raise ConnectError("This sign-in was started in another browser or tab; please start again here.")
        if fields.get("failed") == "true":
            return message_page(401, "Not signed in to the forum",
                                "The forum says nobody is signed in. Sign in there first, then come back.",
                                action=("Try again", url_for("dashboard.login")))
        identity = Identity.from_answer(fields)
    except ConnectError as exc:
        log.warning("dashboard.sign_in_refused", reason=str(exc), remote=request.remote_addr)
        return message_page(exc.status, "Sign-in did not work", str(exc), action=("Start again", url_for("dashboard.login")))

    via = _admitted_as(identity)
    if via is None:
        session.clear()
        # The forum's word is fresh: sessions this member opened while they had the right end too.
        ended = end_member_sessions(identity.user_id, "the forum no longer lists them as staff or in the approvers group")
        log.warning("dashboard.not_allowed", username=identity.username, sessions_ended=ended)
        groups = dashboard.approvers_groups
        who = "forum staff" + (f" and members of the {', '.join(groups)} group{'s' if len(groups) > 1 else ''}"
                               if groups else "")
        return message_page(403, "This dashboard is for approvers",
                            f"You are signed in to the forum as @{identity.username}, but the moderators' "
                            f"dashboard is only for {who}. If you should have access, ask a moderator.",
                            action=("Back to the forum", dashboard.forum_url))

    with services().store.session() as db:
        # Fresh from the forum: the staff flags every later decision checks (Desk.is_approver).
        upsert_member(db, {"id": identity.user_id, "username": identity.username, "name": identity.name or None,
                           "admin": identity.admin, "moderator": identity.moderator})
    next_url = session.get("next")
    start_session(identity.user_id, identity.username, via)
    log.info("dashboard.signed_in", username=identity.username, via=via)
    return redirect(next_url or url_for("dashboard.index"), code=303)


def _admitted_as(identity: Identity) -> str | None:
    """Why this person may use the dashboard (an AdmittedAs), or None."""
    if identity.admin:
        return AdmittedAs.ADMIN
    if identity.moderator:
        return AdmittedAs.MODERATOR
    if any(group.lower() in identity.groups for group in state().approvers_groups):
        return AdmittedAs.APPROVERS_GROUP
    return None


@bp.post("/logout")
def logout():
    username = (signed_in_user() or {}).get("username")
    end_this_session("signed out")  # every copy of this session's cookie stops working too
    log.info("dashboard.signed_out", username=username)
    flash("You are signed out of the dashboard (the forum keeps its own session).", "ok")
    return redirect(url_for("dashboard.login"), code=303)
