"""`circleup demo`: the whole service, for real, on a simulated forum, played by a scripted community.

What it does, in order:

1. starts the Discourse simulator over HTTP on a free port (a thread of this process, so the script
   can act as members through its Python API) and seeds a small Source Citizens community;
2. makes a temporary instance folder (SQLite database and embedded SQLite queue, the defaults) and
   writes a demo `circleup.yaml`;
3. runs `circleup migrate`, then `circleup setup`, which brings the forum from nothing to what the
   configuration names (for the citizens and for Learning Ambassadors a group, its private category
   and the call for applications; a category and directory topic per skill area, the skills user
   fields, the circles' tag and the topic listing where circles are active, the clinics calendar
   topic, the badges, the webhook) and records their ids in circleup.yaml; then `circleup doctor`,
   which must pass;
4. starts `circleup serve` and `circleup worker` as processes;
5. plays the scenario, one step per part of the community: members apply in the thread and a
   moderator approves (citizens), members fill in their skills fields (skills), someone proposes a
   learning circle (matching), members say "I'm in" until it forms and one says "I'm out" again
   (matching), a member applies to the second programme, Learning Ambassadors, and the working
   group approves her (citizens' `programmes:`), and she proposes a Learning Clinic that members sign
   up for (clinics). A step whose flow is not registered (sync.FLOWS) is skipped with a note. After
   each action the demo waits, polling the forum (and circleup's database for a clinic's roster,
   which only circleup keeps), for the outcome a member would see, says what did not happen, and
   where to look, if it does not come, and otherwise what it found on the forum;
6. prints the threads as a member reads them (circleup's hidden markers removed), the dashboard
   URL when it answers, stops everything and exits 0 (1 when an expected outcome never came; the
   instance folder is then kept for `circleup events list --status failed`).

The processes are started through a `Runtime`; `SubprocessRuntime` is the real one, tests may
pass one that runs the same commands in threads.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import requests
import yaml

BOT = "circleup"
CITIZENS, SKILLS, MATCHING, CLINICS, RECOGNITION = "citizens", "skills", "matching", "clinics", "recognition"
AMBASSADORS = "learning-ambassadors"
_MARKER = re.compile(r"[ \t]*<!--\s*circleup:.*?-->[ \t]*\n?", re.S)
# Environment that would point the demo's processes at a real installation: never inherited.
_SCRUBBED_ENV = ("DISCOURSE_", "CIRCLEUP_", "DATABASE_URL", "QUEUE_URL", "PROMETHEUS_MULTIPROC_DIR", "WEB_CONCURRENCY", "PORT")

OSIOKE_APPLIES = """\
I love this! In my locality these peer learning groups are happening a lot, from Consonance Club and
Àsà Coterie to Growth Clinic. They mostly start and grow on WhatsApp, and I facilitate two of them in Lagos."""

AMARA_APPLIES = """\
Count me in. I run a Python study group at the public library on Saturdays: eight people, one free
online course, and we take turns facilitating. I would love to trade tips with other facilitators."""

CIRCLE_TITLE = "Python for data analysis in Lagos"
CIRCLE_PROPOSAL = """\
I'd like to start a learning circle on Python for data analysis (pandas, plotting, cleaning messy
spreadsheets), meeting weekly at the Yaba library in Lagos. Who would facilitate or join?"""

AMARA_OFFERS = """\
I would love to be a Learning Ambassador: I could run a clinic on cleaning messy spreadsheets with
Python, for people who run small groups like mine. Help with a projector for the library would be great."""

CLINIC_PROPOSAL = """\
A hands-on clinic: cleaning messy spreadsheets with Python and pandas. Bring a laptop and a
spreadsheet that annoys you; we fix it together at the Yaba library.

