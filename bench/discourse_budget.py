"""Discourse API budget: calls per handled event for each flow, and a 1,000-event burst under the limit.

    python bench/discourse_budget.py            # calls per event, then a burst of 1,000 member events
    python bench/discourse_budget.py --quick    # a burst of 200

Method
------
circleup runs in-process against the Discourse simulator (`circleup.simulator.Simulator`): the
simulator's signed webhooks go into the real Flask receiver, the real worker jobs run from the
real (SQLite) Huey queue, and every Discourse call goes through the real DiscourseClient into the
simulator, which records it (`sim.requests`). The forum and circleup.yaml are those of
`circleup demo` (the same requirements, created by the same setup engine).

1. Calls per handled event: one representative member action per flow (an application reply, an
   approval, a skills profile saved, a learning circle proposed; joining it by reply and by like,
   the join that forms it, a join once formed, leaving and rejoining once formed, the start check
   and the "yes" that grants the circle's badges) is delivered and the forum is settled (deliveries
   and jobs run until quiet, so circleup's own posts coming back as webhooks are handled too).
   Reported: Discourse calls made, and events handled on the way. A flow not in sync.FLOWS is "n/a".
   Then, per join, per formation and per badge grant: calls, against the writes the step made (the
   floor a step with no reads would reach), as a ratio.

2. Burst: N member actions (spread over the present flows, each by a different member) are made,
   then all their deliveries arrive at once. The simulator enforces Discourse's admin API limit,
   60 requests per sliding minute, and circleup's InProcessBudget its default 50 per minute.
   Both read ONE simulated clock. Real time would need calls ÷ 50 minutes (20+ for 1,000 events),
   so the driver advances the simulated clock instead of waiting: it runs every job that is ready;
   when only scheduled jobs are left (the budget said "wait"), it moves the clock to the moment
   the budget frees a request (the budget records it when it refuses) and clears the
   `not_before` times the worker stored, then runs the scheduled jobs in order until the budget
   refuses again. Jobs therefore run no earlier than the budget allows, as they would in real
   time, only without the wait. Reported: events lost (acknowledged but never processed), events
   and actions failed, 429 answers taken, and the simulated minutes to the last call against the
   floor: a burst starting with a full budget sends 50 at once and then 50 a minute, so N calls
   cannot end before (N - 50) ÷ 50 minutes.
   The simulator's duplicate-post window (unique_posts_mins) reads wall-clock time, so it is off.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, update  # noqa: E402

from circleup import sync  # noqa: E402
from circleup.sync import load_settings  # noqa: E402
from circleup.integration.budget import InProcessBudget  # noqa: E402
from circleup.demo import (  # noqa: E402
    CITIZENS,
    MATCHING,
    SKILLS,
    base_config,
    seed_community,
)
from circleup.integration.errors import BudgetExhausted  # noqa: E402
from circleup.integration.forum_setup import ForumSetup, collect_requirements, set_config_value  # noqa: E402
from circleup.integration.services import Services  # noqa: E402
from circleup.simulator import Simulator  # noqa: E402
from circleup.integration.store import Action, ActionStatus, Event, EventStatus  # noqa: E402

FORUM = "https://forum.example.org"
RECEIVER = "https://circleup.example.org/webhooks/discourse"
SECRET = "bench-webhook-secret-0123"
BOT = "circleup"
BUDGET_PER_MINUTE = 50
DISCOURSE_PER_MINUTE = 60
FAR_FUTURE = __import__("datetime").datetime(2999, 1, 1)
SKILL_MIX = [("Python, statistics", "SQL"), ("JavaScript, React", "Python"), ("Spanish, German", "Yoruba"),
             ("SQL, data visualisation", "Python"), ("Django", "Rust, French")]


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance_to(self, moment: float) -> None:
        self.now = max(self.now, moment)


class ObservedBudget(InProcessBudget):
    """circleup's budget, remembering when the request it last refused may go."""

    def __init__(self, per_minute: int, clock: SimulatedClock) -> None:
        super().__init__(per_minute, clock=clock)
        self.free_at = 0.0
        self.refusals = 0
        self.granted: list[float] = []  # the simulated time of every request let through

    def acquire(self) -> None:
        try:
            super().acquire()
        except BudgetExhausted as exc:
            self.refusals += 1
            self.free_at = self._clock() + exc.delay
            raise
        self.granted.append(self._clock())


