"""Signing in with the forum (DiscourseConnect), who gets in, and how sessions end."""
from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from circleup.integration.store import Member
from tests.webhooks.dashboard.conftest import CONNECT_SECRET, PUBLIC_URL, Site, sessions_of


def _payload(url: str) -> dict[str, str]:
    query = parse_qs(urlsplit(url).query)
    return {k: v[0] for k, v in parse_qs(base64.b64decode(query["sso"][0]).decode()).items()}


def _signed(fields: dict[str, str], secret: str = CONNECT_SECRET) -> str:
    sso = base64.b64encode(urlencode(fields).encode()).decode()
    sig = hmac.new(secret.encode(), sso.encode(), hashlib.sha256).hexdigest()
    return "/dashboard/login/callback?" + urlencode({"sso": sso, "sig": sig})


def _signed_in_as(site: Site) -> str | None:
    return site.signed_in_as()


def test_round_trip_signs_a_moderator_in(site):
    provider_url = site.start_sign_in()
    parts = urlsplit(provider_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://forum.example.org/session/sso_provider"
    query = parse_qs(parts.query)
    expected_sig = hmac.new(CONNECT_SECRET.encode(), query["sso"][0].encode(), hashlib.sha256).hexdigest()
    assert query["sig"] == [expected_sig]
    sent = _payload(provider_url)
    assert sent["return_sso_url"] == f"{PUBLIC_URL}/dashboard/login/callback"
    assert len(sent["nonce"]) >= 32

    response = site.callback(site.forum_answer(provider_url, "ruth"))

    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/"
    assert _signed_in_as(site) == "ruth"
    assert "Overview" in site.page("/dashboard/")
    with site.services.store.session() as session:  # the forum's staff flags, kept for later decisions
        ruth = session.get(Member, site.sim.user("ruth").id)
        assert (ruth.username, ruth.moderator, ruth.admin) == ("ruth", True, False)


def test_returns_to_the_page_asked_for(site):
    response = site.http.get("/dashboard/events?status=failed")
    assert response.status_code == 303
    login = response.headers["Location"]
    assert urlsplit(login).path == "/dashboard/login"
    start = parse_qs(urlsplit(login).query)["next"][0]
    provider = site.http.get("/dashboard/login/start?" + urlencode({"next": start})).headers["Location"]
    response = site.callback(site.forum_answer(provider, "ruth"))
    assert response.headers["Location"] == "/dashboard/events?status=failed"


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/metrics", "/dashboardx"])
def test_never_redirects_outside_the_dashboard(site, target):
    provider = site.http.get("/dashboard/login/start?" + urlencode({"next": target})).headers["Location"]
    response = site.callback(site.forum_answer(provider, "ruth"))
    assert response.headers["Location"] == "/dashboard/"


def test_a_wrong_signature_is_refused(site):
    callback = site.forum_answer(site.start_sign_in(), "ruth")
    query = parse_qs(urlsplit(callback).query)
    forged = "/dashboard/login/callback?" + urlencode({"sso": query["sso"][0], "sig": "0" * 64})
    response = site.http.get(forged)
    assert response.status_code == 403
    assert "wrong sig" in response.get_data(as_text=True)
    assert _signed_in_as(site) is None


def test_an_answer_signed_with_another_secret_is_refused(site):
    site.start_sign_in()
    with site.http.session_transaction("/dashboard/") as session:
        nonce = session["sso_nonce"]
    fields = {"nonce": nonce, "external_id": "1", "username": "ruth", "admin": "true", "moderator": "true"}
    response = site.http.get(_signed(fields, secret="not-the-forum-secret"))
    assert response.status_code == 403
    assert _signed_in_as(site) is None


def test_a_nonce_works_once(site):
    callback = site.forum_answer(site.start_sign_in(), "ruth")
    assert site.callback(callback).status_code == 303
    site.http.post("/dashboard/logout", data={"csrf_token": site.csrf()})
    assert _signed_in_as(site) is None

    replayed = site.callback(callback)

    assert replayed.status_code == 403
    assert "already used" in replayed.get_data(as_text=True)
    assert _signed_in_as(site) is None


def test_a_nonce_used_in_another_browser_works_once_too(site):
    """The same answer sent twice at once from two clients: one wins, never both."""
    callback = site.forum_answer(site.start_sign_in(), "ruth")
    other = site.app.test_client()
    with site.http.session_transaction("/dashboard/") as mine, other.session_transaction("/dashboard/") as theirs:
        theirs["sso_nonce"] = mine["sso_nonce"]  # even a browser that somehow holds the nonce too
    assert site.callback(callback).status_code == 303
    assert site.callback(callback, other).status_code == 403


def test_a_nonce_not_issued_here_is_refused(site):
    fields = {"nonce": "made-up-nonce-0123456789abcdef", "external_id": "2", "username": "ruth", "moderator": "true"}
    with site.http.session_transaction("/dashboard/") as session:
        session["sso_nonce"] = fields["nonce"]
    response = site.http.get(_signed(fields))
    assert response.status_code == 403
    assert _signed_in_as(site) is None


def test_an_expired_nonce_is_refused(site):
    provider_url = site.start_sign_in()
    nonces = site.app.extensions["circleup.dashboard"].nonces
    issued_clock = nonces.clock
    nonces.clock = lambda: issued_clock() + nonces.lifetime_s + 1  # the moderator came back too late

    response = site.callback(site.forum_answer(provider_url, "ruth"))

    assert response.status_code == 403
    assert "took too long" in response.get_data(as_text=True)
    assert _signed_in_as(site) is None


def test_an_answer_started_in_another_browser_is_refused(site):
    """Login CSRF: someone's own forum answer, pushed into a victim's browser, signs nobody in."""
    attacker = site.app.test_client()
    callback = site.forum_answer(site.start_sign_in(attacker), "lena")
    site.start_sign_in()  # the victim's browser has a sign-in of its own under way

    response = site.callback(callback)

    assert response.status_code == 403
    assert "another browser" in response.get_data(as_text=True)
    assert _signed_in_as(site) is None


def test_a_member_who_is_not_staff_is_refused(site):
    response = site.sign_in("lena")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "@lena" in text and "only for forum staff and members of the approvers group" in text
    assert _signed_in_as(site) is None
    assert site.http.get("/dashboard/applications").status_code == 303  # still signed out


def test_a_member_of_the_approvers_group_is_admitted(site):
    assert site.sign_in("bart").status_code == 303
    assert _signed_in_as(site) == "bart"
    (row,) = sessions_of(site, "bart")
    assert row.admitted_as == "approvers group"
    with site.http.session_transaction("/dashboard/") as session:
        assert set(session) == {"_permanent", "token", "csrf"}  # who and since when live on the server


@pytest.mark.parametrize("site_options", [{"approvers_group": None}])
def test_without_an_approvers_group_only_staff_get_in(site):
    assert site.sign_in("bart").status_code == 403
    assert site.sign_in("sal").status_code == 303


def test_nobody_signed_in_at_the_forum(site):
    provider_url = site.start_sign_in()
    site.sim.sso_login_as(None)
    parts = urlsplit(provider_url)
    # The real forum shows its login page; a forum that answers `failed=true` is told to sign in there.
    assert site.sim.app.test_client().get(f"{parts.path}?{parts.query}").status_code == 302
    with site.http.session_transaction("/dashboard/") as session:
        nonce = session["sso_nonce"]
    response = site.http.get(_signed({"nonce": nonce, "failed": "true", "return_sso_url": "x"}))
    assert response.status_code == 401
    assert _signed_in_as(site) is None


def test_sign_out_ends_the_session(ruth):
    response = ruth.post("/dashboard/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/login"
    assert _signed_in_as(ruth) is None
    assert ruth.http.get("/dashboard/").status_code == 303


def test_a_session_ends_after_session_hours(ruth):
    state = ruth.app.extensions["circleup.dashboard"]
    assert ruth.http.get("/dashboard/").status_code == 200
    now = state.clock()
    state.clock = lambda: now + state.session_hours * 3600 + 1
    response = ruth.http.get("/dashboard/")
    assert response.status_code == 303 and urlsplit(response.headers["Location"]).path == "/dashboard/login"


def test_a_new_sign_in_draws_a_new_csrf_token(site):
    site.sign_in("ruth")
    first = site.csrf()
    site.post("/dashboard/logout")
    site.sign_in("ruth")
    assert site.csrf() != first


def test_a_return_path_with_control_characters_is_dropped(site):
    provider = site.http.get("/dashboard/login/start?" + urlencode({"next": "/dashboard/\n"})).headers["Location"]
    response = site.callback(site.forum_answer(provider, "ruth"))
    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/"


def test_an_approver_removed_from_the_group_loses_the_pages_within_minutes(site):
    assert site.sign_in("bart").status_code == 303
    assert site.http.get("/dashboard/applications").status_code == 200
    site.sim.remove_from_group("approvers", "bart")
    state = site.app.extensions["circleup.dashboard"]
    assert site.http.get("/dashboard/applications").status_code == 200  # the forum's word holds a few minutes
    now = state.clock()
    state.clock = lambda: now + 301
    response = site.http.get("/dashboard/applications")
    assert response.status_code == 403 and "no longer lists @bart" in response.get_data(as_text=True)
    assert _signed_in_as(site) is None


def test_an_approver_still_in_the_group_keeps_the_pages(site):
    assert site.sign_in("bart").status_code == 303
    state = site.app.extensions["circleup.dashboard"]
    now = state.clock()
    state.clock = lambda: now + 301
    assert site.http.get("/dashboard/applications").status_code == 200
    assert site.http.get("/dashboard/citizens").status_code == 200
