"""The moderators' dashboard at /dashboard: one page for the work that is awkward in the forum.

Its own pages are the overview and the events; every other page and form is a flow's (sync.pages,
declared in the flow's package and mounted here). Today:

    GET  /dashboard/                                overview: progress, failures, recent decisions
    GET  /dashboard/applications[?status=]          the queue, pending first; approve / decline
    POST /dashboard/applications/<username>/approve
    POST /dashboard/applications/<username>/decline  (form field `reason`)
    GET  /dashboard/citizens                        citizens, progress toward the goal; revoke
    POST /dashboard/citizens/<username>/revoke       (form field `reason`, optional)
    GET  /dashboard/events[?status=]                recent deliveries, failed ones with their error
    GET  /dashboard/events/<id>                     one event: error, actions, payload
    POST /dashboard/events/<id>/replay
    GET  /dashboard/matching[?topic_id=]            who was suggested for a circle, score and reasons
    GET  /dashboard/login · /login/start · /login/callback    sign in with the forum (DiscourseConnect)
    POST /dashboard/logout

Secrets come from the environment: DISCOURSE_CONNECT_SECRET (shared with the forum's
DiscourseConnect provider settings) and CIRCLEUP_SESSION_SECRET (signs the session cookie).
Without them the dashboard answers every page with a 503 that names what is missing, and the
rest of circleup runs as usual.
"""
from __future__ import annotations

import datetime as dt

import structlog
from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from circleup.sync import flows
from circleup.sync.citizens.programmes import approvers_groups
from circleup.webhooks.dashboard import auth, views  # noqa: F401 - attach their routes to the blueprint
from circleup.webhooks.dashboard.blueprint import DashboardState, bp
from circleup.webhooks.dashboard.connect import NonceStore

log = structlog.get_logger("circleup.dashboard")


def register(app: Flask) -> None:
    """Mount the dashboard on circleup's app, unless `dashboard.enabled` is false."""
    services = app.extensions["circleup"]
    settings = services.settings
    config = settings.dashboard
    if not config.enabled:
        return
    # app.config first, so tests (create_app's test_config) can set it without touching the environment.
    connect_secret = app.config.get("DISCOURSE_CONNECT_SECRET") or services.settings.discourse_connect_secret
    problems = []
    if not connect_secret:
        problems.append("DISCOURSE_CONNECT_SECRET (the forum's DiscourseConnect provider secret)")
    if not app.secret_key:
        # A key made up per process would sign out everyone on restart, and with several web
        # processes the answer from the forum lands on one that cannot read the session.
        problems.append("CIRCLEUP_SESSION_SECRET (signs the dashboard's session cookie)")
    if problems:
        log.warning("dashboard.not_configured", missing=[p.split(" ", 1)[0] for p in problems])

    public_url = config.public_url
    if public_url and public_url.startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=config.session_hours)
    app.extensions["circleup.dashboard"] = DashboardState(
        forum_url=settings.discourse_url,
        connect_secret=connect_secret,
        public_url=public_url,
        session_hours=config.session_hours,
        nonces=NonceStore(services.store, lifetime_s=config.sign_in_minutes * 60),
        approvers_groups=approvers_groups(settings),
        problems=problems,
    )
    app.register_blueprint(bp)
    # Each flow's pages, with their templates beside the dashboard's own (which they extend).
    registered = flows()
    app.extensions["circleup.dashboard"].nav = views.mount_flow_pages(app, registered)
    folders = {flow.name: FileSystemLoader(str(flow.page_folder)) for flow in registered if flow.page_folder}
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PrefixLoader(folders)])