When: {day} 16:00 Africa/Lagos"""

AMBASSADOR_APPROVED = "/approve @amara\nWelcome, Amara: we will find you that projector."

CIRCLE_LEAVES = "Sorry, I'm out: Lagos time on Saturdays clashes with my German class after all."

SKILL_AREAS = (
    ("Technology", "Python, programming and data tools: who can share them, who wants to learn them."),
    ("Languages & translation", "Spoken languages and translation: who can share them, who wants to learn them."),
)


# -- the demo's configuration --------------------------------------------------------------------


def base_config(flows: Iterable[str], webhook_url: str) -> dict:
    """The demo's circleup.yaml as an admin writes it: names only. `circleup setup` adds the ids."""
    present = set(flows)
    config: dict[str, Any] = {
        "webhook": {"public_url": webhook_url},
        # The demo's forum has no API limit; a real one allows 60 a minute, so keep the default 50 there.
        "discourse": {"requests_per_minute": 1000},
        "worker": {"threads": 4, "retry_backoff_s": 0.5, "retry_backoff_max_s": 5.0},
        "logging": {"format": "json"},
    }
    if CITIZENS in present:
        config["citizens"] = {"group": "citizens", "category": "Source Citizens", "approvers_group": "approvers",
                              "application_category": "Community", "goal": 100}
        # The second programme, as config/circleup.example.yaml ships it: setup opens its call.
        config["programmes"] = {AMBASSADORS: {
            "title": "Learning Ambassadors", "member_noun": "ambassador", "group": AMBASSADORS,
            "category": "Learning Ambassadors",
            "application_topic": "Learning Ambassadors: propose Learning Clinics, with support",
            "application_category": "Community", "approvers_group": "working-group", "goal": 20,
            "badge": "learning_ambassador",
        }}
    if SKILLS in present:
        config["skills"] = {"areas": [{"name": area} for area, _ in SKILL_AREAS], "directory_interval_s": 0.5}
    if CLINICS in present:
        config["clinics"] = {"calendar_interval_s": 0.5}
    return config


def seed_community(sim: Any) -> None:
    """The forum before circleup arrives: staff, the approvers, members, an open category."""
    sim.add_user("sal", name="Sal", admin=True, trust_level=4)
    sim.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    sim.add_user("bart", name="Bart", trust_level=3)
    sim.add_user("osioke", name="Osioke Eguavoen", timezone="Africa/Lagos", location="Lagos")
    sim.add_user("amara", name="Amara Okafor", timezone="Africa/Lagos", location="Lagos")
    sim.add_user("lena", name="Lena Park", timezone="Europe/Berlin", location="Berlin")
    sim.add_user("tomi", name="Tomi Adeyemi", timezone="Africa/Lagos", location="Lagos")
    sim.add_user("douglas", name="Douglas Ssebaggala", timezone="Africa/Kampala", location="Kampala", trust_level=3)
    sim.add_group("approvers", full_name="Application approvers", members=["ruth", "bart"])
    sim.add_group("working-group", full_name="Let's Connect working group", members=["douglas"])
    sim.add_category("Community", description="Everything about peer learning")


# -- the scenario ------------------------------------------------------------------------------------


@dataclass
class Scene:
    """What the script knows while it plays: the forum, the ids in the config, posts it made, and
    where circleup answers (its web address, its database)."""

    sim: Any
    config: dict
    notes: dict[str, Any] = field(default_factory=dict)
    service_url: str = ""  # circleup serve's
    database_url: str = ""
    _store: Any = field(default=None, init=False, repr=False)

    # Reads of the forum as its members see it.
    def bot_replies_to(self, topic_id: int, post_number: int) -> list[Any]:
        bot = self.sim.user(BOT).id
        return [p for p in self.sim.posts_in(topic_id) if p.user_id == bot and p.reply_to_post_number == post_number]

    def bot_posts(self, topic_id: int) -> list[Any]:
        bot = self.sim.user(BOT).id
        return [p for p in self.sim.posts_in(topic_id) if p.user_id == bot]

    def messages_to(self, username: str) -> list[Any]:
        return [t for t in self.sim.private_messages_to(username) if self.sim.users[t.user_id].username == BOT]

    def recipients(self, topic_id: int) -> list[str]:
        """Who a private message is between, circleup left out: usernames, then group names."""
        sim = self.sim
        with sim.lock:
            topic = sim.topics[topic_id]
            users = sorted(sim.users[i].username for i in topic.allowed_user_ids if sim.users[i].username != BOT)
            return users + sorted(sim.groups[g].name for g in topic.allowed_group_ids)

    def category_id(self, name: str) -> int:
        return next(c.id for c in self.sim.categories.values() if c.name == name)

    def roster(self, topic_id: int) -> list[str]:
        """A clinic's roster as circleup recorded it: the forum shows it to nobody before the reminder."""
        from circleup.integration.store import Store
        from circleup.sync.clinics.roster import roster

        if self._store is None:
            self._store = Store(self.database_url)
        with self._store.session() as session:
            return roster(session, topic_id)

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()

    @property
    def ambassadors_topic(self) -> int:
        return self.config["programmes"][AMBASSADORS]["application_topic_ids"][0]

    @property
    def application_topic(self) -> int:
        return self.config["citizens"]["application_topic_ids"][0]


@dataclass
class Expect:
    """An outcome a member would notice, polled until it holds."""

    what: str  # "circleup replied under osioke's application", said when it does not happen
    holds: Callable[[Scene], bool]
    needs: str | None = None  # another flow that makes it happen (not the step's own): unchecked without it


