"""The Flask application factory (the Flask tutorial's `create_app`)."""
from __future__ import annotations

import os
from typing import Any

import structlog
from flask import Flask, Response, jsonify

from circleup.sync import load_settings
from circleup.integration.inbox import Inbox
from circleup.integration.logs import configure_logging, effective_level
from circleup.integration.services import Services
from circleup.sync.wiring import build_worker

log = structlog.get_logger("circleup.app")


def create_app(test_config: dict[str, Any] | None = None, *, services: Services | None = None) -> Flask:
    """Build the web app. `test_config` may hold `env` (a mapping replacing os.environ) and
    `overrides` (YAML sections); `services` lets tests share one Services with a worker."""
    test_config = test_config or {}
    owns_services = services is None
    if services is None:
        settings = load_settings(test_config.get("env"), test_config.get("overrides"))
        services = Services(settings)
    settings = services.settings
    settings.check_serving()
    # A served app caches its loggers (structlog's advice for production: a log call then costs no
    # logger construction); tests that hand in their services reconfigure logging as they go.
    configure_logging(effective_level(settings.logging.level, service=True), settings.logging.format, cache_loggers=owns_services and not test_config)
    if settings.insecure_dev and not settings.webhook_secret:
        log.warning(
            "INSECURE DEVELOPMENT MODE: webhook signatures are NOT checked; never expose this server",
            setting="CIRCLEUP_INSECURE_DEV",
        )

    app = Flask(__name__, instance_path=str(settings.instance_path))
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(
        # Sessions exist only for the dashboard. Their key has one purpose (never the webhook
        # secret); without it the dashboard says it is not set up and everything else runs.
        SECRET_KEY=settings.session_secret,
        SESSION_COOKIE_NAME="circleup_session",
        SESSION_COOKIE_PATH="/dashboard",  # the receiver and /metrics never see it
        SESSION_COOKIE_HTTPONLY=True,
        # Lax, not Strict: the forum's answer to sign-in is a cross-site redirect that must bring
        # the cookie back; cross-site POSTs still arrive without it (and the CSRF token stops them).
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=(settings.discourse_url or "").startswith("https://"),
    )
    app.config.update({k: v for k, v in test_config.items() if k.isupper()})
    app.extensions["circleup"] = services
    worker = build_worker(services)
    app.extensions["circleup.worker"] = worker
    inbox = Inbox(services.store, on_commit=worker.enqueue_events_soon)
    services.on_close(inbox.close)
    app.extensions["circleup.inbox"] = inbox

    from circleup.webhooks import dashboard, ops, receiver

    app.extensions["circleup.receiver"] = receiver.Receiver(settings, worker.router.handles)

    app.register_blueprint(receiver.bp)
    app.register_blueprint(ops.bp)
    dashboard.register(app)
    _serve_feeds(app, services)

    @app.errorhandler(404)
    def not_found(_exc):
        return jsonify(error="not_found", message="no such endpoint"), 404

    @app.errorhandler(405)
    def method_not_allowed(_exc):
        return jsonify(error="method_not_allowed", message="method not allowed on this endpoint"), 405

    return app


def _serve_feeds(app: Flask, services: Services) -> None:
    """The flows' read-only documents (sync.flow.Flow.feeds), such as the clinics' calendar feed."""
    from circleup.sync import flows

    for flow in flows():
        for path, (content_type, render) in flow.feeds.items():
            def view(render=render, content_type=content_type) -> Response:
                return Response(render(services), content_type=content_type,
                                headers={"Cache-Control": "public, max-age=300"})

            app.add_url_rule(path, endpoint=f"feed:{flow.name}:{path}", view_func=view, methods=["GET"])