def present_flows() -> list:
    """The flows the worker runs: those registered in sync.FLOWS."""
    return sync.flows()


class Harness:
    """circleup (receiver, worker, real SQLite queue) wired in-process to a simulated forum."""

    def __init__(self, folder: Path, flows: list, *, limited: bool) -> None:
        from circleup.webhooks.app import create_app

        self.clock = SimulatedClock()
        self.flows = [flow.name for flow in flows]
        self.sim = Simulator(base_url=FORUM, bot_username=BOT, delivery="queue", api_rate_limit=None)
        self.sim.settings.unique_posts_mins = 0
        seed_community(self.sim)
        config = base_config(self.flows, RECEIVER)
        config["discourse"]["requests_per_minute"] = BUDGET_PER_MINUTE
        config["logging"] = {"level": "ERROR", "format": "console"}
        config["worker"]["retry_backoff_s"] = 0.0
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "circleup.yaml").write_text("{}\n")  # every value comes from the overrides below
        env = {"DISCOURSE_URL": FORUM, "DISCOURSE_API_KEY": self.sim.api_key, "DISCOURSE_API_USERNAME": BOT,
               "DISCOURSE_WEBHOOK_SECRET": SECRET, "CIRCLEUP_INSTANCE_PATH": str(folder),
               "CIRCLEUP_CONFIG": str(folder / "circleup.yaml")}
        settings = load_settings(env, config)
        setup = ForumSetup(self.sim.client())
        # What `circleup setup` does: the flows' requirements, their ids into the configuration.
        outcomes = setup.ensure(collect_requirements(settings, flows))
        for outcome in outcomes:
            if outcome.id_to_configure:
                set_config_value(config, *outcome.id_to_configure)
        self.community_id = next(c.id for c in self.sim.categories.values() if c.name == "Community")
        self.config = config
        self.settings = load_settings(env, config)
        self.budget = ObservedBudget(BUDGET_PER_MINUTE, self.clock) if limited else None
        self.services = Services(self.settings, client=self.sim.client(budget=self.budget))
        self.services.store.create_all()
        self.app = create_app(services=self.services)
        self.worker = self.app.extensions["circleup.worker"]
        self.huey = self.services.huey
        if limited:
            self.sim.faults.limit_api(per_minute=DISCOURSE_PER_MINUTE, clock=self.clock)
        self.sim.requests.clear()

    def connect(self) -> None:
        """Register circleup's webhook (after the members exist: their sign-ups are history)."""
        self.sim.add_webhook(RECEIVER, SECRET)
        self.sim.deliver_to(self.app)

    # -- running ---------------------------------------------------------------------------------

    def settle(self, max_rounds: int = 100_000) -> None:
        """Deliver and run jobs until nothing is left, advancing the simulated clock when waiting."""
        for _ in range(max_rounds):
            delivered = self.sim.deliver_pending()
            # The receiver hands ids to a background enqueuer: wait for them to reach the queue.
            self.worker.flush_enqueued()
            if self._run_ready():
                continue
            if self._run_scheduled() or delivered:
                continue
            return
        raise RuntimeError("the forum did not settle")

    def _run_ready(self) -> int:
        ran = 0
        while self.huey.pending_count():
            task = self.huey.dequeue()
            if task is None:
                break
            self.huey.execute(task)
            ran += 1
        return ran

    def _run_scheduled(self) -> int:
        due = sorted(self.huey.read_schedule(FAR_FUTURE), key=lambda t: t.eta or FAR_FUTURE)
        if not due:
            return 0
        ran = 0
        for index, task in enumerate(due):
            if self.budget is not None and self.budget.free_at > self.clock.now:
                self.clock.advance_to(self.budget.free_at)
            self._time_travel()
            refusals = self.budget.refusals if self.budget is not None else 0
            self.huey.execute(task, timestamp=FAR_FUTURE)
            ran += 1
            if self.budget is not None and self.budget.refusals > refusals:
                # The budget is spent again: the rest wait for the next free moment, in order.
                for later in due[index + 1:]:
                    self.huey.add_schedule(later)
                break
        return ran

    def _time_travel(self) -> None:
        with self.services.store.session() as session:
            session.execute(update(Event).where(Event.not_before.is_not(None)).values(not_before=None))
            session.execute(update(Action).where(Action.not_before.is_not(None), Action.status == ActionStatus.PENDING)
                            .values(not_before=None))

    # -- members acting ----------------------------------------------------------------------------

    def apply(self, username: str) -> None:
        topic = self.config["citizens"]["application_topic_ids"][0]
        self.sim.reply(username, topic, f"I facilitate a peer learning group in my town; {username} would love to join.")

    def approve(self, username: str) -> None:
        topic = self.config["citizens"]["application_topic_ids"][0]
        self.sim.reply("ruth", topic, f"/approve @{username}\nWelcome aboard!")

    def fill_skills(self, username: str, index: int) -> None:
        share, learn = SKILL_MIX[index % len(SKILL_MIX)]
        skills = self.config["skills"]
        self.sim.update_user(username, user_fields={str(skills["share_field"]): share, str(skills["learn_field"]): learn})

    def propose_circle(self, username: str, index: int) -> None:
        self.sim.create_topic(username, f"Learning circle {index}: Python for data analysis",
                              f"Who wants to learn pandas with {username} at the library?",
                              self.community_id, tags=["learningcircles"])

    def circle_topic(self) -> int:
        return next(t.id for t in self.sim.topics.values() if t.title.startswith("Learning circle 1:"))

    def say_in_circle(self, username: str, raw: str) -> None:
        self.sim.reply(username, self.circle_topic(), f"{raw} (the pandas circle)")

    def like_suggestions(self, username: str) -> None:
        bot = self.sim.user(BOT).id
        reply = next(p for p in self.sim.posts_in(self.circle_topic()) if p.user_id == bot)
        self.sim.like(username, reply.id)

    def start_check(self) -> None:
        import datetime as dt

        from circleup.integration.store import utcnow
        from circleup.sync.matching.flow import tick

        tick(self.services, now=utcnow() + dt.timedelta(days=15))

    def say_in_message(self, username: str, raw: str) -> None:
        from circleup.sync.matching.models import CircleFormation

        with self.services.store.session() as session:
            message = session.get(CircleFormation, self.circle_topic()).message_topic_id
        self.sim.reply(username, message, raw)

    # -- what happened -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.services.store.session() as session:
            events = Counter(dict(session.execute(select(Event.status, func.count()).group_by(Event.status)).all()))
            actions = Counter(dict(session.execute(select(Action.status, func.count()).group_by(Action.status)).all()))
        return {
            "events": sum(events.values()),
            "unfinished": events[EventStatus.RECEIVED] + events[EventStatus.PROCESSING]
            + sum(actions[s] for s in ActionStatus.OPEN),
            "failed": events[EventStatus.FAILED] + actions[ActionStatus.FAILED] + actions[ActionStatus.CANCELLED],
            "actions": sum(actions.values()),
        }

    def close(self) -> None:
        self.services.close()
        self.sim.close()


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<44} {value:>12}  {note}")


