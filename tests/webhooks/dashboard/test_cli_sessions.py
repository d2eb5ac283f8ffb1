"""`circleup dashboard sessions`: who is signed in, and ending their sessions from the command line."""
from __future__ import annotations

from click.testing import CliRunner

from circleup.cli import Context, cli
from tests.webhooks.dashboard.conftest import sessions_of


def circleup(site, *args: str, exit_code: int = 0) -> str:
    context = Context()
    context._settings, context._services = site.services.settings, site.services
    result = CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)
    assert result.exit_code == exit_code, result.output
    return result.output


def test_lists_live_sessions_and_ends_one_by_id(site):
    laptop, phone = site.app.test_client(), site.app.test_client()
    site.sign_in("ruth", laptop)
    site.sign_in("bart", phone)
    listing = circleup(site, "dashboard", "sessions")
    assert "@ruth" in listing and "moderator" in listing and "@bart" in listing and "approvers group" in listing
    (bart,) = sessions_of(site, "bart")

    assert "ended 1 session" in circleup(site, "dashboard", "sessions", "end", str(bart.id))
    assert phone.get("/dashboard/").status_code == 303  # signed out at the next request
    assert laptop.get("/dashboard/").status_code == 200
    assert "@bart" not in circleup(site, "dashboard", "sessions")
    everything = circleup(site, "dashboard", "sessions", "--all")
    assert "ended" in everything and "ended by an administrator" in everything
    (entry,) = site.audit("dashboard.sign_out")
    assert entry.source == "cli" and entry.detail["ids"] == [bart.id]


def test_ends_every_session_of_a_member_or_of_everyone(site):
    laptop, phone, other = (site.app.test_client() for _ in range(3))
    site.sign_in("ruth", laptop)
    site.sign_in("ruth", phone)
    site.sign_in("sal", other)
    output = circleup(site, "dashboard", "sessions", "end", "--user", "@ruth", "--reason", "laptop stolen")
    assert "ended 2 sessions" in output
    assert laptop.get("/dashboard/").status_code == 303 and phone.get("/dashboard/").status_code == 303
    assert "laptop stolen" in laptop.get("/dashboard/login").get_data(as_text=True)
    assert other.get("/dashboard/").status_code == 200
    assert "ended 1 session" in circleup(site, "dashboard", "sessions", "end", "--everyone")
    assert other.get("/dashboard/").status_code == 303
    assert "no dashboard sessions are live" in circleup(site, "dashboard", "sessions")


def test_says_what_it_could_not_end(site):
    site.sign_in("ruth")
    (ruth,) = sessions_of(site, "ruth")
    output = circleup(site, "dashboard", "sessions", "end", str(ruth.id), "999", exit_code=1)
    assert "ended 1 of 2 sessions" in output
    assert "say which sessions" in circleup(site, "dashboard", "sessions", "end", exit_code=2)
    assert "@nobody has no dashboard sessions" in circleup(site, "dashboard", "sessions", "end", "--user", "nobody",
                                                         exit_code=1)
