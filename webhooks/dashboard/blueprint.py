"""The dashboard's frame: its blueprint, its per-app state, and what every request goes through.

Every request under /dashboard passes `_guard` first: the static stylesheet and the sign-in
routes are the only ones open to a signed-out visitor; everything else needs a live session, and
every POST also needs the session's CSRF token. Sessions are rows in the database (see
"the session" below), so ending one ends it everywhere. Responses carry headers that keep the pages out
of frames (the buttons approve people), out of caches (a shared computer's back button must not
show them after sign-out) and out of Referer headers sent to the forum.
"""
from __future__ import annotations

import datetime as dt
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, session, url_for

from circleup.integration.store import as_utc
from circleup.integration.store.dashboard import end_sessions, open_session, session_for
from circleup.webhooks.dashboard.connect import NonceStore

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates",
               static_folder="static", static_url_path="/static")

# Reachable without a session: the stylesheet (no data) and the three steps of signing in.
PUBLIC_ENDPOINTS = frozenset({"dashboard.static", "dashboard.login", "dashboard.login_start", "dashboard.callback"})
CSRF_FIELD = "csrf_token"


@dataclass
class DashboardState:
    """What one app's dashboard needs, built once by `register` (app.extensions["circleup.dashboard"])."""

    forum_url: str
    connect_secret: str | None
    public_url: str | None
    session_hours: int
    nonces: NonceStore
    approvers_groups: tuple[str, ...]  # every programme's approvers group (staff are let in anyway)
    problems: list[str] = field(default_factory=list)  # why sign-in cannot work; shown instead of pages
    nav: list[tuple[str, str]] = field(default_factory=list)  # the flows' pages: (endpoint, label)
    clock: Callable[[], float] = time.time

    @property
    def session_seconds(self) -> float:
        return self.session_hours * 3600.0


def state() -> DashboardState:
    return current_app.extensions["circleup.dashboard"]


def services():
    return current_app.extensions["circleup"]


# -- pages that are not the data -------------------------------------------------------------

def message_page(status: int, title: str, text: str, *, action: tuple[str, str] | None = None) -> tuple[str, int]:
    """A calm page that says what happened and what to do; `action` is a (label, URL) link."""
    return render_template("dashboard/message.html", title=title, text=text, action=action), status


def safe_next(value: str | None) -> str | None:
    """A path inside the dashboard to return to after sign-in; anything else (another host,
    `//evil.example`, a path outside /dashboard) is dropped, so sign-in is never an open redirect."""
    if not value:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return None  # urlsplit drops tabs and newlines silently; a Location header refuses them
    parts = urlsplit(value)
    prefix = bp.url_prefix
    if parts.scheme or parts.netloc or value.startswith("//") or "\\" in value:
        return None
    if parts.path != prefix and not parts.path.startswith(prefix + "/"):
        return None
    return value


# -- the session -----------------------------------------------------------------------------
#
# The cookie (signed by Flask) carries a random token and the CSRF token; who is signed in, since
# when and until when is the `dashboard_sessions` row the token names. Ending that row — signing
# out, a role that ends, `circleup dashboard sessions end` — ends the session for every copy of
# the cookie, in every web process, at the next request.

LAST_SEEN_EVERY = dt.timedelta(minutes=1)  # how often a busy session's last_seen_at is written


def now_utc() -> dt.datetime:
    return dt.datetime.fromtimestamp(state().clock(), dt.UTC)


def signed_in_user() -> dict[str, Any] | None:
    """The moderator of this request's session, or None (no session, or one that has ended).

    A session found ended clears the cookie and says why on the next page."""
    if "moderator" in g:
        return g.moderator
    g.moderator = None
    token = session.get("token")
    if not token:
        return None
    now = now_utc()
    with services().store.session() as db:
        row = session_for(db, token)
        if row is None or not row.is_live(now):
            session.clear()
            if row is not None:
                reason = row.ended_reason or f"it lasts {state().session_hours} hours (dashboard.session_hours)"
                flash(f"You were signed out of the dashboard: {reason}.", "note")
            return None
        if now - as_utc(row.last_seen_at) >= LAST_SEEN_EVERY:
            row.last_seen_at = now
        g.moderator = {"id": row.member_id, "username": row.username, "via": row.admitted_as,
                       "session_id": row.id, "rights_checked_at": as_utc(row.rights_checked_at)}
    return g.moderator


def start_session(member_id: int, username: str, admitted_as: str) -> None:
    """A fresh session for a moderator who just signed in: nothing from before survives (no
    fixation), a new token names a new row, and a new CSRF token is drawn."""
    session.clear()
    with services().store.session() as db:
        token = open_session(db, member_id=member_id, username=username, admitted_as=admitted_as,
                             lifetime=dt.timedelta(seconds=state().session_seconds), now=now_utc(),
                             remote=request.remote_addr, user_agent=request.user_agent.string)
    session.permanent = True
    session["token"] = token
    session["csrf"] = secrets.token_urlsafe(32)
    g.pop("moderator", None)


def end_this_session(reason: str) -> None:
    """End the session of this request, wherever else its cookie is."""
    token = session.get("token")
    if token:
        with services().store.session() as db:
            row = session_for(db, token)
            if row is not None:
                end_sessions(db, reason, now=now_utc(), ids=[row.id])
    session.clear()
    g.moderator = None


def end_member_sessions(member_id: int, reason: str) -> int:
    """End every session of one member (a right they no longer have)."""
    with services().store.session() as db:
        ended = end_sessions(db, reason, now=now_utc(), member_id=member_id)
    if g.get("moderator") and g.moderator["id"] == member_id:
        session.clear()
        g.moderator = None
    return ended


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def _csrf_problem() -> tuple[str, int] | None:
    sent = request.form.get(CSRF_FIELD, "")
    if not sent:
        return message_page(400, "Missing form token",
                            "This form arrived without its security token. Reload the page and try again.")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        return message_page(403, "Form token does not match",
                            "This form was not sent from your dashboard session (or the session changed). "
                            "Reload the page and try again.")
    return None


@bp.before_request
def _guard():
    if request.endpoint == "dashboard.static":
        return None
    dashboard = state()
    if dashboard.problems:
        return message_page(503, "The dashboard is not set up",
                            "Signing in needs: " + "; ".join(dashboard.problems) + ". See README, Dashboard.")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    user = signed_in_user()
    if user is None:
        # The same answer for every URL, whether or not it names something that exists.
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("dashboard.login", next=safe_next(target)), code=303)
    if request.method == "POST":
        return _csrf_problem()
    return None


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "dashboard.static":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "csrf_field": CSRF_FIELD, "when": when, "forum_url": state().forum_url,
            "moderator": g.get("moderator"), "flow_pages": state().nav}


def when(value: dt.datetime | None) -> str:
    """A stored time as moderators read it: UTC, to the minute."""
    if value is None:
        return "—"
    if value.tzinfo is None:  # SQLite hands back naive datetimes; circleup stores UTC
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