def calls_per_event(folder: Path, flows: list) -> None:
    print("Discourse calls per handled event (settled: circleup's own posts coming back included)")
    harness = Harness(folder, flows, limited=False)
    try:
        harness.connect()
        scripted = [
            (CITIZENS, "application reply in the thread", lambda: harness.apply("osioke")),
            (CITIZENS, "/approve @osioke by an approver", lambda: harness.approve("osioke")),
            (SKILLS, "skills profile saved (user_updated)", lambda: harness.fill_skills("lena", 0)),
            (SKILLS, "a second member's profile saved", lambda: harness.fill_skills("amara", 1)),
            (MATCHING, "learning circle proposed (topic_created)", lambda: harness.propose_circle("tomi", 1)),
            (MATCHING, "circle join: \"I'm in\" reply", lambda: harness.say_in_circle("amara", "I'm in, evenings suit me")),
            (MATCHING, "circle join: a like of the suggestions", lambda: harness.like_suggestions("osioke")),
            (MATCHING, "circle join that forms it (announce + message)",
             lambda: harness.say_in_circle("lena", "Count me in, I can facilitate")),
            (MATCHING, "circle join once formed (added to message)", lambda: harness.say_in_circle("bart", "I'd like to join too")),
            (MATCHING, "circle leave once formed (off the message)", lambda: harness.say_in_circle("bart", "Sorry, I'm out")),
            (MATCHING, "circle rejoin once formed (added again)", lambda: harness.say_in_circle("bart", "Count me in again")),
            (MATCHING, "start check asked (hourly tick, after 14 days)", harness.start_check),
            (MATCHING, "\"yes, we met\": a badge for each of its 4", lambda: harness.say_in_message("amara", "Yes, 4 of us came!")),
        ]
        measured: dict[str, list] = {}
        for flow, label, act in scripted:
            if flow not in harness.flows:
                row(f"{flow.split('.')[-1]}: {label}", "n/a", "flow not present")
                continue
            before_calls, before_events = len(harness.sim.requests), harness.counts()["events"]
            act()
            harness.settle()
            calls = harness.sim.requests[before_calls:]
            measured[label] = calls
            handled = harness.counts()["events"] - before_events
            kinds = Counter(f"{r.method} {_route(r.path)}" for r in calls)
            row(f"{flow.split('.')[-1]}: {label}", f"{len(calls)} calls",
                f"{handled} events handled; " + ", ".join(f"{n}× {k}" for k, n in kinds.most_common()))
        circle_summary(measured, harness.sim.requests)
    finally:
        harness.close()