@dataclass
class Beat:
    say: str
    act: Callable[[Scene], None]
    expect: list[Expect]
    # What happened on the forum, in lines, printed once every expectation holds.
    show: Callable[[Scene], Iterable[str]] | None = None


@dataclass
class Step:
    flow: str
    title: str
    beats: list[Beat]


def _apply(username: str, text: str) -> Beat:
    def act(scene: Scene) -> None:
        post = scene.sim.reply(username, scene.application_topic, text)
        scene.notes[f"application:{username}"] = post.post_number

    return Beat(
        f"{username} applies to be a Source Citizen by replying in the thread",
        act,
        [Expect(f"a reply by circleup threaded under {username}'s application",
                lambda s: bool(s.bot_replies_to(s.application_topic, s.notes[f"application:{username}"])))],
    )


def _fill_skills(username: str, share: str, learn: str) -> Callable[[Scene], None]:
    def act(scene: Scene) -> None:
        skills = scene.config["skills"]  # the user field ids `circleup setup` recorded
        scene.sim.update_user(username, user_fields={str(skills["share_field"]): share, str(skills["learn_field"]): learn})

    return act


def _directory_lists(area_index: int, username: str) -> Expect:
    def holds(scene: Scene) -> bool:
        topic_id = scene.config["skills"]["areas"][area_index]["directory_topic_id"]
        return any(username in p.raw for p in scene.bot_posts(topic_id))

    return Expect(f"the {SKILL_AREAS[area_index][0]} skills directory lists {username}", holds)


def _propose_circle(scene: Scene) -> None:
    post = scene.sim.create_topic("tomi", CIRCLE_TITLE, CIRCLE_PROPOSAL, scene.category_id("Community"),
                                  tags=["learningcircles"])
    scene.notes["circle_topic"] = post.topic_id


def _same_city_first(scene: Scene) -> bool:
    """The circle meets in Lagos: of the two members who share Python, the one living there (her
    Discourse profile's location) comes first, and the reply says why."""
    posts = scene.bot_posts(scene.notes["circle_topic"])
    if not posts:
        return False
    lines = [line for line in posts[0].raw.splitlines() if line.startswith("- @")]
    return bool(lines) and lines[0].startswith("- @amara") and "also in Lagos" in lines[0]


# -- circles that form ----------------------------------------------------------------------------------

CIRCLE_JOINS = (
    ("amara", "I'm in, and I can facilitate: the Yaba library on Saturday mornings works for me."),
    ("osioke", "Count me in! I want to learn pandas for my reports."),
    ("lena", "I'm in too: I can join the sessions online from Berlin."),
)
CIRCLE_MEMBERS = ("amara", "osioke", "lena")


def _join_circle(scene: Scene) -> None:
    for username, text in CIRCLE_JOINS:
        scene.sim.reply(username, scene.notes["circle_topic"], text)


def _formed_announcement(scene: Scene) -> Any | None:
    return next((p for p in scene.bot_posts(scene.notes["circle_topic"]) if "has formed" in p.raw), None)


def _circle_message(scene: Scene) -> Any | None:
    """The group message circleup opened for the circle (the author, tomi, is always on it)."""
    return next((t for t in scene.messages_to("tomi") if t.title.startswith("Your learning circle")), None)


def _announced_with_everyone(scene: Scene) -> bool:
    announcement = _formed_announcement(scene)
    return announcement is not None and all(f"[{name}](/u/{name})" in announcement.raw for name in CIRCLE_MEMBERS)


def _message_between(*usernames: str) -> Callable[[Scene], bool]:
    def holds(scene: Scene) -> bool:
        message = _circle_message(scene)
        return message is not None and scene.recipients(message.id) == sorted(usernames)

    return holds


def _show_formed(scene: Scene) -> list[str]:
    announcement, message = _formed_announcement(scene), _circle_message(scene)
    return [f"circleup in tomi's topic (post #{announcement.post_number}):", *_quoted(announcement.raw),
            f'group message "{message.title}" from circleup to {", ".join(scene.recipients(message.id))}']


def _show_left(scene: Scene) -> list[str]:
    message = _circle_message(scene)
    return [f'group message "{message.title}" now to {", ".join(scene.recipients(message.id))}: lena taken off']


