"""Nothing for signed-out visitors, a CSRF token on every form, careful cookies and headers."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from circleup.sync.citizens.models import ApplicationStatus
from tests.webhooks.dashboard.conftest import SESSION_SECRET, make_site

# Open to everyone: the stylesheet and the steps of signing in. Everything else needs a session.
PUBLIC = {"dashboard.static", "dashboard.login", "dashboard.login_start", "dashboard.callback"}
SAMPLE_ARGS = {"username": "osioke", "event_pk": 1, "filename": "dashboard.css", "member_id": 5}


def dashboard_urls(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, URL) for every route the dashboard registered."""
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("dashboard."):
                continue
            url = url_for(rule.endpoint, **{arg: SAMPLE_ARGS[arg] for arg in rule.arguments})
            urls += [(rule.endpoint, method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def test_every_page_and_action_needs_a_session(site):
    site.apply("osioke")
    site.settle()
    routes = dashboard_urls(site.app)
    assert {endpoint for endpoint, _, _ in routes} >= {
        "dashboard.index", "dashboard.applications_page", "dashboard.approve_application",
        "dashboard.decline_application", "dashboard.citizens_page", "dashboard.revoke_citizen",
        "dashboard.events_page", "dashboard.event_page", "dashboard.replay_event", "dashboard.matching_page",
        "dashboard.logout",
    }
    for endpoint, method, url in routes:
        if endpoint in PUBLIC:
            continue
        visitor = site.app.test_client()
        response = visitor.open(url, method=method, data={"reason": "x"})
        assert response.status_code == 303, (method, url, response.status_code)
        assert urlsplit(response.headers["Location"]).path == "/dashboard/login", (method, url)
        assert "osioke" not in response.get_data(as_text=True), (method, url)
    # and the signed-out POSTs changed nothing
    assert site.application("osioke").status == ApplicationStatus.PENDING
    assert [e.action for e in site.audit()] == ["citizens.apply"]


def test_the_public_routes_show_no_data(site):
    site.apply("osioke")
    site.settle()
    visitor = site.app.test_client()
    for path in ("/dashboard/login", "/dashboard/static/dashboard.css", "/dashboard/login/callback"):
        response = visitor.get(path)
        assert response.status_code in (200, 400), path
        assert "osioke" not in response.get_data(as_text=True)
    assert visitor.get("/dashboard").status_code == 308  # → /dashboard/, which redirects to sign-in
    assert urlsplit(visitor.get("/dashboard/").headers["Location"]).path == "/dashboard/login"


@pytest.mark.parametrize("token, status", [(None, 400), ("", 400), ("not-the-token", 403)])
def test_forms_without_the_right_csrf_token_do_nothing(ruth, token, status):
    ruth.apply("osioke")
    ruth.settle()
    form = {"reason": "no"} if token is None else {"csrf_token": token, "reason": "no"}
    for path in ("/dashboard/applications/osioke/approve", "/dashboard/applications/osioke/decline",
                 "/dashboard/citizens/osioke/revoke", "/dashboard/events/1/replay", "/dashboard/logout"):
        response = ruth.http.post(path, data=form)
        assert response.status_code == status, path
    assert ruth.application("osioke").status == ApplicationStatus.PENDING
    assert [e.action for e in ruth.audit()] == ["citizens.apply"]
    assert ruth.http.get("/dashboard/").status_code == 200  # still signed in: logout needs the token too


def test_a_token_from_another_session_is_refused(site):
    site.apply("osioke")
    site.settle()
    other = site.app.test_client()
    site.sign_in("sal", other)
    with other.session_transaction("/dashboard/") as session:
        stolen = session["csrf"]
    site.sign_in("ruth")
    response = site.http.post("/dashboard/applications/osioke/approve", data={"csrf_token": stolen})
    assert response.status_code == 403
    assert site.application("osioke").status == ApplicationStatus.PENDING


def test_session_cookie_is_secure_httponly_samesite_and_scoped(site):
    response = site.sign_in("ruth")
    (cookie,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("circleup_session=")]
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "secure" in flags and "httponly" in flags  # the forum is https
    assert flags["samesite"] == "SameSite=Lax"
    assert flags["path"] == "Path=/dashboard"
    assert "expires" in flags  # session_hours, not "until the browser closes"


def test_cookie_is_not_secure_when_nothing_is_https(tmp_path):
    from tests.webhooks.dashboard.conftest import build_forum

    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'c.db'}", f"sqlite:///{tmp_path / 'q.db'}",
                     sim=build_forum("http://forum.test"), public_url="http://127.0.0.1:8000")
    response = site.sign_in("ruth")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("circleup_session="))
    assert "secure" not in cookie.lower() and "httponly" in cookie.lower()
    site.services.close()


def test_pages_are_not_framed_cached_or_referred(ruth):
    response = ruth.http.get("/dashboard/applications")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_html_is_escaped(ruth):
    ruth.sim.add_user("mallory", name="<script>alert(1)</script>")
    ruth.apply("mallory")
    ruth.settle()
    page = ruth.page("/dashboard/applications")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_without_secrets_the_dashboard_says_what_is_missing(services):
    from circleup.webhooks.app import create_app

    app = create_app({"SECRET_KEY": SESSION_SECRET}, services=services)  # no DISCOURSE_CONNECT_SECRET
    for path in ("/dashboard/", "/dashboard/login", "/dashboard/login/start"):
        response = app.test_client().get(path)
        assert response.status_code == 503, path
        assert "DISCOURSE_CONNECT_SECRET" in response.get_data(as_text=True)
    assert app.test_client().get("/healthz").status_code in (200, 503)  # the rest of circleup is untouched


def test_the_dashboard_can_be_switched_off(env):
    from circleup.sync import load_settings
    from circleup.integration.services import Services
    from circleup.webhooks.app import create_app

    services = Services(load_settings(env, {"dashboard": {"enabled": False}}))
    app = create_app({"SECRET_KEY": SESSION_SECRET, "DISCOURSE_CONNECT_SECRET": "x" * 20}, services=services)
    assert app.test_client().get("/dashboard/").status_code == 404
    assert not [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("dashboard.")]