# The circle steps summarised per join, per formation and per badge grant, by the label they ran under.
JOINS = ("circle join: \"I'm in\" reply", "circle join: a like of the suggestions",
         "circle join once formed (added to message)", "circle rejoin once formed (added again)")
FORMATION = "circle join that forms it (announce + message)"
BADGE_PATHS = ("/user_badges.json", "/user-badges/", "/admin/badges.json")


def circle_summary(measured: dict[str, list], every_call: list) -> None:
    """Calls per join, per formation and per badge grant, each against its baseline measured in the
    same run: the writes the step made (the floor: no read at all would cost exactly those)."""
    if FORMATION not in measured:
        return
    print("\nPer circle step: calls against the writes it made (the floor, same run)")

    def summary(label: str, calls: list, steps: int) -> None:
        writes = sum(1 for r in calls if r.method != "GET")
        ratio = f"{len(calls) / writes:.2f}× the floor" if writes else "no write"
        row(label, f"{len(calls) / steps:.2f} calls",
            f"{writes / steps:.2f} writes, {(len(calls) - writes) / steps:.2f} reads; {ratio}")

    joins = [label for label in JOINS if label in measured]
    summary(f"per join ({len(joins)}: reply, like, once formed, rejoin)",
            [call for label in joins for call in measured[label]], len(joins))
    summary("per formation (announcement, message, active topic)", measured[FORMATION], 1)
    grants = sum(1 for r in every_call if r.method == "POST" and r.path == "/user_badges.json")
    if grants:
        summary(f"per badge grant ({grants}: citizen approved, circle met)",
                [r for r in every_call if any(part in r.path for part in BADGE_PATHS)], grants)