def _active_listing(scene: Scene) -> list[str]:
    """The lines of "Where learning circles are active" from its Lagos heading to the next blank line."""
    lines = readable(scene.sim.first_post(scene.config["matching"]["active_topic_id"]).raw).splitlines()
    if "### Lagos" not in lines:
        return []
    start = lines.index("### Lagos")
    end = next((i for i in range(start + 2, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def _show_active(scene: Scene) -> list[str]:
    return ["its first post now reads:", *(f"  {line}" for line in _active_listing(scene) if line.strip())]


def _listed_as_active(scene: Scene) -> bool:
    link = f"/t/{scene.notes['circle_topic']})"
    return any(link in line and "2 members" in line for line in _active_listing(scene))


# -- the second programme: Learning Ambassadors ------------------------------------------------------------

def _offer(scene: Scene) -> None:
    scene.notes["offer"] = scene.sim.reply("amara", scene.ambassadors_topic, AMARA_OFFERS).post_number


def _thanked_for_offer(scene: Scene) -> bool:
    replies = scene.bot_replies_to(scene.ambassadors_topic, scene.notes["offer"])
    return any("Learning Ambassador" in p.raw for p in replies)


def _working_group_notice(scene: Scene) -> Any | None:
    return next((t for t in scene.sim.topics.values() if t.is_private_message and t.user_id == scene.sim.user(BOT).id
                 and t.title.startswith("New Learning Ambassador application")), None)


def _working_group_told(scene: Scene) -> bool:
    notice = _working_group_notice(scene)
    return notice is not None and scene.recipients(notice.id) == ["working-group"]


def _show_offer(scene: Scene) -> list[str]:
    [thanks] = scene.bot_replies_to(scene.ambassadors_topic, scene.notes["offer"])
    notice = _working_group_notice(scene)
    return ["circleup, replying to amara:", *_quoted(thanks.raw, lines=1),
            f'message "{notice.title}" from circleup to the {", ".join(scene.recipients(notice.id))} group']


def _progress_reply(scene: Scene) -> Any | None:
    return next((p for p in scene.bot_replies_to(scene.ambassadors_topic, scene.notes["offer"])
                 if "ambassador 1 of 20" in p.raw), None)


def _show_ambassador(scene: Scene) -> list[str]:
    welcome = next(t for t in scene.messages_to("amara") if "Ambassador" in t.title)
    return ["circleup, replying to amara's offer:", *_quoted(_progress_reply(scene).raw, lines=1),
            f"group {AMBASSADORS}: {', '.join(scene.sim.group_usernames(AMBASSADORS))}",
            f"amara's badges: {', '.join(scene.sim.badges_of('amara')) or 'none'}",
            f'message "{welcome.title}" from circleup to amara']


# -- Learning Clinics ------------------------------------------------------------------------------------

CLINIC_TITLE = "Cleaning messy spreadsheets with Python"
CLINIC_SIGN_UPS = (
    ("osioke", "Count me in, I have spreadsheets to clean!"),
    ("tomi", "I'll be there, thank you Amara."),
)


def _clinic_day() -> dt.date:
    """A week from today: the clinic is always coming up, and its reminder (a day before) not yet due."""
    return dt.date.today() + dt.timedelta(days=7)


def _propose_clinic(scene: Scene) -> None:
    day = scene.notes["clinic_day"] = _clinic_day()
    post = scene.sim.create_topic("amara", CLINIC_TITLE, CLINIC_PROPOSAL.format(day=day.isoformat()),
                                  scene.category_id("Learning Clinics"), tags=["learning-clinic"])
    scene.notes["clinic_topic"] = post.topic_id


def _clinic_announcement(scene: Scene) -> Any | None:
    return next((p for p in scene.bot_replies_to(scene.notes["clinic_topic"], 1) if "**When:**" in p.raw), None)


def _clinic_invites(username: str) -> Callable[[Scene], bool]:
    def holds(scene: Scene) -> bool:
        announcement = _clinic_announcement(scene)
        return announcement is not None and f"@{username}" in announcement.raw

    return holds


def _calendar_row(scene: Scene) -> str | None:
    calendar = scene.sim.first_post(scene.config["clinics"]["calendar_topic_id"]).raw
    link = f"/{scene.notes['clinic_topic']})"  # the row links the clinic's topic
    return next((line for line in calendar.splitlines() if line.startswith("|") and link in line), None)


def _feed_event(scene: Scene) -> list[str]:
    """The clinic's event in circleup's iCalendar feed (GET /clinics.ics), as unfolded lines."""
    try:
        answer = requests.get(f"{scene.service_url}/clinics.ics", timeout=2)
        answer.raise_for_status()
    except requests.RequestException:
        return []
    events = answer.text.replace("\r\n ", "").split("BEGIN:VEVENT")[1:]
    uid = f"UID:clinic-{scene.notes['clinic_topic']}@"
    return next((event.split("END:VEVENT")[0].strip().splitlines() for event in events if uid in event), [])


def _in_feed(scene: Scene) -> bool:
    event = _feed_event(scene)
    starts = "DTSTART:" + scene.notes["clinic_day"].strftime("%Y%m%d")
    return f"SUMMARY:{CLINIC_TITLE}" in event and any(line.startswith(starts) for line in event)


def _show_clinic(scene: Scene) -> list[str]:
    feed = [line for line in _feed_event(scene) if line.startswith(("SUMMARY:", "DTSTART:", "DTEND:"))]
    return ["circleup, replying in amara's clinic:", *_quoted(_clinic_announcement(scene).raw, lines=4),
            "the calendar topic's row:", f"  {_calendar_row(scene)}",
            f"{scene.service_url}/clinics.ics: " + "  ".join(feed)]


def _sign_up(scene: Scene) -> None:
    for username, text in CLINIC_SIGN_UPS:
        scene.sim.reply(username, scene.notes["clinic_topic"], text)


def _show_roster(scene: Scene) -> list[str]:
    topic_id = scene.notes["clinic_topic"]
    return [f"the roster circleup keeps (`circleup clinics show {topic_id}` prints it, the reminder a day before "
            f"goes to it): {', '.join(scene.roster(topic_id))}"]


def _wait_for_batched_edits(scene: Scene) -> None:
    """Nothing to do: circleup gathers a few seconds of circle changes into one edit of the listing."""


def _quoted(raw: str, lines: int | None = None) -> list[str]:
    """A post's text as members read it, its blank lines left out, indented under what says whose it is."""
    kept = [line for line in readable(raw).splitlines() if line.strip()]
    return [f"  {line}" for line in kept[:lines]]


def scenario() -> list[Step]:
    return [
        Step(CITIZENS, "citizens: applications in the thread, a moderator's decision", [
            _apply("osioke", OSIOKE_APPLIES),
            _apply("amara", AMARA_APPLIES),
            Beat("ruth (moderator, approvers group) approves osioke with `/approve @osioke`",
                 lambda s: s.sim.reply("ruth", s.application_topic, "/approve @osioke\nWelcome aboard, Osioke!"),
                 [Expect("osioke added to the citizens group", lambda s: "osioke" in s.sim.group_usernames("citizens")),
                  Expect("a message from circleup to osioke", lambda s: bool(s.messages_to("osioke")))]),
        ]),
        Step(SKILLS, "skills: members fill in what they can share and want to learn", [
            Beat("lena, amara and osioke fill in their skills profile fields",
                 lambda s: [_fill_skills("lena", "Python, statistics, German", "Yoruba")(s),
                            _fill_skills("amara", "Python, Django", "Rust, Spanish")(s),
                            _fill_skills("osioke", "SQL, data visualisation, Yoruba", "Python")(s)],
                 [_directory_lists(0, "lena"), _directory_lists(0, "amara"), _directory_lists(1, "osioke")]),
        ]),
        Step(MATCHING, "matching: a learning circle is proposed", [
            Beat(f'tomi opens "{CIRCLE_TITLE}", tagged learningcircles',
                 _propose_circle,
                 [Expect("a reply by circleup in tomi's learning circle topic",
                         lambda s: bool(s.bot_posts(s.notes["circle_topic"]))),
                  Expect("amara, who shares Python and lives in Lagos, suggested first (before lena in Berlin)",
                         _same_city_first)]),
        ]),
        Step(MATCHING, "circles: members say \"I'm in\"; at three the circle forms", [
            Beat("amara (who will facilitate), osioke and lena reply \"I'm in\" / \"count me in\" in tomi's topic",
                 _join_circle,
                 [Expect("circleup announces in tomi's topic that the circle has formed, with amara, osioke and lena",
                         _announced_with_everyone),
                  Expect("a group message from circleup to the circle: amara, lena, osioke and tomi (who proposed it)",
                         _message_between("amara", "lena", "osioke", "tomi"))],
                 _show_formed),
            Beat("lena replies \"I'm out\" in tomi's topic",
                 lambda s: s.sim.reply("lena", s.notes["circle_topic"], CIRCLE_LEAVES),
                 [Expect("lena taken off the circle's group message (amara, osioke and tomi stay)",
                         _message_between("amara", "osioke", "tomi"))],
                 _show_left),
        ]),
        Step(CITIZENS, "programmes: Learning Ambassadors, applied to and decided like citizenship", [
            Beat("amara offers to be a Learning Ambassador by replying in its call (a topic setup opened)",
                 _offer,
                 [Expect("a reply by circleup threaded under amara's offer", _thanked_for_offer),
                  Expect("a message from circleup to the working-group, the programme's approvers",
                         _working_group_told)],
                 _show_offer),
            Beat("douglas (working-group) approves her with `/approve @amara` in the call",
                 lambda s: s.sim.reply("douglas", s.ambassadors_topic, AMBASSADOR_APPROVED),
                 [Expect(f"amara added to the {AMBASSADORS} group",
                         lambda s: "amara" in s.sim.group_usernames(AMBASSADORS)),
                  Expect('circleup replies "ambassador 1 of 20" under her offer',
                         lambda s: _progress_reply(s) is not None),
                  Expect("amara granted the Learning Ambassador badge",
                         lambda s: "Learning Ambassador" in s.sim.badges_of("amara"), needs=RECOGNITION),
                  Expect("a welcome message from circleup to amara",
                         lambda s: any("Ambassador" in t.title for t in s.messages_to("amara")))],
                 _show_ambassador),
        ]),
        Step(CLINICS, "clinics: a Learning Clinic on the calendar, members sign up", [
            Beat(f'amara opens "{CLINIC_TITLE}", tagged learning-clinic, saying when',
                 _propose_clinic,
                 [Expect("circleup replies with the clinic's time and host",
                         lambda s: _clinic_announcement(s) is not None),
                  Expect("osioke, who wants to learn Python, invited", _clinic_invites("osioke")),
                  Expect("the clinic listed in the calendar topic", lambda s: _calendar_row(s) is not None),
                  Expect("the clinic in circleup's calendar feed, /clinics.ics", _in_feed)],
                 _show_clinic),
            Beat("osioke and tomi reply \"count me in\" / \"I'll be there\" in amara's clinic",
                 _sign_up,
                 [Expect("osioke and tomi on the clinic's roster",
                         lambda s: sorted(s.roster(s.notes["clinic_topic"])) == ["osioke", "tomi"])],
                 _show_roster),
        ]),
        Step(MATCHING, "circles: the topic listing where learning circles are active", [
            Beat("meanwhile circleup gathers the circle's changes into one edit of \"Where learning circles are active\"",
                 _wait_for_batched_edits,
                 [Expect("tomi's circle listed under Lagos, with its 2 members (lena left)", _listed_as_active)],
                 _show_active),
        ]),
    ]


# -- processes ---------------------------------------------------------------------------------------


class Runtime(Protocol):
    def command(self, args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
        """Run `circleup ARGS` to completion; (exit code, its output, its log and error output)."""

    def start(self, name: str, args: Sequence[str], env: dict[str, str], log: Path) -> None:
        """Start a long-running `circleup ARGS` (serve, worker), its output going to `log`."""

    def dead(self) -> str | None:
        """The name of a started service that has exited, if any."""

    def stop(self) -> None:
        """Stop every started service."""


class SubprocessRuntime:
    """Each command a real `circleup` process, run by this Python (so the same virtualenv)."""

    def __init__(self, python: str = sys.executable) -> None:
        self.argv = [python, "-c", "from circleup.cli import main; main()"]
        self.processes: dict[str, subprocess.Popen] = {}
        self._logs: list[Any] = []

    def command(self, args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
        done = subprocess.run([*self.argv, *args], env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout.rstrip(), done.stderr.rstrip()

    def start(self, name: str, args: Sequence[str], env: dict[str, str], log: Path) -> None:
        handle = log.open("ab")
        self._logs.append(handle)
        self.processes[name] = subprocess.Popen([*self.argv, *args], env=env, stdout=handle, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def dead(self) -> str | None:
        return next((name for name, p in self.processes.items() if p.poll() is not None), None)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for handle in self._logs:
            handle.close()


# -- the demo ----------------------------------------------------------------------------------------


class DemoFailed(Exception):
    """Something the demo cannot go on without (a command failed, a process died)."""


@dataclass
class Demo:
    flows: Sequence[Any]  # the registered flows' declarations (sync.flows())
    runtime: Runtime
    out: Callable[[str], None] = print
    timeout: float = 20.0
    keep: bool = False
    folder: Path | None = None
    failures: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # the environment of circleup's processes
    port: int = 0  # circleup serve's
    scene: Scene | None = None  # the forum as the scenario left it (kept after the run, for a look)

    @property
    def flow_names(self) -> list[str]:
        return [flow.name for flow in self.flows]

    def run(self) -> int:
        started = time.monotonic()
        self.folder = Path(tempfile.mkdtemp(prefix="circleup-demo-"))
        stop = threading.Event()
        try:
            sim, forum_url = self._start_simulator(stop)
            self.scene = self._prepare(sim, forum_url)
            self._play(self.scene)
            self._print_threads(self.scene)
            self._print_dashboard()
        except DemoFailed as exc:
            self.failures.append(str(exc))
            self.out(f"\nFAIL {exc}")
        finally:
            self.runtime.stop()
            stop.set()
            if self.scene is not None:
                self.scene.close()
        seconds = time.monotonic() - started
        if self.failures:
            self.out(f"\ndemo finished in {seconds:.1f}s with {len(self.failures)} problem(s); "
                     f"the instance is kept in {self.folder}:")
            self.out(f"  set -a; . {self.folder / 'demo.env'}; set +a; circleup events list --status failed")
            self.out(f"  logs: {self.folder / 'serve.log'}, {self.folder / 'worker.log'}")
            return 1
        self.out(f"\ndemo finished in {seconds:.1f}s")
        if self.keep:
            self.out(f"the instance is kept in {self.folder} (set -a; . {self.folder / 'demo.env'}; set +a)")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
        return 0

    # -- set-up --------------------------------------------------------------------------------------

    def _start_simulator(self, stop: threading.Event) -> tuple[Any, str]:
        from circleup.simulator import serve

        ready: dict[str, Any] = {}
        up = threading.Event()

        def on_ready(sim: Any, url: str) -> None:
            ready.update(sim=sim, url=url)
            up.set()

        thread = threading.Thread(target=serve, name="demo-simulator", daemon=True,
                                  kwargs=dict(port=0, bot_username=BOT, seed=False, api_rate_limit=None,
                                              stop=stop, on_ready=on_ready))
        thread.start()
        if not up.wait(10):
            raise DemoFailed("the Discourse simulator did not start within 10s")
        sim = ready["sim"]
        seed_community(sim)
        self.out(f"== a simulated Discourse forum on {ready['url']}: staff sal and ruth, approvers ruth and bart, "
                 "douglas of the working group, members osioke, amara, lena and tomi")
        return sim, ready["url"]

    def _prepare(self, sim: Any, forum_url: str) -> Scene:
        folder = self.folder
        port = _free_port()
        webhook_url = f"http://127.0.0.1:{port}/webhooks/discourse"
        config = base_config(self.flow_names, webhook_url)
        # circleup's own address: the dashboard's sign-in returns there, the clinics calendar links its feed.
        config["dashboard"] = {"public_url": f"http://127.0.0.1:{port}"}
        env = self._environment(forum_url, sim.api_key)
        self.env, self.port = env, port
        sim.settings.enable_discourse_connect_provider = True
        sim.settings.discourse_connect_provider_secret = env["DISCOURSE_CONNECT_SECRET"]
        sim.sso_login_as("ruth")  # who is "logged in" at the forum when the dashboard asks
        config_path = Path(env["CIRCLEUP_CONFIG"])
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        (folder / "demo.env").write_text("".join(f"{k}={v}\n" for k, v in sorted(env.items()) if _is_ours(k)))

        self.out(f"\n== circleup in {folder}, on a forum that has none of what it needs yet")
        self.out("  circleup.yaml names things, no ids:\n"
                 + "\n".join(f"    {line}" for line in yaml.safe_dump(config, sort_keys=False, allow_unicode=True).splitlines()))
        self._command("migrate")
        self._command("setup")
        self._command("doctor")
        config = yaml.safe_load(config_path.read_text())  # with the ids setup recorded
        self.runtime.start("serve", ["serve", "--port", str(port), "--workers", "1"], env, folder / "serve.log")
        self.runtime.start("worker", ["worker", "--threads", "4"], env, folder / "worker.log")
        self._wait_for_health(port)
        self.out(f"  circleup serve on http://127.0.0.1:{port}, circleup worker running")
        return Scene(sim, config, service_url=f"http://127.0.0.1:{port}", database_url=env["DATABASE_URL"])

    def _environment(self, forum_url: str, api_key: str) -> dict[str, str]:
        folder = self.folder
        env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_ENV)}
        env.update({
            "DISCOURSE_URL": forum_url,
            "DISCOURSE_API_KEY": api_key,
            "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": secrets.token_urlsafe(24),
            # The dashboard signs in through the simulated forum (DiscourseConnect).
            "DISCOURSE_CONNECT_SECRET": secrets.token_urlsafe(24),
            "CIRCLEUP_SESSION_SECRET": secrets.token_urlsafe(32),
            "CIRCLEUP_INSTANCE_PATH": str(folder / "instance"),
            "CIRCLEUP_CONFIG": str(folder / "circleup.yaml"),
            "DATABASE_URL": f"sqlite:///{folder / 'instance' / 'circleup.db'}",
            "QUEUE_URL": f"sqlite:///{folder / 'instance' / 'queue.db'}",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def _command(self, name: str, *, must_pass: bool = True) -> None:
        self.out(f"$ circleup {name}")
        code, output, errors = self.runtime.command([name], self.env)
        for line in output.splitlines():
            self.out(f"  {line}")
        if code != 0:
            for line in errors.splitlines()[-10:]:  # its log lines only matter when it failed
                self.out(f"  {line}")
            if must_pass:
                raise DemoFailed(f"`circleup {name}` exited with {code}")

    def _wait_for_health(self, port: int) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            self._check_alive()
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise DemoFailed(f"circleup serve did not answer /healthz on port {port} within 20s (see {self.folder / 'serve.log'})")

    def _check_alive(self) -> None:
        dead = self.runtime.dead()
        if dead:
            log = self.folder / f"{dead}.log"
            tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log.exists() else []
            raise DemoFailed(f"`circleup {dead}` exited; the end of {log}:\n    " + "\n    ".join(tail))

    # -- the scenario ----------------------------------------------------------------------------------

    def _play(self, scene: Scene) -> None:
        for step in scenario():
            self.out(f"\n== {step.title}")
            if step.flow not in self.flow_names:
                self.out(f"  skipped: the {step.flow} flow is not registered (sync.FLOWS)")
                continue
            for beat in step.beats:
                self.out(f"  {beat.say}")
                try:
                    beat.act(scene)
                except Exception as exc:  # noqa: BLE001 - the forum refused the script: say so, go on
                    self.failures.append(f"{step.flow}: the forum refused the demo's action: {exc}")
                    self.out(f"  FAIL the forum refused it: {exc}")
                    break
                expected = [e for e in beat.expect if e.needs is None or e.needs in self.flow_names]
                for unchecked in (e for e in beat.expect if e not in expected):
                    self.out(f"    not checked: {unchecked.what} (the {unchecked.needs} flow is not registered)")
                missed = self._wait(scene, expected)
                if missed:
                    self.failures.append(f"{step.flow}: {missed}")
                    self.out(f"  FAIL did not happen within {self.timeout:g}s: {missed}. Look at "
                             f"`circleup events list --status failed` in {self.folder} (how: at the end) "
                             f"and at {self.folder / 'worker.log'}")
                    break
                self.out("    ✓ " + "; ".join(e.what for e in expected))
                if beat.show is not None:
                    for line in beat.show(scene):
                        self.out(f"      {line}".rstrip())

    def _wait(self, scene: Scene, expectations: list[Expect]) -> str | None:
        """Poll until every expectation holds; the first that did not, on timeout."""
        deadline = time.monotonic() + self.timeout
        pending = list(expectations)
        while True:
            pending = [e for e in pending if not _holds(e, scene)]
            if not pending:
                return None
            if time.monotonic() > deadline:
                return pending[0].what
            self._check_alive()
            time.sleep(0.05)

    # -- what members read ------------------------------------------------------------------------------

    def _print_threads(self, scene: Scene) -> None:
        sim = scene.sim
        self.out("\n== the forum, as its members read it")
        with sim.lock:
            topics = sorted((t for t in sim.topics.values() if t.deleted_at is None), key=lambda t: (t.is_private_message, t.id))
        for topic in topics:
            if topic.is_private_message:
                people = sorted({sim.users[i].username for i in topic.allowed_user_ids} |
                                {sim.groups[g].name for g in topic.allowed_group_ids})
                where = "private message between " + ", ".join(people)
            else:
                where = sim.categories[topic.category_id].name + (f", tags: {', '.join(topic.tags)}" if topic.tags else "")
            self.out(f"\n━━ {topic.title}  ({where})")
            for post in sim.posts_in(topic.id):
                if post.post_type == 4:  # whispers are for staff
                    continue
                author = sim.users[post.user_id].username
                if post.post_type == 3:  # Discourse's small action: a line saying what changed, no text
                    self.out(f"  #{post.post_number} {author}: ({post.action_code})")
                    continue
                reply = f", replying to #{post.reply_to_post_number}" if post.reply_to_post_number else ""
                self.out(f"  #{post.post_number} {author}{reply}:")
                for line in readable(post.raw).splitlines():
                    self.out(f"      {line}".rstrip())

    def _print_dashboard(self) -> None:
        url = f"http://127.0.0.1:{self.port}/dashboard"
        with contextlib.suppress(requests.RequestException):
            status = requests.get(url, timeout=2, allow_redirects=False).status_code
            if status != 404:
                self.out(f"\nthe moderators' dashboard answered at {url}: it signs in through the simulated forum "
                         "as ruth, a moderator (it stops with the demo; `circleup serve` serves it)")


def readable(raw: str) -> str:
    """A post's raw text as members see it: circleup's hidden markers removed."""
    return _MARKER.sub("\n", raw).strip()


def _holds(expectation: Expect, scene: Scene) -> bool:
    try:
        return bool(expectation.holds(scene))
    except (KeyError, IndexError):  # what it reads is not there yet
        return False


def _is_ours(name: str) -> bool:
    return name.startswith(("DISCOURSE_", "CIRCLEUP_")) or name in ("DATABASE_URL", "QUEUE_URL")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