def _route(path: str) -> str:
    import re

    return re.sub(r"/\d+", "/{id}", re.sub(r"/u/[^/]+\.json", "/u/{username}.json", path))


def burst(folder: Path, flows: list, size: int) -> bool:
    print(f"\nBurst of {size} member events: Discourse limit {DISCOURSE_PER_MINUTE}/min (simulated), "
          f"circleup budget {BUDGET_PER_MINUTE}/min, one simulated clock")
    harness = Harness(folder, flows, limited=True)
    try:
        actions = []
        if CITIZENS in harness.flows:
            actions.append(("applications", lambda username, index: harness.apply(username)))
        if SKILLS in harness.flows:
            actions.append(("skills profiles", harness.fill_skills))
        if MATCHING in harness.flows:
            actions.append(("learning circles", harness.propose_circle))
        if not actions:
            print("  n/a: no flow present")
            return True
        members = [f"member{i:05d}" for i in range(size)]
        for name in members:
            harness.sim.add_user(name)
        harness.connect()
        mix: Counter[str] = Counter()
        for i, name in enumerate(members):
            label, act = actions[i % len(actions)]
            act(name, i)
            mix[label] += 1
        started = time.perf_counter()
        harness.settle()
        wall = time.perf_counter() - started
        counts = harness.counts()
        calls = [r for r in harness.sim.requests]
        taken_429 = sum(1 for r in calls if r.status == 429)
        refused = sum(1 for d in harness.sim.deliveries if not d.ok)
        sent = sum(1 for r in calls if r.status != 429)
        minutes = harness.clock.now / 60
        # A burst starting with a full budget: the first 50 go at once, then 50 a minute, so the last
        # of N calls can go no earlier than (N - 50) / 50 minutes after the first.
        floor = max(0, sent - BUDGET_PER_MINUTE) / BUDGET_PER_MINUTE
        row("member events", f"{size}", ", ".join(f"{n} {k}" for k, n in mix.items()))
        row("deliveries (with circleup's own echoes)", f"{len(harness.sim.deliveries)}",
            f"{refused} refused by the receiver")
        row("events stored and handled", f"{counts['events']}", f"{counts['actions']} outbox actions")
        row("lost (acknowledged, never finished)", f"{counts['unfinished']}")
        row("failed (events + actions)", f"{counts['failed']}")
        row("429 answers taken", f"{taken_429}", f"budget refusals inside circleup: {harness.budget.refusals}")
        row("Discourse calls", f"{sent}", f"{sent / size:.2f} per member event")
        row("simulated time to the last call", f"{minutes:.1f} min",
            f"floor {floor:.1f} min ((calls - {BUDGET_PER_MINUTE}) ÷ {BUDGET_PER_MINUTE}/min)"
            + (f", ratio {minutes / floor:.2f}" if floor else ""))
        row("wall time of the run", f"{wall:.1f} s")
        self_check = within_budget(harness.budget.granted, BUDGET_PER_MINUTE)
        if not self_check:
            row("budget respected", "NO", "more than 50 calls in some sliding minute")
        return (counts["unfinished"] == 0 and counts["failed"] == 0 and taken_429 == 0 and refused == 0
                and self_check)
    finally:
        harness.close()


def within_budget(times: list[float], per_minute: int, window: float = 60.0) -> bool:
    """No `per_minute + 1` requests inside any window: request i and i + per_minute are a window apart."""
    return all(later - earlier >= window for earlier, later in zip(times, times[per_minute:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=None, help="burst size (default 1000, --quick 200)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    size = args.events or (200 if args.quick else 1000)
    flows = present_flows()
    print(f"flows: {', '.join(flow.name for flow in flows) or 'none'}")
    with tempfile.TemporaryDirectory(prefix="circleup-bench-") as tmp:
        calls_per_event(Path(tmp) / "per-event", flows)
        ok = burst(Path(tmp) / "burst", flows, size)
    print("\nOK: nothing lost, nothing failed, no 429" if ok else "\nNOT OK: see the figures above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
